"""Outgoing-letter workflow: the only module that changes `OutgoingLetter.status`.

draft → submitted → approved → issued, a manager may send a submitted or approved letter
back to draft with a note, and a draft may be cancelled. Who may make each move is
`permissions.can_move` (the same predicate the pages and the API ask). Each verb runs in one
transaction with the `LetterEvent` it writes. Issuing takes the next number of the sổ văn
bản đi and freezes the rendered Word file.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.core.models import Agency
from dannguyen.petitions.models import Petition

from . import permissions, rendering
from .models import (
    LetterCounter,
    LetterEvent,
    LetterStatus,
    OutgoingLetter,
    recipient_type_of,
)

Status = LetterStatus

ALLOWED: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.CANCELLED},
    Status.SUBMITTED: {Status.APPROVED, Status.DRAFT},
    Status.APPROVED: {Status.ISSUED, Status.DRAFT},
    Status.ISSUED: set(),
    Status.CANCELLED: set(),
}

# What a draft's editor may change (the rest is set by the verbs).
EDITABLE = (
    "recipient_agency",
    "recipient_name",
    "recipient_address",
    "subject",
    "body",
    "signer_name",
    "signer_position",
    "signing_mode",
    "authority_position",
    "recipients",
    "confidentiality",
    "urgency",
    "copies",
    "note",
)


class TransitionError(Exception):
    """A move the table does not allow (the message is for the user)."""


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _event(
    letter: OutgoingLetter,
    *,
    by: Any,
    from_status: str,
    note: str = "",
    now: datetime.datetime | None = None,
) -> LetterEvent:
    return LetterEvent.objects.create(
        letter=letter,
        at=now or timezone.now(),
        actor=_actor(by),
        from_status=from_status,
        to_status=letter.status,
        note=note[:1000],
    )


def _locked(letter: OutgoingLetter) -> OutgoingLetter:
    """The row as stored, locked until commit: two people acting at once are serialised
    (PostgreSQL row lock; SQLite's IMMEDIATE transactions hold the write lock)."""
    # of=self: PostgreSQL cannot lock the nullable side of the join to the petition.
    return (
        OutgoingLetter.objects.select_for_update(of=("self",))
        .select_related("petition")
        .get(pk=letter.pk)
    )


def _move(letter: OutgoingLetter, to: str, *, by: Any) -> str:
    previous = letter.status
    if to not in ALLOWED.get(previous, set()):
        if previous == Status.ISSUED and to == Status.ISSUED:
            raise TransitionError(
                _("This letter was already issued as number %(number)s; it cannot be issued twice.")
                % {"number": letter.number_label}
            )
        raise TransitionError(
            _("A letter cannot go from “%(a)s” to “%(b)s”.")
            % {"a": Status(previous).label, "b": Status(to).label}
        )
    if not permissions.can_move(by, letter, to):
        raise PermissionDenied(_("You may not make this change to the letter."))
    letter.status = to
    return previous


def _sync(letter: OutgoingLetter, stored: OutgoingLetter) -> None:
    """Copy what the locked row says onto the caller's object."""
    for field in OutgoingLetter._meta.concrete_fields:
        setattr(letter, field.attname, getattr(stored, field.attname))


def next_number(year: int) -> int:
    """The next number of YEAR's sổ văn bản đi, without gaps or repeats under concurrency.

    Incremented inside the caller's transaction: the row lock (PostgreSQL) or the write
    lock (SQLite) is held until commit, and an issue that fails rolls its number back.
    """
    LetterCounter.objects.bulk_create([LetterCounter(year=year, last=0)], ignore_conflicts=True)
    LetterCounter.objects.filter(year=year).update(last=F("last") + 1)
    return LetterCounter.objects.values_list("last", flat=True).get(year=year)


# ------------------------------------------------------------------------- verbs


@transaction.atomic
def create_draft(
    *,
    kind: str,
    by: Any,
    petition: Petition | None,
    recipient_agency: Agency | None,
    values: Mapping[str, Any],
    extra: Mapping[str, Any],
    now: datetime.datetime | None = None,
) -> OutgoingLetter:
    """A new draft (services.draft_letter fills VALUES with the kind's defaults)."""
    now = now or timezone.now()
    letter = OutgoingLetter(
        kind=kind,
        petition=petition,
        recipient_type=recipient_type_of(kind),
        recipient_agency=recipient_agency,
        status=Status.DRAFT,
        drafted_by=_actor(by),
        drafted_at=now,
        extra=dict(extra),
        **{k: v for k, v in values.items() if k in EDITABLE},
    )
    letter.save()
    _event(letter, by=by, from_status="", note=_("drafted"), now=now)
    return letter


@transaction.atomic
def update(
    letter: OutgoingLetter,
    *,
    values: Mapping[str, Any],
    by: Any,
    now: datetime.datetime | None = None,
) -> list[str]:
    """Correct a draft; returns the labels of what changed (the event's note)."""
    stored = _locked(letter)
    if stored.status != Status.DRAFT:
        raise TransitionError(
            _("Only a draft can be changed; this letter is “%(s)s”.")
            % {"s": Status(stored.status).label}
        )
    if not permissions.can_edit_letter(by, stored):
        raise PermissionDenied(_("You may not make this change to the letter."))
    changed = []
    for name, value in values.items():
        if name not in EDITABLE:
            continue
        if getattr(stored, name) != value:
            field = OutgoingLetter._meta.get_field(name)
            changed.append(str(getattr(field, "verbose_name", name)))
        setattr(stored, name, value)
    if changed:
        stored.save()
        _event(stored, by=by, from_status=Status.DRAFT, note=", ".join(changed), now=now)
    _sync(letter, stored)
    return changed


@transaction.atomic
def submit(
    letter: OutgoingLetter, *, by: Any, note: str = "", now: datetime.datetime | None = None
) -> None:
    """Put the draft before the Trưởng / Phó trưởng phòng."""
    stored = _locked(letter)
    previous = _move(stored, Status.SUBMITTED, by=by)
    stored.save(update_fields=["status", "updated_at"])
    _event(stored, by=by, from_status=previous, note=note, now=now)
    _sync(letter, stored)


@transaction.atomic
def approve(
    letter: OutgoingLetter, *, by: Any, note: str = "", now: datetime.datetime | None = None
) -> None:
    now = now or timezone.now()
    stored = _locked(letter)
    previous = _move(stored, Status.APPROVED, by=by)
    stored.approved_by = _actor(by)
    stored.approved_at = now
    fields = ["status", "approved_by", "approved_at", "updated_at"]
    if not stored.signer_name.strip() and stored.approved_by is not None:
        # The approver signs unless the draft named someone else.
        stored.signer_name = stored.approved_by.get_full_name()
        stored.signer_position = getattr(by, "position", "") or stored.signer_position
        fields += ["signer_name", "signer_position"]
    stored.save(update_fields=fields)
    _event(stored, by=by, from_status=previous, note=note, now=now)
    _sync(letter, stored)


@transaction.atomic
def return_to_draft(
    letter: OutgoingLetter, *, by: Any, note: str, now: datetime.datetime | None = None
) -> None:
    """Send the letter back for changes, saying what to change."""
    if not note.strip():
        raise TransitionError(_("Say what should be changed."))
    stored = _locked(letter)
    previous = _move(stored, Status.DRAFT, by=by)
    stored.approved_by = None
    stored.approved_at = None
    stored.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _event(stored, by=by, from_status=previous, note=note.strip(), now=now)
    _sync(letter, stored)


@transaction.atomic
def cancel(
    letter: OutgoingLetter, *, by: Any, note: str = "", now: datetime.datetime | None = None
) -> None:
    stored = _locked(letter)
    previous = _move(stored, Status.CANCELLED, by=by)
    stored.save(update_fields=["status", "updated_at"])
    _event(stored, by=by, from_status=previous, note=note, now=now)
    _sync(letter, stored)


@transaction.atomic
def issue(letter: OutgoingLetter, *, by: Any, now: datetime.datetime | None = None) -> None:
    """Number the approved letter in the sổ văn bản đi, date it, and freeze its Word file.

    A second attempt (the same letter issued twice, even at the same moment) is refused
    and changes nothing.
    """
    now = now or timezone.now()
    stored = _locked(letter)
    previous = _move(stored, Status.ISSUED, by=by)
    issued_on = timezone.localdate(now)
    stored.year = issued_on.year
    stored.number = next_number(issued_on.year)
    stored.symbol = rendering.symbol_for(stored.kind)
    stored.issued_on = issued_on
    stored.issued_by = _actor(by)
    stored.issued_at = now
    content, template = rendering.render(stored)
    stored.template = template
    stored.file.save("letter.docx", ContentFile(rendering.frozen_content(content)), save=False)
    stored.save()
    _event(stored, by=by, from_status=previous, note=stored.number_label, now=now)
    _sync(letter, stored)


def moves_for(letter: OutgoingLetter, user: Any) -> Sequence[str]:
    """The statuses USER may move LETTER to now (for the page's buttons)."""
    return [to for to in ALLOWED[letter.status] if permissions.can_move(user, letter, to)]
