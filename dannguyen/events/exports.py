"""Files of an event: the invitation letter (giấy mời) to one participant and the closing
report (báo cáo kết quả), both in the NĐ 30/2020 layout (Phụ lục I: giấy mời "GM", báo cáo
"BC"), issued by the Văn phòng; and the events calendar as iCalendar (RFC 5545), built the
way the reception calendar is."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.correspondence.models import LetterKind, LetterStatus
from dannguyen.correspondence.rendering import symbol_for
from dannguyen.lib import icalendar
from dannguyen.lib.documents import OfficialDocument, render_official_document

from .models import Event, EventStatus, Participant

ICS_CONTENT_TYPE = icalendar.CONTENT_TYPE
REPORT_SYMBOL = "BC-VP"


def _issuer() -> dict[str, str]:
    return {
        "governing_body": "",
        "issuing_body": settings.OFFICE_PARENT_NAME,
        "signer_authority": "",
        "signer_position": "Chánh Văn phòng",
    }


def _split_number(text: str, default_symbol: str) -> tuple[str | None, str]:
    """ "12/BC-VP" → ("12", "BC-VP"); nothing typed → a draft's number."""
    number, _sep, symbol = text.strip().partition("/")
    if not number:
        return None, default_symbol
    return number, symbol or default_symbol


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _moment(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def _when(event: Event) -> str:
    return _("from %(a)s to %(b)s") % {"a": _moment(event.starts_at), "b": _moment(event.ends_at)}


def _agenda_lines(event: Event) -> list[str]:
    lines = []
    for item in event.agenda.all():
        line = f"- {timezone.localtime(item.starts_at):%H:%M %d/%m}: {item.title}"
        if item.speakers:
            line += f" ({item.speakers})"
        lines.append(line)
    return lines


def _invitee(participant: Participant) -> str:
    if participant.user is not None:
        position = participant.user.position
        name = participant.user.get_full_name()
        return f"{name}, {position}" if position else name
    if participant.agency is not None:
        return _("Representative of the leadership of %(agency)s") % {
            "agency": participant.agency.name
        }
    return (
        f"{participant.guest_name}, {participant.guest_position}"
        if participant.guest_position
        else participant.guest_name
    )


def _invitation_body(event: Event, invitees: list[str]) -> list[str]:
    body = [
        _("%(office)s respectfully invites:") % {"office": settings.OFFICE_PARENT_NAME},
        *invitees,
        _("To attend: %(title)s, organised by %(organiser)s.")
        % {"title": event.title, "organiser": event.organiser},
    ]
    if event.co_organisers:
        body.append(_("Co-organised by: %(names)s.") % {"names": event.co_organisers})
    body.append(_("Time: %(when)s.") % {"when": _when(event)})
    body.append(_("Place: %(place)s.") % {"place": event.place})
    body += _lines(event.description)
    agenda = _agenda_lines(event)
    if agenda:
        body.append(_("Programme:"))
        body += agenda
    body.append(
        _("Please confirm your attendance to the office (%(office)s) before the event.")
        % {"office": settings.OFFICE_NAME}
    )
    return body


def invitation_letter_values(event: Event, participants: list[Participant]) -> dict[str, Any]:
    """What the giấy mời in the sổ văn bản đi says: everyone on the list, one letter."""
    return {
        "recipient_name": _("The participants as invited"),
        "subject": event.title[:500],
        "body": "\n".join(_invitation_body(event, [f"- {_invitee(p)}" for p in participants])),
        "signer_position": "Trưởng phòng",
        "recipients": [str(_("As invited")), "Lưu: VT"],
    }


def invitation_docx(event: Event, participant: Participant) -> bytes:
    """The giấy mời to one participant. Once the event's letter is issued it carries the
    letter's number and date in the sổ văn bản đi; before, a draft's "…"."""
    letter = event.invitation_letter
    issued = letter is not None and letter.status == LetterStatus.ISSUED
    doc = OfficialDocument(
        governing_body=settings.OFFICE_PARENT_NAME,
        issuing_body=settings.OFFICE_NAME,
        symbol=letter.symbol if issued and letter else symbol_for(LetterKind.INVITATION),
        number=letter.number if issued and letter else None,
        place=settings.OFFICE_PLACE_NAME,
        issued_on=letter.issued_on if issued and letter else None,
        doc_type_name="Giấy mời",
        summary=event.title,
        body_paragraphs=_invitation_body(event, [_invitee(participant)]),
        signer_authority="",
        signer_position=letter.signer_position if letter else "Trưởng phòng",
        signer_name=letter.signer_name if issued and letter else "",
        recipients=[_("As invited")],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    return render_official_document(doc)


def report_docx(event: Event) -> bytes:
    issuer = _issuer()
    number, symbol = _split_number(event.report_number, REPORT_SYMBOL)
    participants = list(event.participants.all())
    invited = [p for p in participants if p.is_invited]
    attended = [p for p in participants if p.attended]
    body = [
        _("I. OVERVIEW"),
        _("%(kind)s: %(title)s, organised by %(organiser)s.")
        % {"kind": event.get_kind_display(), "title": event.title, "organiser": event.organiser},
    ]
    if event.co_organisers:
        body.append(_("Co-organised by: %(names)s.") % {"names": event.co_organisers})
    body.append(_("Time: %(when)s.") % {"when": _when(event)})
    body.append(_("Place: %(place)s.") % {"place": event.place})
    if event.budget_line:
        body.append(_("Budget: %(line)s.") % {"line": event.budget_line})
    body.append(
        _("Invited: %(invited)s; attended: %(attended)s.")
        % {"invited": len(invited), "attended": len(attended)}
    )
    if attended:
        body.append(
            _("Attended by: %(names)s.")
            % {"names": "; ".join(p.attendee_name or p.name for p in attended)}
        )
    agenda = _agenda_lines(event)
    if agenda:
        body.append(_("II. PROGRAMME"))
        body += agenda
    body.append(_("III. RESULTS"))
    body += _lines(event.results)
    if event.proposals:
        body.append(_("IV. PROPOSALS"))
        body += _lines(event.proposals)
    tasks = list(event.tasks.all())
    if tasks:
        body.append(_("V. FOLLOW-UP"))
        body += [
            _("- %(task)s (%(owner)s, due %(due)s)")
            % {"task": t.title, "owner": t.owner.get_full_name(), "due": f"{t.due_on:%d/%m/%Y}"}
            for t in tasks
        ]
    doc = OfficialDocument(
        governing_body=issuer["governing_body"],
        issuing_body=issuer["issuing_body"],
        symbol=symbol,
        number=number,
        place=settings.OFFICE_PLACE_NAME,
        issued_on=event.reported_on if number else None,
        doc_type_name="Báo cáo",
        summary=_("Results of %(title)s") % {"title": event.title},
        body_paragraphs=body,
        signer_authority=issuer["signer_authority"],
        signer_position=issuer["signer_position"],
        signer_name="",
        recipients=[event.organiser],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    return render_official_document(doc)


# ------------------------------------------------------------------------- iCalendar


def _entry(event: Event, *, base_url: str) -> icalendar.Entry:
    description = [event.get_kind_display(), f"{_('Organiser')}: {event.organiser}"]
    if event.description:
        description.append(event.description)
    return icalendar.Entry(
        uid=f"event-{event.pk}@dannguyen-{settings.OFFICE_PROVINCE_CODE}",
        modified_at=event.updated_at,
        sequence=event.version,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        location=event.place,
        description="\n".join(description),
        cancelled=event.status == EventStatus.CANCELLED,
        url=f"{base_url}{event.get_absolute_url()}" if base_url else "",
        public=event.is_public,
    )


def calendar_ics(events: Iterable[Event], *, name: str, base_url: str = "") -> bytes:
    return icalendar.calendar(
        (_entry(event, base_url=base_url) for event in events), name=name, product="Hoi nghi"
    )
