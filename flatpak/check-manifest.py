#!/usr/bin/env python3
# The Flatpak manifest parses, for flatpak-builder itself when it is installed
# (--show-manifest; a warning about an unknown property or source type fails
# too) and always for the rules that matter to us:
#  - the GNOME runtime and SDK, a numbered (stable) runtime version, command hearth;
#  - finish-args exactly the minimal set: no filesystem, no X11 unless as
#    fallback, no other bus names (libsecret goes through the Secret portal);
#  - every downloaded source pinned by sha256;
#  - the app itself last, built with meson from this tree.
#
# usage: check-manifest.py MANIFEST APP_ID

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
    '--system-talk-name=org.freedesktop.Avahi',
}

problems = []


def check_module(module, where):
    if not isinstance(module, dict):
        return  # a path to another manifest file: flatpak-builder checks it
    for source in module.get('sources', []):
        if not isinstance(source, dict):
            continue
        if source.get('type') in ('archive', 'file'):
            if not str(source.get('url', '')).startswith('https://'):
                problems.append('%s: source %s is not fetched over https' % (where, source.get('url')))
            if not re.fullmatch(r'[0-9a-f]{64}', str(source.get('sha256', ''))):
                problems.append('%s: source %s has no sha256' % (where, source.get('url')))
        if source.get('type') == 'git' and not source.get('commit') and not source.get('tag'):
            problems.append('%s: git source %s is pinned to no commit or tag' % (where, source.get('url')))
    for child in module.get('modules', []):
        check_module(child, where + '/' + child.get('name', '?') if isinstance(child, dict) else where)


def main():
    manifest, app_id = sys.argv[1:3]
    manifest = os.path.abspath(manifest)

    builder = shutil.which('flatpak-builder')
    if builder is not None:
        with tempfile.TemporaryDirectory() as tmp:  # it leaves a .flatpak-builder/ behind
            result = subprocess.run([builder, '--show-manifest', manifest],
                                    capture_output=True, text=True, cwd=tmp)
        if result.returncode != 0 or 'WARNING' in result.stderr or 'CRITICAL' in result.stderr:
            problems.append('flatpak-builder --show-manifest does not accept it:\n' + result.stderr.strip())
        print('manifest: flatpak-builder --show-manifest: %s'
              % ('accepted' if result.returncode == 0 else 'rejected'))
    else:
        print('manifest: flatpak-builder is not installed; checking the JSON only')

    with open(manifest, encoding='utf-8') as f:
        data = json.load(f)

    expected = {
        'id': app_id,
        'runtime': 'org.gnome.Platform',
        'sdk': 'org.gnome.Sdk',
        'command': 'hearth',
    }
    for key, value in expected.items():
        if data.get(key) != value:
            problems.append('"%s" is %r, not %r' % (key, data.get(key), value))
    version = data.get('runtime-version')
    if not isinstance(version, str) or not re.fullmatch(r'\d+', version):
        problems.append('"runtime-version" is %r, not a stable GNOME version such as "49"' % version)

    args = data.get('finish-args', [])
    if len(args) != len(set(args)):
        problems.append('finish-args has duplicates')
    for arg in sorted(set(args) - FINISH_ARGS):
        problems.append('finish-args has %s, which Hearth does not need' % arg)
    for arg in sorted(FINISH_ARGS - set(args)):
        problems.append('finish-args lacks %s' % arg)

    modules = data.get('modules', [])
    if not modules or not isinstance(modules[-1], dict):
        problems.append('there are no modules')
    else:
        for module in modules:
            check_module(module, module.get('name', '?') if isinstance(module, dict) else module)
        app = modules[-1]
        if app.get('buildsystem') != 'meson':
            problems.append('the last module (%s) is not built with meson' % app.get('name'))
        sources = app.get('sources', [])
        if not any(isinstance(s, dict) and s.get('type') == 'dir' and s.get('path') == '..' for s in sources):
            problems.append('the last module is not built from this tree (a "dir" source at "..")')
        names = [m.get('name') for m in modules if isinstance(m, dict)]
        if 'avahi' not in names:
            problems.append('no avahi module: the GNOME runtime has no avahi-client or avahi-glib')

    for message in problems:
        print('manifest: ' + message)
    if not problems:
        print('manifest: %s, runtime %s %s, %d modules, minimal finish-args'
              % (data['id'], data['runtime'], data['runtime-version'], len(modules)))
    return 1 if problems else 0


sys.exit(main())
