"""Briefs workflow: the only module that changes `Brief.status` or what a brief contains.

    requested ──start──▶ in_progress ──compile──▶ compiled ──deliver──▶ delivered
        │                  ▲    │                    │
        │                  └────┼──── return ────────┘
        └──────────── cancel ───┴────────────────────┘ (any open brief)

Contents (documents, voters' petitions, notes, the statistics' filter) change only while
the brief is being compiled. Compiling computes the letters' statistics one last time and
freezes them: the Word file of a delivered brief says what it said on the day.

Every verb runs in one transaction with the `BriefHistory` row it writes, on the stored row
locked with select_for_update, and refuses when the brief's `version` is not the one the
user saw (when the caller gives it): two people acting at once cannot both succeed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.models import Role
from dannguyen.legal.models import LegalDocument, Provision
from dannguyen.petitions import queries as petition_queries
from dannguyen.voters.models import VoterPetition

from .models import (
    Brief,
    BriefDocument,
    BriefHistory,
    BriefSection,
    BriefStatus,
    BriefVoterPetition,
    DeliveryMethod,
    HistoryAction,
    RecipientKind,
)

S = BriefStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.REQUESTED, S.IN_PROGRESS): HistoryAction.STARTED,
    (S.IN_PROGRESS, S.COMPILED): HistoryAction.COMPILED,
    (S.COMPILED, S.IN_PROGRESS): HistoryAction.RETURNED,
    (S.COMPILED, S.DELIVERED): HistoryAction.DELIVERED,
    (S.REQUESTED, S.CANCELLED): HistoryAction.CANCELLED,
    (S.IN_PROGRESS, S.CANCELLED): HistoryAction.CANCELLED,
    (S.COMPILED, S.CANCELLED): HistoryAction.CANCELLED,
}
# What is in the brief changes only while someone is compiling it.
COMPILING = frozenset({S.IN_PROGRESS})
# The request itself (title, topic, recipient, dates) until the work is done.
REQUEST_EDITABLE = frozenset({S.REQUESTED, S.IN_PROGRESS})
REQUEST_FIELDS = (
    "title",
    "topic",
    "recipient_kind",
    "recipient_name",
    "deputy",
    "requested_on",
    "due_on",
    "owner",
)


class BriefError(Exception):
    """A refused step, with a message for the user."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise BriefError(message)


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _history(brief: Brief, action: str, *, by: Any, from_status: str, note: str = "") -> None:
    BriefHistory.objects.create(
        brief=brief,
        at=timezone.now(),
        actor=_actor(by),
        action=action,
        from_status=from_status,
        to_status=brief.status,
        note=note[:1000],
    )


def _lock(brief: Brief, version: int | None) -> Brief:
    stored = Brief.objects.select_for_update(of=("self",)).get(pk=brief.pk)
    if version is not None:
        _check(
            stored.version == version,
            _("The brief was changed by someone else meanwhile: reload the page."),
        )
    return stored


def _bump(brief: Brief) -> None:
    Brief.objects.filter(pk=brief.pk).update(version=F("version") + 1, updated_at=timezone.now())
    brief.version += 1


def _compiling(brief: Brief) -> None:
    _check(brief.status in COMPILING, _("Start compiling the brief before changing its contents."))


def check_request(values: dict[str, Any]) -> None:
    _check(bool(str(values.get("title", "")).strip()), _("Give the brief a title."))
    _check(
        values["due_on"] >= values["requested_on"],
        _("A brief cannot be due before it is requested."),
    )
    deputy = values.get("deputy")
    if deputy is not None:
        _check(
            deputy.is_active and deputy.has_role(Role.Code.DEPUTY),
            _("%(name)s is not a deputy.") % {"name": deputy.get_full_name()},
        )
    if values.get("recipient_kind") == RecipientKind.DEPUTY:
        _check(
            deputy is not None or bool(str(values.get("recipient_name", "")).strip()),
            _("Name the deputy the brief is for."),
        )


# ------------------------------------------------------------------------- the request


