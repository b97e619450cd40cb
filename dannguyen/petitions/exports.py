"""The sổ theo dõi đơn (petition register) as an Excel workbook.

Columns follow the Mẫu 03/TCD register (NĐ 154/2026, domain.md §1.3) with the office's
classification beside them. A protected identity is never written: the cell says it is kept
confidential, whoever exports (an export travels; a reveal must name its reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dannguyen.lib.documents import Column, render_xlsx

from . import identity, workflow
from .models import Competence, DuplicateLink, Petition, Verdict


def columns() -> list[Column]:
    return [
        Column(_("No."), width=6),
        Column(_("Code"), width=11, kind="text"),
        Column(_("Received on"), width=11, kind="date"),
        Column(_("Channel"), width=16),
        Column(_("Full name"), width=22),
        Column(_("Address"), width=30),
        Column(_("Identity number"), width=15, kind="text"),
        Column(_("Content"), width=50),
        Column(_("Kind"), width=14),
        Column(_("Field"), width=22),
        Column(_("Number of signers"), width=9, kind="integer"),
        Column(_("Agency that already handled it"), width=24),
        Column(_("Within competence"), width=10),
        Column(_("Competent agency"), width=24),
        Column(_("Eligibility"), width=14),
        Column(_("Status"), width=14),
        Column(_("Specialist"), width=18),
        Column(_("Duplicate of / duplicates"), width=14),
        Column(_("Note"), width=24),
    ]


def _identity_cells(petition: Petition) -> tuple[str, str, str]:
    signers = list(petition.signers.all())
    if petition.is_anonymous:
        return _("Anonymous"), "", ""
    if petition.is_identity_protected:
        mark = str(identity.PROTECTED)
        return mark, mark, mark
    names = "; ".join(s.petitioner.full_name for s in signers)
    main = signers[0].petitioner if signers else None
    return names, (main.address if main else ""), (main.id_number if main else "")


def _duplicate_cell(petition: Petition, originals: dict[int, str]) -> str:
    if petition.pk in originals:
        return _("duplicate of %(code)s") % {"code": originals[petition.pk]}
    count = getattr(petition, "duplicate_count", 0)
    return _("%(n)s duplicates") % {"n": count} if count else ""


def _content(petition: Petition) -> str:
    text = petition.summary or petition.content
    if petition.is_identity_protected:
        secrets = []
        for s in petition.signers.all():
            secrets.extend([s.petitioner.full_name, s.petitioner.id_number, s.petitioner.phone])
        text = identity.redact(text, secrets)
    return text if len(text) <= 1000 else text[:999] + "…"


def rows(petitions: Iterable[Petition], originals: dict[int, str]) -> Iterator[list[Any]]:
    for number, petition in enumerate(petitions, start=1):
        name, address, id_number = _identity_cells(petition)
        competence = {Competence.WITHIN: "x", Competence.OUTSIDE: ""}.get(
            Competence(petition.competence), ""
        )
        yield [
            number,
            petition.code,
            petition.received_on,
            petition.get_channel_display(),
            name,
            address,
            id_number,
            _content(petition),
            petition.get_kind_display() if petition.kind else "",
            petition.main_field.name if petition.main_field else "",
            petition.signer_count,
            petition.previously_handled_by.name if petition.previously_handled_by else "",
            competence,
            petition.competent_agency.name if petition.competent_agency else "",
            petition.get_eligibility_display(),
            petition.get_status_display(),
            petition.assigned_to.get_full_name() if petition.assigned_to else "",
            _duplicate_cell(petition, originals),
            petition.legacy_code,
        ]


def register_xlsx(petitions: Any, *, subtitle: str = "") -> bytes:
    """The register of PETITIONS (a queryset from queries.register) as .xlsx bytes."""
    petitions = petitions.select_related("previously_handled_by")
    originals = dict(
        DuplicateLink.objects.filter(
            verdict=Verdict.DUPLICATE, petition__in=petitions.values("pk")
        ).values_list("petition_id", "original__code")
    )
    title = _("PETITION REGISTER") + f" — {settings.OFFICE_NAME}"
    stamp = _("Exported on %(date)s") % {"date": f"{timezone.localdate():%d/%m/%Y}"}
    return render_xlsx(
        title,
        columns(),
        rows(petitions, originals),
        subtitle=f"{subtitle} · {stamp}" if subtitle else stamp,
        sheet_name=_("Petition register"),
    )


def download(data: bytes, content_type: str, name: str) -> HttpResponse:
    """A stored file as an attachment: NAME made safe, the extension from its content type."""
    response = HttpResponse(data, content_type=content_type)
    extension = workflow.FILE_SUFFIXES.get(content_type, ".bin")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}{extension}"'
    return response
