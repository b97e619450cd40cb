"""Events workflow: the only module that changes `Event.status` and a participant's
invitation or attendance.

    planned ──send_invitations──▶ invited ──mark_held──▶ held ──report──▶ reported
       └──────────── cancel ───────────┘

Every verb runs in one transaction with the `EventHistory` row it writes, on the stored
row locked with select_for_update, and refuses when the event's `version` is not the one
the user saw: two people acting at once cannot both succeed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.models import Role
from dannguyen.correspondence import workflow as letters
from dannguyen.correspondence.models import LetterKind, LetterStatus, OutgoingLetter

from . import exports
from .forms import PPTX_CONTENT_TYPE
from .models import (
    INVITED,
    AgendaItem,
    DocumentKind,
    Event,
    EventDocument,
    EventHistory,
    EventStatus,
    FollowUpTask,
    HistoryAction,
    Invitation,
    Participant,
    ParticipantKind,
)

S = EventStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PLANNED, S.INVITED): HistoryAction.INVITATIONS_SENT,
    (S.INVITED, S.HELD): HistoryAction.HELD,
    (S.HELD, S.REPORTED): HistoryAction.REPORTED,
    (S.PLANNED, S.CANCELLED): HistoryAction.CANCELLED,
    (S.INVITED, S.CANCELLED): HistoryAction.CANCELLED,
}
# Where the programme and the participants may still change.
EDITABLE = frozenset({S.PLANNED, S.INVITED})
# Where replies are taken and attendance recorded.
REPLIES_OPEN = frozenset({S.INVITED})
ATTENDANCE_OPEN = frozenset({S.INVITED, S.HELD})
# Documents and follow-up tasks: until the event is reported, and after (minutes come late).
DOCUMENTS_OPEN = frozenset({S.PLANNED, S.INVITED, S.HELD, S.REPORTED})


class EventError(Exception):
    """A refusal, said in the user's language."""


