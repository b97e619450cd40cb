"""The sổ đăng ký văn bản đi as an Excel workbook, in the columns of Phụ lục IV of Nghị định
30/2020/NĐ-CP (Art 16: a register kept in the system must print on the same template).

Only issued letters are in the register. A protected denouncer is never written, whoever
exports (an export travels): a notice to them shows the protected mark as its recipient.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from dannguyen.lib.documents import Column, render_xlsx
from dannguyen.petitions import identity

from . import rendering
from .models import KIND_INFO, OutgoingLetter, RecipientType


def columns() -> list[Column]:
    return [
        Column(_("Number"), width=7, kind="integer"),
        Column(_("Symbol"), width=14, kind="text"),
        Column(_("Date"), width=11, kind="date"),
        Column(_("Type and subject"), width=50),
        Column(_("Signer"), width=20),
        Column(_("Recipients"), width=32),
        Column(_("Unit or person keeping the file copy"), width=20),
        Column(_("Number of copies"), width=9, kind="integer"),
        Column(_("Note"), width=20),
    ]


def _recipients(letter: OutgoingLetter) -> str:
    clean = rendering.redactor(letter)
    if letter.recipient_type == RecipientType.CITIZEN and letter.is_citizen_notice_of_protected:
        first = str(identity.PROTECTED)
    else:
        first = clean(rendering.addressee_of(letter))
    others = [clean(str(r)) for r in letter.recipients if str(r).strip() != "Như trên"]
    return "\n".join(r for r in [first, *others] if r)


def rows(letters: Iterable[OutgoingLetter]) -> Iterator[list[Any]]:
    for letter in letters:
        clean = rendering.redactor(letter)
        type_name = KIND_INFO[letter.kind].type_name or "Công văn"
        subject = clean(letter.subject)
        keeper = "VT"
        if letter.drafted_by is not None:
            keeper = f"VT; {letter.drafted_by.get_full_name()}"
        yield [
            letter.number,
            letter.symbol,
            letter.issued_on,
            f"{type_name}: {subject}" if subject else type_name,
            letter.signer_name,
            _recipients(letter),
            keeper,
            letter.copies,
            letter.note,
        ]


def register_xlsx(letters: Iterable[OutgoingLetter], *, subtitle: str = "") -> bytes:
    return render_xlsx(
        _("Outgoing letters register"),
        columns(),
        rows(letters),
        subtitle=subtitle,
        sheet_name=_("Outgoing letters"),
    )
