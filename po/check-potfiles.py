#!/usr/bin/env python3
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in (its strings would never reach translators), when a listed
# file does not exist (xgettext would fail), or when the list is not sorted.
#
# Translatable means: C sources under src/ that call _(), N_(), C_(), NC_(),
# ngettext() or g_dngettext(); GtkBuilder files under ui/ with
# translatable="yes"; and under data/ the .in.in templates and the GSettings
# schemas. Tests and the simulator are not translated.
#
# usage: check-potfiles.py SOURCE_ROOT

import os
import re
import sys

C_CALL = re.compile(r'(?<![\w.>])(?:N|C|NC)?_\s*\(|\b(?:n|g_dn|g_d|g_dc|g_dp)gettext2?\s*\(')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*["\'](?:yes|true|1)["\']', re.IGNORECASE)
XML_TRANSLATABLE = re.compile(r'<(?:summary|description)\b')


def strip_c_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.DOTALL)
    return re.sub(r'//[^\n]*', ' ', text)


def has_strings(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    if path.endswith(('.c', '.h')):
        return C_CALL.search(strip_c_comments(text)) is not None
    if path.endswith('.ui'):
        return UI_TRANSLATABLE.search(text) is not None
    if path.endswith('.gschema.xml'):
        return XML_TRANSLATABLE.search(text) is not None
    return True  # data/*.in.in: a launcher or metainfo always has a name


def candidates(root):
    for top, suffixes in (('src', ('.c', '.h')), ('ui', ('.ui',)),
                          ('data', ('.in.in', '.gschema.xml'))):
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(d for d in dirs if not d.startswith(('.', '_build')))
            for name in sorted(files):
                if name.endswith(suffixes):
                    yield os.path.relpath(os.path.join(folder, name), root)


def main():
    root = sys.argv[1]
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    with open(potfiles, encoding='utf-8') as f:
        listed = [line.strip() for line in f if line.strip() and not line.startswith('#')]

    problems = []
    for path in listed:
        if not os.path.isfile(os.path.join(root, path)):
            problems.append('%s is listed but does not exist' % path)
    if listed != sorted(listed):
        problems.append('POTFILES.in is not sorted (sort it with LC_ALL=C sort)')
    if len(set(listed)) != len(listed):
        problems.append('POTFILES.in lists a file twice')

    missing = [path for path in candidates(root) if path not in listed and has_strings(os.path.join(root, path))]
    for path in missing:
        problems.append('%s has translatable strings but is not in po/POTFILES.in' % path)

    for message in problems:
        print('potfiles: ' + message)
    if missing:
        print('potfiles: add the missing files to po/POTFILES.in, keeping it sorted')
    if not problems:
        print('potfiles: %d files listed, none missing' % len(listed))
    return 1 if problems else 0


sys.exit(main())