@transaction.atomic
def request(*, values: dict[str, Any], by: Any) -> Brief:
    """Record a request. A deputy's own request is for them, whatever they typed."""
    values = dict(values)
    if getattr(by, "pk", None) and by.has_role(Role.Code.DEPUTY) and not _is_compiler(by):
        values.update(
            recipient_kind=RecipientKind.DEPUTY,
            deputy=by,
            recipient_name=by.get_full_name(),
            owner=None,
        )
    if values.get("deputy") is not None and not str(values.get("recipient_name", "")).strip():
        values["recipient_name"] = values["deputy"].get_full_name()
    check_request(values)
    brief = Brief.objects.create(
        **{name: values.get(name) for name in REQUEST_FIELDS},
        requested_by=_actor(by),
        status=S.REQUESTED,
    )
    _history(brief, HistoryAction.REQUESTED, by=by, from_status=brief.status)
    return brief


def _is_compiler(user: Any) -> bool:
    from .permissions import COMPILERS  # noqa: PLC0415 -- permissions imports this module

    return bool(user.is_superuser or user.has_role(*COMPILERS))


@transaction.atomic
def edit_request(brief: Brief, *, values: dict[str, Any], version: int, by: Any) -> Brief:
    stored = _lock(brief, version)
    _check(stored.status in REQUEST_EDITABLE, _("This brief's request can no longer be changed."))
    check_request(values)
    for name in REQUEST_FIELDS:
        if name in values:
            setattr(stored, name, values[name])
    stored.version += 1
    stored.save()
    _history(stored, HistoryAction.EDITED, by=by, from_status=stored.status)
    return stored


# ------------------------------------------------------------------------- moves


def _move(brief: Brief, to: str, *, version: int | None, by: Any, note: str = "") -> Brief:
    stored = _lock(brief, version)
    action = TRANSITIONS.get((stored.status, to))
    _check(action is not None, _("This brief cannot be moved to that status."))
    previous = stored.status
    stored.status = to
    stored.version += 1
    stored.save()
    _history(stored, str(action), by=by, from_status=previous, note=note)
    brief.status, brief.version = stored.status, stored.version
    return stored


@transaction.atomic
def start(brief: Brief, *, version: int | None, by: Any) -> Brief:
    """Take the request on: whoever starts it is in charge unless someone already is."""
    stored = _lock(brief, version)
    _check(stored.status == S.REQUESTED, _("This brief cannot be moved to that status."))
    if stored.owner_id is None and _actor(by) is not None:
        stored.owner = by
        stored.save(update_fields=["owner"])
    return _move(stored, S.IN_PROGRESS, version=None, by=by)


@transaction.atomic
def compile_brief(
    brief: Brief, *, version: int | None, by: Any, today: datetime.date | None = None
) -> Brief:
    """Ready for review: the statistics are computed a last time and frozen."""
    stored = _lock(brief, version)
    _check(stored.status == S.IN_PROGRESS, _("This brief cannot be moved to that status."))
    _check(
        stored.documents.exists()
        or stored.petition_links.exists()
        or stored.sections.exists()
        or bool(stored.summary.strip())
        or bool(stored.statistics),
        _("The brief is empty: add documents, voters' petitions, statistics or notes first."),
    )
    _store_statistics(stored, today=today)
    stored.compiled_at = timezone.now()
    stored.save(update_fields=["statistics", "statistics_at", "compiled_at"])
    return _move(stored, S.COMPILED, version=None, by=by)


@transaction.atomic
def return_for_work(brief: Brief, *, version: int | None, by: Any, note: str) -> Brief:
    _check(bool(note.strip()), _("Say what is still to be done."))
    stored = _lock(brief, version)
    _check(stored.status == S.COMPILED, _("This brief cannot be moved to that status."))
    return _move(stored, S.IN_PROGRESS, version=None, by=by, note=note)


