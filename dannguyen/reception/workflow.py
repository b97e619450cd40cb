"""Reception workflow: the only module that changes `ReceptionSession.status`.

Every session verb runs in one transaction with the history row it writes (`SessionEvent`).
Cases are recorded here too, with their running number, the people who came (identities
encrypted, the current ward found from the address as written) and, when a letter was
handed in, the petition it becomes in the register — created by the petition app's own
workflow, so it gets its register number, its protection and its duplicate check like any
other letter.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.models import Role
from dannguyen.core import audit
from dannguyen.petitions import identity, places
from dannguyen.petitions import workflow as petitions_workflow
from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import Channel, Petition, ReceivingSubject

from .models import (
    CaseCounter,
    CaseIdentityAccess,
    HostBody,
    HostReminder,
    Outcome,
    ReceptionCase,
    ReceptionCitizen,
    ReceptionSession,
    ReminderOutcome,
    SessionAction,
    SessionEvent,
    SessionStatus,
)

ALLOWED: dict[str, set[str]] = {
    SessionStatus.PLANNED: {SessionStatus.HELD, SessionStatus.CANCELLED},
    SessionStatus.HELD: set(),
    SessionStatus.CANCELLED: set(),
}
# Changing these re-announces the session: calendars replace the event, hosts are reminded.
SCHEDULE_FIELDS = ("date", "start_time", "end_time", "place", "method", "online_details")

RECEIVING_SUBJECT = {
    HostBody.NA_DEPUTY: ReceivingSubject.NA_DEPUTY,
    HostBody.NA_DELEGATION: ReceivingSubject.NA_DELEGATION,
    HostBody.COUNCIL_STANDING: ReceivingSubject.COUNCIL_STANDING,
    HostBody.COUNCIL_DEPUTY: ReceivingSubject.COUNCIL_DEPUTY,
    HostBody.OFFICE: ReceivingSubject.OFFICE,
}


class TransitionError(Exception):
    pass


def _label(model: type[Any], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _event(
    session: ReceptionSession,
    action: str,
    *,
    by: Any,
    note: str = "",
    from_status: str | None = None,
    now: datetime.datetime | None = None,
) -> SessionEvent:
    return SessionEvent.objects.create(
        session=session,
        at=now or timezone.now(),
        actor=_actor(by),
        action=action,
        from_status=session.status if from_status is None else from_status,
        to_status=session.status,
        note=note[:1000],
    )


def _move(session: ReceptionSession, to: str) -> str:
    previous = session.status
    if to not in ALLOWED.get(previous, set()):
        raise TransitionError(
            _("A session cannot go from “%(a)s” to “%(b)s”.")
            % {"a": SessionStatus(previous).label, "b": SessionStatus(to).label}
        )
    session.status = to
    return previous


# ------------------------------------------------------------------------- sessions


@transaction.atomic
def plan(
    *,
    values: dict[str, Any],
    hosts: Iterable[Any] = (),
    staff: Iterable[Any] = (),
    by: Any,
    now: datetime.datetime | None = None,
) -> ReceptionSession:
    """Put a session on the calendar (planned)."""
    now = now or timezone.now()
    session = ReceptionSession(
        **values, status=SessionStatus.PLANNED, created_by=_actor(by), created_at=now
    )
    session.save()
    session.hosts.set(list(hosts))
    session.staff.set(list(staff))
    _event(session, SessionAction.PLANNED, by=by, from_status="", now=now)
    return session


@transaction.atomic
def update(
    session: ReceptionSession,
    *,
    values: dict[str, Any],
    hosts: Iterable[Any] | None = None,
    staff: Iterable[Any] | None = None,
    by: Any,
    now: datetime.datetime | None = None,
) -> list[str]:
    """Correct a session; returns the labels of what changed (the event's note).

    A planned session whose date, time or place changes is "rescheduled": its sequence goes
    up (calendar programs replace the event) and the hosts are reminded of the new date.
    """
    if session.status == SessionStatus.CANCELLED:
        raise TransitionError(_("A cancelled session cannot be changed."))
    now = now or timezone.now()
    # Compared with the stored row: a ModelForm has already copied VALUES onto SESSION.
    stored = ReceptionSession.objects.get(pk=session.pk)
    changed_names = [name for name, value in values.items() if getattr(stored, name) != value]
    labels = [_label(ReceptionSession, n) for n in changed_names]
    for name, value in values.items():
        setattr(session, name, value)
    rescheduled = bool(set(changed_names) & set(SCHEDULE_FIELDS))
    if rescheduled:
        session.sequence = stored.sequence + 1
    session.save()
    if hosts is not None:
        wanted = sorted(u.pk for u in hosts)
        if wanted != sorted(session.hosts.values_list("pk", flat=True)):
            session.hosts.set(wanted)
            labels.append(_label(ReceptionSession, "hosts"))
    if staff is not None:
        wanted = sorted(u.pk for u in staff)
        if wanted != sorted(session.staff.values_list("pk", flat=True)):
            session.staff.set(wanted)
            labels.append(_label(ReceptionSession, "staff"))
    if labels:
        action = (
            SessionAction.RESCHEDULED
            if rescheduled and session.status == SessionStatus.PLANNED
            else SessionAction.EDITED
        )
        _event(session, action, by=by, note=", ".join(labels), now=now)
    return labels


@transaction.atomic
def hold(
    session: ReceptionSession,
    *,
    by: Any,
    staff: Iterable[Any] | None = None,
    recording_reference: str = "",
    note: str = "",
    now: datetime.datetime | None = None,
) -> None:
    """Record that the session took place (planned → held)."""
    now = now or timezone.now()
    if session.date > timezone.localdate(now):
        raise TransitionError(_("A session cannot be recorded as held before its day."))
    previous = _move(session, SessionStatus.HELD)
    session.held_at = now
    if recording_reference:
        session.recording_reference = recording_reference
    session.save(update_fields=["status", "held_at", "recording_reference", "updated_at"])
    if staff is not None:
        session.staff.set(list(staff))
    _event(session, SessionAction.HELD, by=by, from_status=previous, note=note, now=now)


@transaction.atomic
def cancel(
    session: ReceptionSession, *, by: Any, reason: str, now: datetime.datetime | None = None
) -> None:
    """Take a planned session off the calendar (planned → cancelled), saying why."""
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("Say why the session is cancelled."))
    now = now or timezone.now()
    previous = _move(session, SessionStatus.CANCELLED)
    session.cancelled_reason = reason[:500]
    session.sequence = session.sequence + 1
    session.save(update_fields=["status", "cancelled_reason", "sequence", "updated_at"])
    _event(session, SessionAction.CANCELLED, by=by, from_status=previous, note=reason, now=now)


# ------------------------------------------------------------------------- cases


def next_case_number(year: int) -> int:
    """The next case number of YEAR, without gaps or repeats even under concurrency.

    As the petition register does: the counter row is incremented inside the caller's
    transaction, which holds the row lock (PostgreSQL) or the write lock (SQLite,
    IMMEDIATE transactions) until commit.
    """
    CaseCounter.objects.bulk_create([CaseCounter(year=year, last=0)], ignore_conflicts=True)
    CaseCounter.objects.filter(year=year).update(last=F("last") + 1)
    return CaseCounter.objects.values_list("last", flat=True).get(year=year)


def _apply_person(citizen: ReceptionCitizen, person: PersonInput) -> None:
    citizen.full_name = person.full_name
    citizen.id_number = person.id_number
    citizen.phone = person.phone
    if citizen.address != person.address or person.ward is not None or not citizen.pk:
        mapped = places.map_address(person.address) if person.address else None
        citizen.address = person.address
        citizen.street = mapped.street if mapped else ""
        citizen.ward = person.ward or (mapped.ward if mapped else None)
        citizen.province = (
            person.ward.parent if person.ward else (mapped.province if mapped else None)
        )
    citizen.id_number_hash = identity.keyed_hash(identity.id_number_material(person.id_number))


def _set_citizens(case: ReceptionCase, people: Sequence[PersonInput]) -> bool:
    """Make the case's people PEOPLE, in order; True when anything changed."""
    current = list(case.citizens.order_by("order", "id"))
    changed = False
    for order, person in enumerate(people):
        citizen = current[order] if order < len(current) else ReceptionCitizen(case=case)
        before = (
            citizen.full_name,
            citizen.id_number,
            citizen.phone,
            citizen.address,
            citizen.ward_id,
            citizen.order,
        )
        citizen.order = order
        _apply_person(citizen, person)
        after = (
            citizen.full_name,
            citizen.id_number,
            citizen.phone,
            citizen.address,
            citizen.ward_id,
            citizen.order,
        )
        if citizen.pk is None or before != after:
            citizen.save()
            changed = True
    for extra in current[len(people) :]:
        extra.delete()
        changed = True
    return changed


@transaction.atomic
def record_case(
    session: ReceptionSession,
    *,
    values: dict[str, Any],
    people: Sequence[PersonInput],
    by: Any,
    now: datetime.datetime | None = None,
) -> ReceptionCase:
    """Record a matter heard at SESSION under the next number of the session's year.

    When the citizen handed in a letter ("nhận đơn"), the letter is registered in the
    petition register and linked to the case.
    """
    if session.status == SessionStatus.CANCELLED:
        raise TransitionError(_("No case can be recorded at a cancelled session."))
    now = now or timezone.now()
    year = session.date.year
    number = next_case_number(year)
    case = ReceptionCase(
        **values,
        session=session,
        year=year,
        number=number,
        code=f"TCD-{year}/{number:04d}",
        recorded_by=_actor(by),
        recorded_at=now,
    )
    if case.protection_waived and case.protection_waived_at is None:
        case.protection_waived_at = now
    case.save()
    _set_citizens(case, people)
    if case.outcome == Outcome.PETITION_RECEIVED:
        register_petition(case, by=by, now=now)
    return case


@transaction.atomic
def update_case(
    case: ReceptionCase,
    *,
    values: dict[str, Any],
    people: Sequence[PersonInput] | None,
    by: Any,
    now: datetime.datetime | None = None,
) -> list[str]:
    """Correct a case; PEOPLE None leaves the people as they are (a protected identity is
    never put into a form). Returns the labels of what changed."""
    now = now or timezone.now()
    stored = ReceptionCase.objects.get(pk=case.pk)
    labels = [
        _label(ReceptionCase, name)
        for name, value in values.items()
        if getattr(stored, name) != value
    ]
    for name, value in values.items():
        setattr(case, name, value)
    if case.protection_waived and not stored.protection_waived:
        case.protection_waived_at = now
    elif not case.protection_waived:
        case.protection_waived_at = None
    case.save()
    if people is not None and _set_citizens(case, people):
        labels.append(_("people"))
    if case.outcome == Outcome.PETITION_RECEIVED and not case.petitions.exists():
        register_petition(case, by=by, now=now)
    return labels


def _receiving_deputy(case: ReceptionCase) -> Any:
    if RECEIVING_SUBJECT[HostBody(case.session.host_body)] not in (
        ReceivingSubject.NA_DEPUTY,
        ReceivingSubject.COUNCIL_DEPUTY,
    ):
        return None
    return case.session.hosts.filter(roles__code=Role.Code.DEPUTY).order_by("pk").first()


def petition_values(case: ReceptionCase) -> dict[str, Any]:
    """The registration of the letter handed in at CASE's session, prefilled from the case."""
    session = case.session
    note = _("Handed in at the citizen reception of %(date)s (case %(code)s).") % {
        "date": f"{session.date:%d/%m/%Y}",
        "code": case.code,
    }
    content = case.content
    if case.citizen_request:
        content = f"{content}\n\n{_('Request')}: {case.citizen_request}"
    return {
        "received_on": session.date,
        "channel": Channel.IN_PERSON,
        "receiving_subject": RECEIVING_SUBJECT[HostBody(session.host_body)],
        "receiving_deputy": _receiving_deputy(case),
        "signer_count": max(case.headcount, case.citizens.count(), 1),
        "content": content,
        "kind": case.kind,
        "main_field": case.main_field,
        "previously_handled_by": case.previously_handled_by,
        "previous_handling": case.previous_handling,
        "protection_waived": case.protection_waived,
        "protection_waived_at": case.protection_waived_at,
        "protection_waiver_note": case.protection_waiver_note,
        "note": note,
    }


def people_of(case: ReceptionCase) -> list[PersonInput]:
    return [
        PersonInput(
            full_name=c.full_name,
            id_number=c.id_number,
            phone=c.phone,
            address=c.address,
            ward=c.ward,
        )
        for c in case.citizens.select_related("ward__parent").order_by("order", "id")
    ]


@transaction.atomic
def register_petition(
    case: ReceptionCase, *, by: Any, now: datetime.datetime | None = None
) -> Petition:
    """Register the letter handed in at the session (channel: in person) and link it."""
    if case.outcome == Outcome.REFUSED:
        raise TransitionError(_("No letter is received from a refused reception."))
    petition = petitions_workflow.register(
        values=petition_values(case), people=people_of(case), by=by, now=now
    )
    case.petitions.add(petition)
    return petition


@transaction.atomic
def reveal_identity(
    case: ReceptionCase,
    *,
    by: Any,
    reason: str,
    what: str,
    source: str = "web",
    now: datetime.datetime | None = None,
) -> CaseIdentityAccess:
    """Log that BY saw a protected identity, and why, before it is shown."""
    access = CaseIdentityAccess.objects.create(
        case=case,
        user=by,
        at=now or timezone.now(),
        reason=reason.strip()[:500],
        what=what[:300],
        source=source[:30],
    )
    audit.record_view(case, what=what)
    return access


@transaction.atomic
def reveal_identities(
    cases: Iterable[ReceptionCase],
    *,
    by: Any,
    reason: str,
    what: str,
    source: str = "web",
    now: datetime.datetime | None = None,
) -> int:
    """Log one access per protected case in CASES (an export that carries identities)."""
    now = now or timezone.now()
    protected = [c for c in cases if c.is_identity_protected]
    CaseIdentityAccess.objects.bulk_create(
        CaseIdentityAccess(
            case=c,
            user=by,
            at=now,
            reason=reason.strip()[:500],
            what=what[:300],
            source=source[:30],
        )
        for c in protected
    )
    for case in protected:
        audit.record_view(case, what=what)
    return len(protected)


# ------------------------------------------------------------------------- reminders


def lock_reminder(
    session: ReceptionSession,
    host: Any,
    *,
    due_on: datetime.date,
    is_late: bool,
    legal_basis: str,
    email: str,
) -> HostReminder | None:
    """The reminder row of HOST for SESSION's current date, locked; None once sent.

    Call inside a transaction that also sends the message and records the outcome, so
    that two runs of the daily command never send the same reminder twice.
    """
    reminder, _created = HostReminder.objects.select_for_update().get_or_create(
        session=session,
        host=host,
        session_date=session.date,
        defaults={"due_on": due_on, "legal_basis": legal_basis[:300]},
    )
    if reminder.outcome == ReminderOutcome.SENT:
        return None
    reminder.due_on = due_on
    reminder.is_late = is_late
    reminder.legal_basis = legal_basis[:300]
    reminder.email = email[:254]
    reminder.attempts = reminder.attempts + 1
    return reminder


def record_reminder(
    reminder: HostReminder, *, outcome: str, error: str = "", now: datetime.datetime
) -> None:
    reminder.outcome = outcome
    reminder.error = error[:500]
    reminder.sent_at = now if outcome == ReminderOutcome.SENT else None
    reminder.save()
