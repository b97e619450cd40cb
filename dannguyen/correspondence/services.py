"""THE interface other apps call to draft a letter (petitions/workflow.py, reminders).

`draft_letter` fills the kind's default subject, wording, addressee and recipients from the
petition, and never fails on a petition that lacks data (no kind, no summary, no agency):
the specialist completes the draft before it goes for approval. The wording is the
Vietnamese text of the document itself, editable on each draft.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from dannguyen.accounts.models import User
from dannguyen.core.models import Agency
from dannguyen.petitions import identity
from dannguyen.petitions import permissions as petition_permissions
from dannguyen.petitions import queries as petition_queries
from dannguyen.petitions import workflow as petition_workflow
from dannguyen.petitions.models import Petition

from . import rendering, workflow
from .models import LetterKind, OutgoingLetter, RecipientType, recipient_type_of

# The kinds of petition as the letters name them.
PETITION_KIND_WORDS = {
    "complaint": "khiếu nại",
    "denunciation": "tố cáo",
    "petition": "kiến nghị, phản ánh",
    "multiple": "có nhiều nội dung",
}
SUMMARY_LIMIT = 600


def _date(value: Any) -> str:
    return rendering.format_date(value, empty="…")


def _facts(petition: Petition | None, *, redacted: bool) -> dict[str, str]:
    if petition is None:
        return {"code": "…", "received": "…", "kind": "", "summary": ""}
    summary, content = petition_queries.shown_content(petition, revealed=not redacted)
    text = (summary or content or "").strip().rstrip(".")
    if len(text) > SUMMARY_LIMIT:
        text = text[: SUMMARY_LIMIT - 1].rstrip() + "…"
    return {
        "code": petition.code or "…",
        "received": _date(petition.received_on),
        "kind": PETITION_KIND_WORDS.get(petition.kind or "", ""),
        "summary": text,
    }


def _defaults(
    kind: str, petition: Petition | None, agency_name: str, extra: Mapping[str, Any]
) -> tuple[str, str, list[str]]:
    """Subject, body and recipients of a new draft of KIND."""
    office = settings.OFFICE_NAME
    redacted = recipient_type_of(kind) != RecipientType.CITIZEN
    f = _facts(petition, redacted=redacted)
    letter_of = f"đơn {f['kind']}".strip() if f["kind"] else "đơn"
    about = f" với nội dung: {f['summary']}" if f["summary"] else ""
    agency = agency_name or "cơ quan có thẩm quyền"
    received = (
        f"Ngày {f['received']}, {office} nhận được {letter_of} (số vào sổ {f['code']}){about}"
    )
    protect = (
        "Đề nghị giữ bí mật họ tên, địa chỉ, bút tích và thông tin cá nhân của người tố cáo "
        "theo quy định của Luật Tố cáo."
        if petition is not None and petition.is_identity_protected
        else ""
    )
    due = _date(extra.get("due_on")) if extra.get("due_on") else ""
    reference = str(extra.get("reference", "")).strip()
    to_agency = ["Như trên", "Lãnh đạo Văn phòng (để báo cáo)"]
    if kind == LetterKind.FORWARDING_SLIP:
        body = "\n".join(
            p
            for p in (
                f"{received}.",
                f"Căn cứ quy định của pháp luật, {office} chuyển đơn đến {agency} để xem xét, "
                "giải quyết theo thẩm quyền và thông báo kết quả cho công dân và "
                f"{office} biết.",
                protect,
            )
            if p
        )
        return f"chuyển {letter_of} số {f['code']}", body, to_agency
    if kind == LetterKind.FORWARDING_LETTER:
        body = "\n".join(
            p
            for p in (
                f"{received}.",
                f"Sau khi nghiên cứu, {office} thấy nội dung đơn thuộc thẩm quyền giải quyết "
                f"của {agency}. {office} chuyển đơn (kèm theo) đến {agency} để xem xét, giải "
                "quyết theo quy định của pháp luật và thông báo kết quả giải quyết bằng văn "
                f"bản cho {office}.",
                protect,
            )
            if p
        )
        return f"chuyển {letter_of} của công dân", body, to_agency
    if kind == LetterKind.URGING_LETTER:
        sent = f" (văn bản số {reference})" if reference else ""
        deadline = f" đến ngày {due}" if due else ""
        body = "\n".join(
            p
            for p in (
                f"{office} đã chuyển {letter_of} số {f['code']}{sent} đến {agency} để xem xét, "
                "giải quyết theo thẩm quyền.",
                f"Thời hạn giải quyết{deadline} đã hết nhưng {office} chưa nhận được văn bản "
                "trả lời.",
                f"Đề nghị {agency} khẩn trương giải quyết và thông báo kết quả bằng văn bản "
                f"cho {office}.",
                protect,
            )
            if p
        )
        return f"đôn đốc giải quyết {letter_of} số {f['code']}", body, to_agency
    if kind == LetterKind.GUIDANCE_SLIP:
        body = "\n".join(
            (
                f"{received}.",
                f"Nội dung đơn không thuộc thẩm quyền giải quyết của {office}. Đề nghị công "
                f"dân gửi đơn đến {agency} để được xem xét, giải quyết theo quy định của pháp "
                "luật.",
            )
        )
        return f"hướng dẫn công dân về {letter_of} số {f['code']}", body, ["Như trên"]
    if kind == LetterKind.CITIZEN_NOTICE:
        body = "\n".join(
            (
                f"{received}.",
                f"{office} thông báo để công dân biết: {reference or '…'}",
            )
        )
        return f"kết quả xử lý {letter_of} số {f['code']}", body, ["Như trên"]
    body = "\n".join(
        (
            f"{received}.",
            "Đề xuất hướng xử lý: …",
        )
    )
    return f"đề xuất xử lý {letter_of} số {f['code']}", body, ["Lãnh đạo phòng"]


def _citizen(petition: Petition | None) -> tuple[str, str]:
    if petition is None:
        return "", ""
    signer = petition.signers.select_related("petitioner").order_by("order", "id").first()
    if signer is None or petition.is_anonymous:
        return "", ""
    return signer.petitioner.full_name, signer.petitioner.address


def draft_letter(
    *,
    kind: str,
    by: User | None,
    petition: Petition | None = None,
    recipient_agency: Agency | None = None,
    recipient_name: str = "",
    recipient_address: str = "",
    subject: str = "",
    body: str = "",
    extra: Mapping[str, Any] | None = None,
    now: datetime.datetime | None = None,
    reveal_reason: str = "",
) -> OutgoingLetter:
    """A new draft of KIND, about PETITION when given, with the kind's default wording.

    A letter to the citizen of a protected petition names the denouncer: only the
    petition's custodians may draft it (PermissionDenied otherwise), and taking the name
    and address is logged as a reveal (REVEAL_REASON, or the drafting itself).
    A letter to an agency never carries a protected identity (redacted when rendered).
    """
    kind = LetterKind(kind)
    extra = dict(extra or {})
    recipient_type = recipient_type_of(kind)
    if recipient_type == RecipientType.AGENCY and recipient_agency is None and petition:
        recipient_agency = petition.competent_agency
    if recipient_type == RecipientType.CITIZEN and petition is not None:
        if petition.is_identity_protected and (
            by is None or not petition_permissions.can_reveal_identity(by, petition)
        ):
            raise PermissionDenied(
                _("Only the custodians of a protected identity may write to the denouncer.")
            )
        if not recipient_name and not recipient_address:
            recipient_name, recipient_address = _citizen(petition)
            if petition.is_identity_protected and recipient_name and by is not None:
                petition_workflow.reveal_identity(
                    petition,
                    by=by,
                    reason=reveal_reason.strip()
                    or _("Name and address for a letter to the denouncer"),
                    what=_("name and address in an outgoing letter"),
                    now=now,
                )
    if recipient_type != RecipientType.CITIZEN and petition is not None:
        # Never copy a protected petitioner into an agency's or the office's letter.
        secrets = rendering.identity_secrets(petition)
        if secrets and (recipient_name or recipient_address):
            recipient_name = identity.redact(recipient_name, secrets)
            recipient_address = identity.redact(recipient_address, secrets)
    agency_name = recipient_agency.name if recipient_agency else recipient_name
    if recipient_type != RecipientType.AGENCY:
        # To a citizen or internal, an agency is the one the letter points to, not the
        # addressee (a guidance slip names where to send the đơn).
        guided_to = recipient_agency or (petition.competent_agency if petition else None)
        agency_name = guided_to.name if guided_to else ""
        if guided_to is not None:
            extra.setdefault("agency", guided_to.name)
        recipient_agency = None
    default_subject, default_body, recipients = _defaults(kind, petition, agency_name, extra)
    values = {
        "recipient_name": recipient_name.strip()[:300],
        "recipient_address": recipient_address.strip()[:500],
        "subject": (subject.strip() or default_subject)[:500],
        "body": body.strip() or default_body,
        "signer_position": "Trưởng phòng",
        "recipients": recipients,
    }
    return workflow.create_draft(
        kind=kind,
        by=by,
        petition=petition,
        recipient_agency=recipient_agency,
        values=values,
        extra={k: _jsonable(v) for k, v in extra.items()},
        now=now,
    )


def log_opening(letter: OutgoingLetter, *, by: Any, what: str, source: str = "web") -> None:
    """Opening a letter that names a protected denouncer is a reveal: logged each time."""
    if letter.is_citizen_notice_of_protected and letter.petition is not None:
        petition_workflow.reveal_identity(
            letter.petition,
            by=by,
            reason=_("Opened the letter to the denouncer (%(letter)s)") % {"letter": letter},
            what=what,
            source=source,
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