@transaction.atomic
def deliver(
    brief: Brief,
    *,
    version: int | None,
    by: Any,
    on: datetime.date,
    method: str,
    note: str = "",
) -> Brief:
    _check(method in DeliveryMethod.values, _("Say how the brief was delivered."))
    stored = _lock(brief, version)
    _check(stored.status == S.COMPILED, _("Only a compiled brief can be delivered."))
    _check(
        stored.compiled_at is None or on >= timezone.localtime(stored.compiled_at).date(),
        _("A brief cannot be delivered before it was compiled."),
    )
    _check(on <= timezone.localdate(), _("A delivery cannot be dated in the future."))
    stored.delivered_on, stored.delivery_method = on, method
    stored.delivery_note = note.strip()[:500]
    stored.save(update_fields=["delivered_on", "delivery_method", "delivery_note"])
    return _move(stored, S.DELIVERED, version=None, by=by, note=stored.delivery_note)


@transaction.atomic
def cancel(brief: Brief, *, version: int | None, by: Any, reason: str) -> Brief:
    _check(bool(reason.strip()), _("Say why the brief is cancelled."))
    stored = _lock(brief, version)
    stored.cancelled_reason = reason.strip()[:1000]
    stored.save(update_fields=["cancelled_reason"])
    return _move(stored, S.CANCELLED, version=None, by=by, note=stored.cancelled_reason)


# ------------------------------------------------------------------------- contents


