#!/usr/bin/env python3
# check-layers.py: the layers of src/, checked on every #include
#
#   src/app, src/cli     the faces: ask HearthHome, build the driver set
#   src/drivers          one family per group of files (libhearth-drivers)
#   src/core             the engine (libhearth-core)
#
# Each #include in a file of src/ that reaches into another folder of src/
# is an edge; the header it names brings along everything it includes in
# turn (so a face that includes the umbrella "hearth.h" includes
# hearth-link.h too). An edge breaks a rule when that header, or anything it
# brings, is in a folder or has a name the rule forbids.
#
# The test fails on any edge that breaks a rule and is not ALLOWED, and on
# an ALLOWED entry that no longer breaks one (so the list cannot go stale:
# delete the entry).
#
# usage: check-layers.py SOURCE_ROOT
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

# Who may not include what. 'folders': nothing from there; 'headers': none
# of these (wherever they are).
RULES = [
    {
        'who': ['src/core'],
        'folders': ['src/drivers', 'src/app', 'src/cli'],
        'why': 'the engine knows no device family and no face',
    },
    {
        'who': ['src/drivers'],
        'folders': ['src/app', 'src/cli'],
        'why': 'the drivers know no face',
    },
    {
        'who': ['src/app', 'src/cli'],
        'folders': ['src/drivers'],
        'headers': ['hearth-link.h', 'hearth-driver.h', 'hearth-drivers.h',
                    'hearth-secrets.h', 'hearth-http.h', 'hearth-http-queue.h'],
        'why': 'the faces ask HearthHome; links, drivers, the keyring and '
               'HTTP are the engine\'s',
    },
]

# For good: the one place each face builds its driver set and hands it to
# hearth_home_new() (the app's demo home gets it from there too).
ALLOWED = {
    ('src/app/hearth-application.c', 'hearth-drivers.h'),
    ('src/cli/hearthctl.c', 'hearth-drivers.h'),
}


INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)
SOURCE = ('.c', '.h')


def folder_of(path):
    """'src/core/hearth-home.c' -> 'src/core'"""
    return os.path.dirname(path)


def scan(root):
    files = {}
    for top in ('src',):
        for dirpath, _dirs, names in os.walk(os.path.join(root, top)):
            for name in names:
                if name.endswith(SOURCE):
                    path = os.path.relpath(os.path.join(dirpath, name), root)
                    with open(os.path.join(root, path), encoding='utf-8') as f:
                        files[path] = [m.group(2) for m in INCLUDE.finditer(f.read())]
    return files


def resolve(files, by_name, includer, name):
    """The files of src/ an #include may mean: next to the includer, from
    the source root, else any header of that name (the include path holds
    several folders); [] for a system header."""
    for candidate in (os.path.normpath(os.path.join(folder_of(includer), name)),
                      os.path.normpath(name)):
        if candidate in files:
            return [candidate]
    return by_name.get(os.path.basename(name), [])


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    files = scan(root)
    by_name = {}
    for path in sorted(files):
        by_name.setdefault(os.path.basename(path), []).append(path)

    closures = {}

    def brings(path):
        """path and every file of src/ it includes, directly or not"""
        if path not in closures:
            closures[path] = {path}
            for name in files[path]:
                for target in resolve(files, by_name, path, name):
                    closures[path] |= brings(target)
        return closures[path]

    offences = {}   # (file, include) -> [why]
    for path in sorted(files):
        for rule in RULES:
            if folder_of(path) not in rule['who']:
                continue
            for name in files[path]:
                for target in resolve(files, by_name, path, name):
                    if folder_of(target) == folder_of(path):
                        continue   # checked at that header's own edges
                    bad = sorted(f for f in brings(target)
                                 if folder_of(f) in rule.get('folders', [])
                                 or os.path.basename(f) in rule.get('headers', []))
                    if bad:
                        offences.setdefault((path, name), []).append(
                            '%s (%s)' % (', '.join(bad), rule['why']))

    failed = False
    for edge in sorted(offences):
        if edge in ALLOWED:
            continue
        failed = True
        print('FORBIDDEN: %s includes "%s", which brings %s'
              % (edge[0], edge[1], '; '.join(offences[edge])))
    for edge in sorted(ALLOWED - offences.keys()):
        failed = True
        print('STALE: %s no longer includes "%s": move or delete its entry in '
              'ALLOWED in tests/check-layers.py' % edge)

    print('%d files checked' % len(files))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
