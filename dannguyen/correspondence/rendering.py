"""A letter as a Word file in the NĐ 30/2020 layout: the context, the template in force,
the checks an uploaded template must pass, and the redaction of a protected identity.

The shipped template of every kind is the NĐ 30/2020 base built by lib/nd30_template.py
(the kinds differ by data: tên loại, ký hiệu, addressees, wording). An office's own
template is an ordinary .docx with the placeholders of `PLACEHOLDERS`.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Mapping
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from dannguyen.core.fields import cipher
from dannguyen.lib import documents
from dannguyen.lib.documents import BASE_TEMPLATE_PATH, OfficialDocument
from dannguyen.petitions import identity
from dannguyen.petitions.models import Confidentiality, Petition, Urgency

from .models import (
    KIND_INFO,
    SIGNING_PREFIX,
    LetterStatus,
    LetterTemplate,
    OutgoingLetter,
    RecipientType,
)

MAX_TEMPLATE_BYTES: Final = 2 * 1024 * 1024
DEFAULT_OFFICE_SYMBOL: Final = "TTDN"

SECRECY_TEXT = {
    Confidentiality.CONFIDENTIAL: "MẬT",
    Confidentiality.SECRET: "TỐI MẬT",
    Confidentiality.TOP_SECRET: "TUYỆT MẬT",
}
URGENCY_TEXT = {
    Urgency.URGENT: "KHẨN",
    Urgency.VERY_URGENT: "THƯỢNG KHẨN",
    Urgency.IMMEDIATE: "HỎA TỐC",
}

# What an office template may use, shown on the upload page. The first group is the
# NĐ 30/2020 base template's own (lib.nd30_template.PLACEHOLDERS).
PLACEHOLDERS: Final = (
    ("governing_body", gettext_lazy("Governing body (cơ quan chủ quản), in capitals")),
    ("issuing_body", gettext_lazy("Issuing body (the office), in capitals")),
    ("number", gettext_lazy("Number in the outgoing register (“…” on a draft)")),
    ("symbol", gettext_lazy("Symbol, e.g. PC-TTDN")),
    ("summary", gettext_lazy("Subject (trích yếu), without “V/v”")),
    ("urgency", gettext_lazy("Urgency mark (KHẨN …) or empty")),
    ("secrecy", gettext_lazy("Confidentiality mark (MẬT …) or empty")),
    ("date_line", gettext_lazy("Place and date line, e.g. “Ninh Bình, ngày 05 tháng 3 năm 2026”")),
    ("doc_type_name", gettext_lazy("Document type name (empty for a công văn)")),
    ("addressees_text", gettext_lazy("Addressees after “Kính gửi:”")),
    (
        "body_paragraphs",
        gettext_lazy("The paragraphs of the content (a list: {%p for p in body_paragraphs %})"),
    ),
    ("recipients", gettext_lazy("The recipients (nơi nhận), a list")),
    ("archive", gettext_lazy("The archive line after “Lưu:”")),
    ("signer_authority", gettext_lazy("KT./TM./TL. and the position signed for, or empty")),
    ("signer_position", gettext_lazy("The signer's position")),
    ("signer_name", gettext_lazy("The signer's full name")),
    ("kind", gettext_lazy("The kind of letter, in words")),
    ("petition_code", gettext_lazy("The petition's register code, or empty")),
    (
        "petition_received_on",
        gettext_lazy("The date the petition was received (dd/mm/yyyy), or empty"),
    ),
    ("recipient_name", gettext_lazy("The addressee's name (an agency, or the citizen)")),
    ("recipient_address", gettext_lazy("The addressee's address")),
    (
        "agency",
        gettext_lazy("The agency concerned (for a guidance slip: where to send the petition)"),
    ),
    ("due_on", gettext_lazy("The date an answer is due (dd/mm/yyyy), or empty")),
    ("reference", gettext_lazy("The reference the petition step passed (e.g. an earlier letter)")),
)


def office_symbol() -> str:
    return str(getattr(settings, "OFFICE_SYMBOL", DEFAULT_OFFICE_SYMBOL))


def symbol_for(kind: str) -> str:
    """Ký hiệu: the type's abbreviation (Phụ lục III) and the office's; a công văn has none."""
    abbreviation = KIND_INFO[kind].abbreviation
    return f"{abbreviation}-{office_symbol()}" if abbreviation else office_symbol()


def local_today() -> datetime.date:
    return timezone.localdate()


# ------------------------------------------------------------------------- protection


def identity_secrets(petition: Petition | None) -> list[str]:
    """What must never reach a letter about a protected petition (Luật Tố cáo Art 56)."""
    if petition is None or not petition.is_identity_protected:
        return []
    values: list[str] = []
    for signer in petition.signers.select_related("petitioner"):
        p = signer.petitioner
        values.extend([p.full_name, p.id_number, p.phone, p.street, p.address])
    return [v for v in values if v]


def needs_redaction(letter: OutgoingLetter) -> bool:
    """Every letter about a protected petition is redacted, except the notice to the
    citizen themself (which only their custodians may draft and open)."""
    return (
        letter.petition is not None
        and letter.petition.is_identity_protected
        and letter.recipient_type != RecipientType.CITIZEN
    )


def redactor(letter: OutgoingLetter) -> Any:
    secrets = identity_secrets(letter.petition) if needs_redaction(letter) else []

    def clean(text: str) -> str:
        return identity.redact(text, secrets) if secrets else text

    return clean


def shown_body(letter: OutgoingLetter) -> str:
    return str(redactor(letter)(letter.body))


# ------------------------------------------------------------------------- context


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def format_date(value: Any, empty: str = "") -> str:
    """dd/mm/yyyy from a date or an ISO string (as `extra` keeps dates); EMPTY otherwise."""
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str) and value:
        try:
            return f"{datetime.date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    return empty


def addressee_of(letter: OutgoingLetter) -> str:
    if letter.recipient_agency is not None:
        return letter.recipient_agency.name
    return letter.recipient_name


def official_document(letter: OutgoingLetter) -> OfficialDocument:
    clean = redactor(letter)
    info = KIND_INFO[letter.kind]
    prefix = SIGNING_PREFIX.get(letter.signing_mode, "")  # type: ignore[call-overload]
    authority = f"{prefix} {letter.authority_position}".strip() if prefix else ""
    addressee = clean(addressee_of(letter))
    return OfficialDocument(
        governing_body=settings.OFFICE_PARENT_NAME,
        issuing_body=settings.OFFICE_NAME,
        symbol=letter.symbol or symbol_for(letter.kind),
        place=settings.OFFICE_PLACE_NAME,
        summary=clean(letter.subject),
        body_paragraphs=_paragraphs(clean(letter.body)),
        signer_position=letter.signer_position,
        signer_name=letter.signer_name,
        number=letter.number,
        issued_on=letter.issued_on,
        doc_type_name=info.type_name,
        signer_authority=authority,
        addressees=[addressee] if addressee else [],
        recipients=[clean(str(r)) for r in letter.recipients],
        secrecy=SECRECY_TEXT.get(letter.confidentiality, ""),  # type: ignore[call-overload]
        urgency=URGENCY_TEXT.get(letter.urgency, ""),  # type: ignore[call-overload]
    )


def context_of(letter: OutgoingLetter) -> dict[str, Any]:
    clean = redactor(letter)
    extra: Mapping[str, Any] = letter.extra or {}
    petition = letter.petition
    recipient_address = (
        letter.recipient_agency.address if letter.recipient_agency else letter.recipient_address
    )
    return {
        **official_document(letter).to_context(),
        "kind": str(letter.get_kind_display()),
        "petition_code": petition.code if petition else "",
        "petition_received_on": format_date(petition.received_on) if petition else "",
        "recipient_name": clean(addressee_of(letter)),
        "recipient_address": clean(recipient_address),
        "agency": clean(
            letter.recipient_agency.name
            if letter.recipient_agency
            else str(extra.get("agency", ""))
        ),
        "due_on": format_date(extra.get("due_on")),
        "reference": clean(str(extra.get("reference", ""))),
    }


def sample_context() -> dict[str, Any]:
    """Every placeholder with a plausible value: an uploaded template must render it."""
    doc = OfficialDocument(
        governing_body=settings.OFFICE_PARENT_NAME,
        issuing_body=settings.OFFICE_NAME,
        symbol=symbol_for("forwarding_slip"),
        place=settings.OFFICE_PLACE_NAME,
        summary="chuyển đơn của công dân",
        body_paragraphs=["Nội dung thứ nhất.", "Nội dung thứ hai."],
        signer_position="Trưởng phòng",
        signer_name="Nguyễn Văn A",
        number=1,
        issued_on=datetime.date(2026, 3, 5),
        doc_type_name="Phiếu chuyển đơn",
        signer_authority="KT. Trưởng phòng",
        addressees=["Thanh tra tỉnh"],
        recipients=["Như trên"],
    )
    return {
        **doc.to_context(),
        "kind": "Phiếu chuyển đơn",
        "petition_code": "2026/0001",
        "petition_received_on": "02/03/2026",
        "recipient_name": "Thanh tra tỉnh",
        "recipient_address": "Số 1 đường A",
        "agency": "Thanh tra tỉnh",
        "due_on": "20/03/2026",
        "reference": "01/PC-TTDN",
    }


# ------------------------------------------------------------------------- templates


def template_for(kind: str, on: datetime.date) -> LetterTemplate | None:
    """The office's template in force for KIND on ON, or None (the shipped layout)."""
    return (
        LetterTemplate.objects.filter(kind=kind, is_active=True, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from", "-id")
        .first()
    )


def render_docx(template: bytes, context: dict[str, Any]) -> bytes:
    """lib.documents.render_docx in Jinja's sandbox: an office's template is uploaded by
    a person, and a placeholder must never reach Python's internals
    (``{{ ''.__class__.__mro__ … }}``)."""
    doc = DocxTemplate(io.BytesIO(template))
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    doc.render(documents._clean_context(context), jinja_env=env, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def shipped_template() -> bytes:
    return BASE_TEMPLATE_PATH.read_bytes()


def template_bytes(template: LetterTemplate | None) -> bytes:
    if template is None:
        return shipped_template()
    with template.file.open("rb") as stored:
        return stored.read()


def check_template(data: bytes) -> None:
    """Refuse what is not a Word template we can fill: by content, never by name."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_TEMPLATE_BYTES // 2**20}
        )
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError(_("This is not a Word (.docx) file."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise ValidationError(_("This is not a Word (.docx) file."))
            if sum(i.file_size for i in package.infolist()) > 20 * MAX_TEMPLATE_BYTES:
                raise ValidationError(_("The file unpacks to too much data."))
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("The file is damaged: it cannot be opened.")) from exc
    try:
        render_docx(data, sample_context())
    except Exception as exc:  # any failure of a user's template is a field error
        raise ValidationError(
            _("The template cannot be filled: %(error)s. Check its placeholders.")
            % {"error": str(exc)[:200]}
        ) from exc


def letter_date(letter: OutgoingLetter) -> datetime.date:
    return letter.issued_on or local_today()


def render(letter: OutgoingLetter) -> tuple[bytes, LetterTemplate | None]:
    """The letter as a .docx (a draft shows “…” for its number and date)."""
    template = template_for(letter.kind, letter_date(letter))
    return render_docx(template_bytes(template), context_of(letter)), template


def read_issued(letter: OutgoingLetter) -> bytes:
    """The issued original, exactly as frozen at issue."""
    with letter.file.open("rb") as stored:
        return cipher().decrypt(stored.read())


def docx_of(letter: OutgoingLetter) -> bytes:
    """What a download gives: the frozen original once issued, else the draft rendered now."""
    if letter.status == LetterStatus.ISSUED and letter.file:
        return read_issued(letter)
    return render(letter)[0]


def frozen_content(data: bytes) -> bytes:
    return cipher().encrypt(data)


def filename(letter: OutgoingLetter) -> str:
    if letter.number:
        return f"van-ban-di-{letter.year}-{letter.number:04d}.docx"
    return f"du-thao-{letter.pk}.docx"
