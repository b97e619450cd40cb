"""Compile and check the `vi` catalogue without GNU gettext's msgfmt.

`compile` writes django.mo from django.po with polib, so `make run` works on a machine
with nothing but Python. `check` (used by the `check_translations` command) reports
untranslated and fuzzy entries and msgids that the code no longer, or not yet, has.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def compile_catalogue(po_path: Path = CATALOGUE) -> Path:
    catalogue = polib.pofile(str(po_path))
    mo_path = po_path.with_suffix(".mo")
    catalogue.save_as_mofile(str(mo_path))
    return mo_path


def entry_key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@dataclass
class CatalogueProblems:
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.untranslated or self.fuzzy or self.missing or self.obsolete)

    def lines(self) -> list[str]:
        out: list[str] = []
        for label, items in (
            ("untranslated", self.untranslated),
            ("fuzzy", self.fuzzy),
            ("in the code but not in the committed catalogue", self.missing),
            ("in the catalogue but no longer in the code", self.obsolete),
        ):
            out.extend(f"{label}: {item!r}" for item in items)
        return out


def check(committed_text: str, fresh_text: str) -> CatalogueProblems:
    """Compare the committed catalogue with one freshly extracted from the code."""
    committed = polib.pofile(committed_text)
    fresh = polib.pofile(fresh_text)
    problems = CatalogueProblems()
    for entry in committed:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.fuzzy.append(entry.msgid)
        elif not entry.translated():
            problems.untranslated.append(entry.msgid)
    committed_keys = {entry_key(e) for e in committed if not e.obsolete}
    fresh_keys = {entry_key(e) for e in fresh if not e.obsolete}
    problems.missing = sorted(k[1] for k in fresh_keys - committed_keys)
    problems.obsolete = sorted(k[1] for k in committed_keys - fresh_keys)
    return problems


if __name__ == "__main__":
    if sys.argv[1:] == ["compile"]:
        print(f"compiled {compile_catalogue().relative_to(ROOT)}")
    else:
        sys.exit("usage: python -m dannguyen.lib.translations compile")