def _next_order(rows: Any) -> int:
    return int(rows.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def add_document(
    brief: Brief,
    *,
    document: LegalDocument,
    provision: Provision | None = None,
    note: str = "",
    by: Any,
) -> BriefDocument:
    stored = _lock(brief, None)
    _compiling(stored)
    _check(
        provision is None or provision.document_id == document.pk,
        _("That provision is not part of the document."),
    )
    exists = stored.documents.filter(document=document, provision=provision).exists()
    _check(not exists, _("This document is already in the brief."))
    try:
        with transaction.atomic():
            chosen = BriefDocument.objects.create(
                brief=stored,
                document=document,
                provision=provision,
                note=note.strip()[:1000],
                order=_next_order(stored.documents),
            )
    except IntegrityError as error:
        raise BriefError(_("This document is already in the brief.")) from error
    label = document.number_raw or document.title[:200]
    if provision is not None:
        label = f"{label}, {provision}"
    _history(stored, HistoryAction.DOCUMENT_ADDED, by=by, from_status=stored.status, note=label)
    _bump(stored)
    return chosen


@transaction.atomic
def remove_document(chosen: BriefDocument, *, by: Any) -> None:
    stored = _lock(chosen.brief, None)
    _compiling(stored)
    label = chosen.document.number_raw or chosen.document.title[:200]
    chosen.delete()
    _history(stored, HistoryAction.DOCUMENT_REMOVED, by=by, from_status=stored.status, note=label)
    _bump(stored)


@transaction.atomic
def add_petitions(
    brief: Brief, *, petitions: Iterable[VoterPetition], by: Any
) -> list[BriefVoterPetition]:
    """Adds the voters' petitions not yet in the brief; returns those added."""
    stored = _lock(brief, None)
    _compiling(stored)
    present = set(stored.petition_links.values_list("petition_id", flat=True))
    wanted = [p for p in dict.fromkeys(petitions) if p.pk not in present]
    _check(bool(wanted), _("These voters' petitions are already in the brief."))
    order = _next_order(stored.petition_links)
    added = []
    for offset, petition in enumerate(wanted):
        added.append(
            BriefVoterPetition.objects.create(brief=stored, petition=petition, order=order + offset)
        )
        _history(
            stored,
            HistoryAction.PETITION_ADDED,
            by=by,
            from_status=stored.status,
            note=petition.title[:300],
        )
    _bump(stored)
    return added


@transaction.atomic
def remove_petition(link: BriefVoterPetition, *, by: Any) -> None:
    stored = _lock(link.brief, None)
    _compiling(stored)
    title = link.petition.title[:300]
    link.delete()
    _history(stored, HistoryAction.PETITION_REMOVED, by=by, from_status=stored.status, note=title)
    _bump(stored)


@transaction.atomic
def save_section(
    brief: Brief,
    *,
    heading: str,
    text: str,
    section: BriefSection | None = None,
    by: Any,
) -> BriefSection:
    """A new section of notes at the end, or SECTION rewritten."""
    stored = _lock(brief, None)
    _compiling(stored)
    _check(bool(heading.strip()) and bool(text.strip()), _("Write a heading and the notes."))
    if section is None:
        section = BriefSection(brief=stored, order=_next_order(stored.sections))
    else:
        _check(section.brief_id == stored.pk, _("That section is not part of the brief."))
    section.heading, section.text = heading.strip()[:300], text.strip()
    section.save()
    _history(
        stored, HistoryAction.SECTION_SAVED, by=by, from_status=stored.status, note=section.heading
    )
    _bump(stored)
    return section


@transaction.atomic
def remove_section(section: BriefSection, *, by: Any) -> None:
    stored = _lock(section.brief, None)
    _compiling(stored)
    heading = section.heading
    section.delete()
    _history(stored, HistoryAction.SECTION_REMOVED, by=by, from_status=stored.status, note=heading)
    _bump(stored)


@transaction.atomic
def save_summary(brief: Brief, *, summary: str, by: Any) -> Brief:
    stored = _lock(brief, None)
    _compiling(stored)
    stored.summary = summary.strip()
    stored.save(update_fields=["summary"])
    _history(stored, HistoryAction.SECTION_SAVED, by=by, from_status=stored.status)
    _bump(stored)
    return stored


# ------------------------------------------------------------------------- statistics


def statistics_of(brief: Brief, *, today: datetime.date | None = None) -> Any:
    """The letters' statistics for the brief's filter, computed now (not stored)."""
    return petition_queries.topic_statistics(
        fields=list(brief.statistics_fields.all()),
        keywords=brief.statistics_keywords,
        since=brief.statistics_since,
        until=brief.statistics_until,
        area=brief.statistics_area,
        today=today,
    )


def has_statistics_filter(brief: Brief) -> bool:
    return bool(brief.statistics_keywords.strip()) or brief.statistics_fields.exists()


def _store_statistics(brief: Brief, *, today: datetime.date | None) -> None:
    if has_statistics_filter(brief):
        brief.statistics = statistics_of(brief, today=today).as_dict()
    else:
        # Without a field or a keyword the count would be the whole register, which says
        # nothing about the topic.
        brief.statistics = {}
    brief.statistics_at = timezone.now()


@transaction.atomic
def set_statistics_filter(
    brief: Brief,
    *,
    fields: Iterable[Any],
    keywords: str,
    since: datetime.date | None,
    until: datetime.date | None,
    area: Any,
    by: Any,
    today: datetime.date | None = None,
) -> Brief:
    """Change what the statistics count, and count again."""
    stored = _lock(brief, None)
    _compiling(stored)
    _check(
        since is None or until is None or since <= until,
        _("The period cannot end before it starts."),
    )
    stored.statistics_keywords = keywords.strip()[:500]
    stored.statistics_since, stored.statistics_until = since, until
    stored.statistics_area = area
    stored.save(
        update_fields=[
            "statistics_keywords",
            "statistics_since",
            "statistics_until",
            "statistics_area",
        ]
    )
    stored.statistics_fields.set(list(fields))
    _store_statistics(stored, today=today)
    stored.save(update_fields=["statistics", "statistics_at"])
    _history(stored, HistoryAction.STATISTICS_REFRESHED, by=by, from_status=stored.status)
    _bump(stored)
    return stored


@transaction.atomic
def refresh_statistics(brief: Brief, *, by: Any, today: datetime.date | None = None) -> Brief:
    stored = _lock(brief, None)
    _compiling(stored)
    _store_statistics(stored, today=today)
    stored.save(update_fields=["statistics", "statistics_at"])
    _history(stored, HistoryAction.STATISTICS_REFRESHED, by=by, from_status=stored.status)
    _bump(stored)
    return stored
