from __future__ import annotations

from pathlib import Path

import polib

from dannguyen.lib import translations

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_complete_and_current_catalogue_has_no_problems():
    po = HEADER + 'msgid "Save"\nmsgstr "Lưu"\n'

    assert translations.check(po, po).ok is True


def test_untranslated_and_fuzzy_entries_are_reported():
    po = HEADER + 'msgid "Save"\nmsgstr ""\n\n#, fuzzy\nmsgid "Cancel"\nmsgstr "Hủy"\n'

    problems = translations.check(po, po)

    assert problems.untranslated == ["Save"]
    assert problems.fuzzy == ["Cancel"]
    assert problems.ok is False


def test_strings_added_or_removed_in_the_code_are_reported():
    committed = HEADER + 'msgid "Old"\nmsgstr "Cũ"\n'
    fresh = HEADER + 'msgid "New"\nmsgstr ""\n'

    problems = translations.check(committed, fresh)

    assert problems.missing == ["New"]
    assert problems.obsolete == ["Old"]


def test_compile_writes_a_loadable_mo_file(tmp_path: Path):
    po_path = tmp_path / "django.po"
    po_path.write_text(HEADER + 'msgid "Save"\nmsgstr "Lưu"\n', encoding="utf-8")

    mo_path = translations.compile_catalogue(po_path)

    assert {e.msgid: e.msgstr for e in polib.mofile(str(mo_path))} == {"Save": "Lưu"}


def test_committed_catalogue_is_complete():
    problems = translations.check(
        translations.CATALOGUE.read_text(encoding="utf-8"),
        translations.CATALOGUE.read_text(encoding="utf-8"),
    )

    assert problems.untranslated == []
    assert problems.fuzzy == []
