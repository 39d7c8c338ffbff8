#!/usr/bin/env python3
"""Every translatable string of po/POTFILES.in is translated in each language of po/LINGUAS.

Extracts the strings as the gettext build does (xgettext, the glib keywords), merges each
po/LANG.po with them and fails on untranslated or fuzzy messages and on format errors
(msgfmt --check). Usage: check-translations.py SOURCE_ROOT
"""
import os
import subprocess
import sys
import tempfile

root = sys.argv[1]
po = os.path.join(root, 'po')
with open(os.path.join(po, 'LINGUAS')) as f:
    langs = [l.strip() for l in f if l.strip() and not l.startswith('#')]
if not langs:
    sys.exit('po/LINGUAS lists no language')
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'deepkeygen.pot')
    subprocess.run(['xgettext', '--from-code=UTF-8', '--keyword=_', '--keyword=N_',
                    '--keyword=C_:1c,2', '--keyword=NC_:1c,2', '-f',
                    os.path.join(po, 'POTFILES.in'), '-D', root, '-o', pot], check=True)
    failed = False
    for lang in langs:
        merged = os.path.join(tmp, lang + '.po')
        subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged,
                        os.path.join(po, lang + '.po'), pot], check=True)
        r = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged],
                           capture_output=True, text=True)
        print(lang + ':', r.stderr.strip())
        if r.returncode != 0 or 'untranslated' in r.stderr or 'fuzzy' in r.stderr:
            failed = True
            untranslated = subprocess.run(['msgattrib', '--untranslated', merged],
                                          capture_output=True, text=True).stdout
            print(untranslated)
    sys.exit(1 if failed else 0)