class StaleEvent(EventError):
    """The event changed since the user read it (the API answers 409)."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise EventError(message)


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _history(
    event: Event, action: str, *, by: Any, from_status: str, note: str = ""
) -> EventHistory:
    return EventHistory.objects.create(
        event=event,
        at=timezone.now(),
        actor=_actor(by),
        action=action,
        from_status=from_status,
        to_status=event.status,
        note=note[:1000],
    )


def _lock(event: Event, version: int | None) -> Event:
    stored = Event.objects.select_for_update().get(pk=event.pk)
    if version is not None and stored.version != version:
        raise StaleEvent(_("The event was changed by someone else meanwhile: reload the page."))
    return stored


def _bump(event: Event) -> None:
    Event.objects.filter(pk=event.pk).update(version=F("version") + 1, updated_at=timezone.now())
    event.version += 1


def check_dates(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    _check(ends_at >= starts_at, _("The event cannot end before it starts."))


def check_agenda_dates(
    event: Event, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> None:
    _check(ends_at >= starts_at, _("An agenda item cannot end before it starts."))
    _check(
        event.starts_at <= starts_at and ends_at <= event.ends_at,
        _("An agenda item must lie within the event's dates."),
    )


# ------------------------------------------------------------------------- event


@transaction.atomic
def create_event(*, values: dict[str, Any], by: Any) -> Event:
    check_dates(values["starts_at"], values["ends_at"])
    event = Event.objects.create(**values, created_by=_actor(by))
    _history(event, HistoryAction.CREATED, by=by, from_status=event.status)
    return event


@transaction.atomic
def edit_event(event: Event, *, values: dict[str, Any], version: int, by: Any) -> Event:
    stored = _lock(event, version)
    _check(stored.status in EDITABLE, _("This event can no longer be changed."))
    check_dates(values["starts_at"], values["ends_at"])
    outside = stored.agenda.exclude(
        starts_at__gte=values["starts_at"], ends_at__lte=values["ends_at"]
    )
    _check(
        not outside.exists(),
        _("Some agenda items would fall outside the new dates: change them first."),
    )
    for name, value in values.items():
        setattr(stored, name, value)
    stored.version += 1
    stored.save()
    _history(stored, HistoryAction.EDITED, by=by, from_status=stored.status)
    return stored


@transaction.atomic
def send_invitations(event: Event, *, version: int, by: Any, on: datetime.date) -> int:
    """Marks every participant not yet invited as invited on ON; the first time, the event
    moves to "invitations sent". Returns how many were invited now."""
    stored = _lock(event, version)
    _check(stored.status in EDITABLE, _("Invitations cannot be sent for an event in this status."))
    pending = stored.participants.filter(invitation=Invitation.PENDING)
    count = pending.update(invitation=Invitation.SENT, invited_on=on)
    _check(count > 0, _("Nobody is waiting for an invitation: add participants first."))
    previous = stored.status
    stored.status = S.INVITED
    stored.version += 1
    stored.save(update_fields=["status", "version", "updated_at"])
    note = _("%(n)s invited") % {"n": count}
    _history(stored, HistoryAction.INVITATIONS_SENT, by=by, from_status=previous, note=note)
    return count


def _move(event: Event, to: str, *, version: int, by: Any, note: str = "") -> Event:
    stored = _lock(event, version)
    action = TRANSITIONS.get((stored.status, to))
    _check(action is not None, _("This event cannot be moved to that status."))
    previous = stored.status
    stored.status = to
    stored.version += 1
    stored.save()
    _history(stored, str(action), by=by, from_status=previous, note=note)
    return stored


@transaction.atomic
def mark_held(event: Event, *, version: int, by: Any) -> Event:
    _check(
        event.starts_at <= timezone.now(),
        _("An event cannot be marked as held before it starts."),
    )
    return _move(event, S.HELD, version=version, by=by)


@transaction.atomic
def report(
    event: Event,
    *,
    version: int,
    by: Any,
    results: str,
    proposals: str,
    number: str,
    reported_on: datetime.date,
) -> Event:
    _check(bool(results.strip()), _("Write the results of the event."))
    _check(
        reported_on >= timezone.localtime(event.starts_at).date(),
        _("The report cannot be dated before the event."),
    )
    stored = _lock(event, version)
    stored.results, stored.proposals = results, proposals
    stored.report_number, stored.reported_on = number, reported_on
    stored.save()
    return _move(stored, S.REPORTED, version=version, by=by)


@transaction.atomic
def cancel(event: Event, *, version: int, by: Any, reason: str) -> Event:
    _check(bool(reason.strip()), _("Say why the event is cancelled."))
    stored = _lock(event, version)
    stored.cancelled_reason = reason[:1000]
    stored.save()
    return _move(stored, S.CANCELLED, version=version, by=by, note=reason)


@transaction.atomic
def draft_invitation_letter(event: Event, *, version: int, by: Any) -> OutgoingLetter:
    """The event's giấy mời as a draft in the sổ văn bản đi, naming everyone on the list:
    the Trưởng / Phó trưởng phòng approve it there and it is numbered when issued. One
    letter an event; a cancelled one may be drafted again."""
    stored = _lock(event, version)
    _check(
        stored.status in EDITABLE,
        _("An invitation letter is drafted only before the event is held."),
    )
    current = stored.invitation_letter
    _check(
        current is None or current.status == LetterStatus.CANCELLED,
        _("This event already has its invitation letter: %(letter)s.") % {"letter": current},
    )
    participants = list(stored.participants.select_related("user", "agency"))
    _check(bool(participants), _("Add participants before drafting the invitation letter."))
    letter = letters.create_draft(
        kind=LetterKind.INVITATION,
        by=_actor(by),
        petition=None,
        recipient_agency=None,
        values=exports.invitation_letter_values(stored, participants),
        extra={"event": stored.pk},
    )
    stored.invitation_letter = letter
    stored.version += 1
    stored.save(update_fields=["invitation_letter", "version", "updated_at"])
    _history(stored, HistoryAction.LETTER_DRAFTED, by=by, from_status=stored.status)
    return letter


# ------------------------------------------------------------------------- agenda


@transaction.atomic
def add_agenda_item(event: Event, *, values: dict[str, Any], by: Any) -> AgendaItem:
    stored = _lock(event, None)
    _check(stored.status in EDITABLE, _("The agenda of this event can no longer be changed."))
    check_agenda_dates(stored, values["starts_at"], values["ends_at"])
    item = AgendaItem.objects.create(event=stored, **values)
    _bump(stored)
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, by: Any) -> None:
    stored = _lock(item.event, None)
    _check(stored.status in EDITABLE, _("The agenda of this event can no longer be changed."))
    item.delete()
    _bump(stored)


# ------------------------------------------------------------------------- participants


def _already(event: Event, kind: str, user: Any, agency: Any, name: str, position: str) -> bool:
    found = event.participants.all()
    if kind == ParticipantKind.DEPUTY:
        return found.filter(user=user).exists()
    if kind == ParticipantKind.AGENCY:
        return found.filter(agency=agency).exists()
    return found.filter(
        kind=ParticipantKind.GUEST, guest_name=name, guest_position=position
    ).exists()


@transaction.atomic
def add_participants(
    event: Event,
    *,
    deputies: Iterable[Any] = (),
    agencies: Iterable[Any] = (),
    guests: Iterable[tuple[str, str]] = (),
    by: Any,
) -> list[Participant]:
    """Adds everyone or no one: a party already invited refuses the whole batch."""
    stored = _lock(event, None)
    _check(stored.status in EDITABLE, _("Participants can no longer be added to this event."))
    wanted: list[Participant] = []
    for user in deputies:
        _check(
            user.is_active and user.has_role(Role.Code.DEPUTY),
            _("%(name)s is not a deputy.") % {"name": user.get_full_name()},
        )
        wanted.append(Participant(event=stored, kind=ParticipantKind.DEPUTY, user=user))
    for agency in agencies:
        wanted.append(Participant(event=stored, kind=ParticipantKind.AGENCY, agency=agency))
    for name, position in guests:
        wanted.append(
            Participant(
                event=stored,
                kind=ParticipantKind.GUEST,
                guest_name=name.strip(),
                guest_position=position.strip(),
            )
        )
    _check(bool(wanted), _("Choose at least one participant."))
    seen: set[tuple[Any, ...]] = set()
    for p in wanted:
        key = (p.kind, p.user_id, p.agency_id, p.guest_name, p.guest_position)
        _check(
            key not in seen
            and not _already(stored, p.kind, p.user, p.agency, p.guest_name, p.guest_position),
            _("%(name)s is already invited to this event.") % {"name": p.name},
        )
        seen.add(key)
    try:
        with transaction.atomic():
            created = [Participant.objects.create(**_fields(p)) for p in wanted]
    except IntegrityError as error:
        # Someone added the same party at the same moment.
        raise EventError(_("A participant is already invited to this event.")) from error
    _bump(stored)
    return created


def _fields(p: Participant) -> dict[str, Any]:
    return {
        "event": p.event,
        "kind": p.kind,
        "user": p.user,
        "agency": p.agency,
        "guest_name": p.guest_name,
        "guest_position": p.guest_position,
    }


@transaction.atomic
def remove_participant(participant: Participant, *, by: Any) -> None:
    stored = _lock(participant.event, None)
    _check(stored.status in EDITABLE, _("Participants can no longer be changed."))
    _check(
        participant.invitation == Invitation.PENDING,
        _("An invited participant cannot be removed; record that they declined instead."),
    )
    participant.delete()
    _bump(stored)


def _lock_participant(participant: Participant) -> tuple[Event, Participant]:
    event = _lock(participant.event, None)
    stored = Participant.objects.select_for_update().get(pk=participant.pk)
    return event, stored


@transaction.atomic
def record_reply(participant: Participant, *, confirmed: bool, by: Any) -> Participant:
    event, stored = _lock_participant(participant)
    _check(event.status in REPLIES_OPEN, _("Replies are taken only while invitations are out."))
    _check(stored.invitation in INVITED, _("%(name)s was not invited.") % {"name": stored.name})
    stored.invitation = Invitation.CONFIRMED if confirmed else Invitation.DECLINED
    stored.replied_at = timezone.now()
    stored.save(update_fields=["invitation", "replied_at"])
    _history(
        event,
        HistoryAction.REPLY_RECORDED,
        by=by,
        from_status=event.status,
        note=f"{stored.name}: {stored.get_invitation_display()}",
    )
    _bump(event)
    return stored


@transaction.atomic
def record_attendance(
    participant: Participant, *, attended: bool, attendee_name: str = "", by: Any
) -> Participant:
    event, stored = _lock_participant(participant)
    _check(
        event.status in ATTENDANCE_OPEN,
        _("Attendance is recorded only for an event under way or held."),
    )
    _check(
        stored.invitation in INVITED,
        _("%(name)s was not invited: attendance cannot be recorded.") % {"name": stored.name},
    )
    stored.attended = attended
    stored.attendee_name = attendee_name.strip()[:300]
    stored.save(update_fields=["attended", "attendee_name"])
    label = _("attended") if attended else _("absent")
    _history(
        event,
        HistoryAction.ATTENDANCE_RECORDED,
        by=by,
        from_status=event.status,
        note=f"{stored.name}: {label}",
    )
    _bump(event)
    return stored


# ------------------------------------------------------------------------- documents, tasks


@transaction.atomic
def add_document(
    event: Event, *, kind: str, title: str, upload: Any, content_type: str, by: Any
) -> EventDocument:
    stored = _lock(event, None)
    _check(stored.status in DOCUMENTS_OPEN, _("Documents can no longer be added."))
    _check(kind in DocumentKind.values, _("Choose the kind of document."))
    document = EventDocument(
        event=stored, kind=kind, title=title, content_type=content_type, uploaded_by=_actor(by)
    )
    document.file.save(f"event-{stored.pk}{_extension(content_type)}", upload, save=False)
    document.save()
    _bump(stored)
    return document


def _extension(content_type: str) -> str:
    return {
        "application/pdf": ".pdf",
        "image/jpeg": ".jpg",
        "image/png": ".png",
        PPTX_CONTENT_TYPE: ".pptx",
    }.get(content_type, ".docx")


@transaction.atomic
def add_task(
    event: Event, *, title: str, owner: Any, due_on: datetime.date, by: Any
) -> FollowUpTask:
    stored = _lock(event, None)
    _check(stored.status != S.CANCELLED, _("A cancelled event has no follow-up."))
    _check(
        due_on >= timezone.localtime(stored.starts_at).date(),
        _("A follow-up task cannot be due before the event."),
    )
    task = FollowUpTask.objects.create(event=stored, title=title, owner=owner, due_on=due_on)
    _bump(stored)
    return task


@transaction.atomic
def complete_task(task: FollowUpTask, *, on: datetime.date, by: Any) -> FollowUpTask:
    stored = FollowUpTask.objects.select_for_update().get(pk=task.pk)
    _check(stored.done_on is None, _("This task is already done."))
    stored.done_on = on
    stored.save(update_fields=["done_on"])
    return stored
