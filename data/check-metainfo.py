#!/usr/bin/env python3
# What appstreamcli does not check about our metainfo: the newest release is
# this version, and every screenshot it names is a PNG in data/screenshots/
# (the URLs point at that folder of the repository, so a renamed or missing
# file is a broken software-centre page).
#
# usage: check-metainfo.py METAINFO SCREENSHOTS_DIR PROJECT_VERSION

import datetime
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

URL_PREFIX = 'https://raw.githubusercontent.com/hearthapp/hearth/main/data/screenshots/'

problems = []


def problem(message):
    problems.append(message)


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def main():
    metainfo, shots_dir, version = sys.argv[1:4]
    root = ET.parse(metainfo).getroot()
    app_id = root.findtext('id')

    launchable = root.find("launchable[@type='desktop-id']")
    if launchable is None or launchable.text != app_id + '.desktop':
        problem('the launchable is not %s.desktop' % app_id)
    if root.find("provides/binary") is None or root.findtext("provides/binary") != 'hearth':
        problem('<provides> does not name the binary "hearth"')
    rating = root.find('content_rating')
    if rating is None or rating.get('type') != 'oars-1.1':
        problem('there is no OARS 1.1 content rating')

    releases = root.findall('releases/release')
    if not releases:
        problem('there are no releases')
    else:
        newest = releases[0]
        if newest.get('version') != version:
            problem('the newest release is %s, but the project version is %s: add a <release>'
                    % (newest.get('version'), version))
        for release in releases:
            try:
                datetime.date.fromisoformat(release.get('date', ''))
            except ValueError:
                problem('release %s has no date in YYYY-MM-DD form' % release.get('version'))
            if release.find('description') is None:
                problem('release %s has no description' % release.get('version'))

    shots = root.findall('screenshots/screenshot')
    if not shots:
        problem('there are no screenshots')
    if len([s for s in shots if s.get('type') == 'default']) != 1:
        problem('exactly one screenshot must be the default')
    for shot in shots:
        url = (shot.findtext('image') or '').strip()
        if not shot.findtext('caption'):
            problem('screenshot %s has no caption' % url)
        if not url.startswith(URL_PREFIX) or not re.fullmatch(r'[a-z0-9-]+\.png', url[len(URL_PREFIX):]):
            problem('screenshot URL %s is not %sNAME.png' % (url, URL_PREFIX))
            continue
        path = os.path.join(shots_dir, url[len(URL_PREFIX):])
        if not os.path.exists(path):
            problem('screenshot %s is missing from data/screenshots/' % os.path.basename(path))
            continue
        size = png_size(path)
        if size is None:
            problem('%s is not a PNG' % path)
        elif size[0] < 360 or size[1] < 300 or max(size) > 3840:
            problem('%s is %dx%d: not a sensible screenshot size' % (path, size[0], size[1]))

    for message in problems:
        print('metainfo: ' + message)
    if not problems:
        print('metainfo: %d releases, %d screenshots, all present' % (len(releases), len(shots)))
    return 1 if problems else 0


sys.exit(main())
