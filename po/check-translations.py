#!/usr/bin/env python3
# Keeps the translations current. For every language in po/LINGUAS:
#  1. msgfmt --check accepts the .po as it is (header, format strings);
#  2. merged with a template made now from the files in POTFILES.in, nothing
#     is untranslated or fuzzy, so a string added to the sources without a
#     translation fails here, and is named.
# Nothing in the source tree is written.
#
# To bring a language up to date:
#   ninja -C BUILD hearth-pot hearth-update-po
# then translate what msgattrib --untranslated / --only-fuzzy po/LL.po shows,
# remove the "fuzzy" flags you have checked, and run this test again.
#
# usage: check-translations.py SOURCE_ROOT

import os
import re
import shutil
import subprocess
import sys
import tempfile

# The same options meson's i18n.gettext(preset: 'glib') gives xgettext.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def messages(po_text):
    """The msgids of a .po text, header left out, one line each."""
    found = []
    for block in po_text.split('\n\n'):
        lines = [l for l in block.splitlines() if not l.startswith('#')]
        text = ''
        in_msgid = False
        for line in lines:
            if line.startswith('msgid '):
                in_msgid = True
                text = line[6:].strip()[1:-1]
            elif line.startswith('msg'):
                in_msgid = False
            elif in_msgid and line.startswith('"'):
                text += line[1:-1]
        if text:
            found.append(text)
    return found


def main():
    root = os.path.abspath(sys.argv[1])
    po_dir = os.path.join(root, 'po')
    for tool in ('xgettext', 'msgmerge', 'msgfmt', 'msgattrib'):
        if shutil.which(tool) is None:
            print('translations: %s is not installed (Debian package gettext)' % tool)
            return 77
    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        languages = [w for line in f if not line.startswith('#') for w in line.split()]
    if not languages:
        print('translations: LINGUAS names no language')
        return 1

    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'hearth.pot')
        result = run(['xgettext', *XGETTEXT_ARGS, '--package-name=hearth',
                      '--directory=' + root, '--files-from=' + os.path.join(po_dir, 'POTFILES.in'),
                      '--output=' + pot])
        if result.returncode != 0:
            print('translations: xgettext failed:\n' + result.stderr)
            return 1
        if result.stderr.strip():
            print('translations: xgettext warned:\n' + result.stderr)
            failed = True
        with open(pot, encoding='utf-8') as f:
            total = len(messages(f.read()))

        for lang in languages:
            po = os.path.join(po_dir, lang + '.po')
            if not os.path.exists(po):
                print('translations: %s is in LINGUAS but po/%s.po does not exist' % (lang, lang))
                failed = True
                continue
            result = run(['msgfmt', '--check', '--check-accelerators=_', '--output-file=/dev/null', po])
            if result.returncode != 0:
                print('translations: msgfmt --check rejects po/%s.po:\n%s' % (lang, result.stderr))
                failed = True

            merged = os.path.join(tmp, lang + '.po')
            result = run(['msgmerge', '--quiet', '--output-file=' + merged, po, pot])
            if result.returncode != 0:
                print('translations: msgmerge failed for %s:\n%s' % (lang, result.stderr))
                failed = True
                continue
            untranslated = messages(run(['msgattrib', '--untranslated', '--no-obsolete', merged]).stdout)
            fuzzy = messages(run(['msgattrib', '--only-fuzzy', '--no-obsolete', merged]).stdout)
            for kind, items in (('untranslated', untranslated), ('fuzzy', fuzzy)):
                for msgid in items[:40]:
                    print('translations: %s: %s "%s"' % (lang, kind, msgid))
                if len(items) > 40:
                    print('translations: %s: ... and %d more %s' % (lang, len(items) - 40, kind))
            if untranslated or fuzzy:
                failed = True
                print('translations: po/%s.po is not current: %d of %d messages untranslated, %d fuzzy '
                      '(see the top of po/check-translations.py for how to update it)'
                      % (lang, len(untranslated), total, len(fuzzy)))
            else:
                print('translations: po/%s.po translates all %d messages' % (lang, total))
    return 1 if failed else 0


sys.exit(main())
