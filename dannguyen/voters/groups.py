"""Consolidated voters' petitions: the grouping engine's proposals kept as data, and staff's
edits to them (accept, merge, split, move, edit the members, reword).

Staff's decisions are what a new run must respect, so they are stored as such:

* a petition staff accepted, made or changed is `is_fixed`: its opinions go to the engine
  as a `together` set, kept exactly as staff left them;
* taking opinions apart (a split, a move out of a group) writes `Separation` pairs, sent
  as `apart`: the engine never puts them in one group again. Putting them back together
  by hand (a merge, a move in) deletes the pairs concerned — the later decision wins.

Everything else — proposed groups — is redrawn by each run (a proposed group whose
opinions are unchanged keeps its id). No edit leaves an opinion without a petition: one
that would is refused with a message.

Every edit locks the session's row and checks the version the page was drawn from, so two
people regrouping one session at once cannot both succeed; each writes a `VoterEvent`.
Accepted petitions are indexed in the matching engine (namespace "voter-petitions") and
compared with earlier sessions' petitions (kiến nghị lặp lại).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dannguyen.matching import services as matching

from . import grouping
from .models import (
    EventAction,
    Opinion,
    OpinionKind,
    PetitionStatus,
    RepeatLink,
    Separation,
    Session,
    VoterPetition,
)
from .workflow import WorkflowError, event, keep_as_staff

NAMESPACE = "voter-petitions"
MAX_TITLE_CHARS = 5_000
# An earlier petition is flagged as repeated from this matching score on (0..1).
REPEAT_SCORE = 0.35
MAX_REPEATS = 5


# ----------------------------------------------------------------------------- locking


def _lock(session: Session, version: int | None) -> Session:
    stored = Session.objects.select_for_update().get(pk=session.pk)
    if version is not None and stored.version != version:
        raise WorkflowError(
            _(
                "The petitions of this session were changed by someone else meanwhile: "
                "reload the page."
            )
        )
    stored.version += 1
    stored.save(update_fields=["version"])
    session.version = stored.version
    return stored


def _locked_petitions(session: Session, ids: Iterable[int]) -> dict[int, VoterPetition]:
    wanted = set(ids)
    found = {
        p.pk: p
        for p in VoterPetition.objects.select_for_update().filter(session=session, pk__in=wanted)
    }
    if set(found) != wanted:
        raise WorkflowError(_("These petitions are not all of this session."))
    return found


def _request_opinions(session: Session) -> Any:
    return Opinion.objects.filter(meeting__session=session, kind=OpinionKind.REQUEST)


def _members(petition: VoterPetition) -> set[int]:
    return set(Opinion.objects.filter(group=petition).values_list("pk", flat=True))


def _separate(session: Session, left: Collection[int], right: Collection[int], *, by: Any) -> None:
    pairs = {(min(a, b), max(a, b)) for a in left for b in right if a != b}
    existing = set(
        Separation.objects.filter(
            first_id__in=[a for a, _b in pairs], second_id__in=[b for _a, b in pairs]
        ).values_list("first_id", "second_id")
    )
    Separation.objects.bulk_create(
        Separation(session=session, first_id=a, second_id=b, created_by=_actor(by))
        for a, b in sorted(pairs - existing)
    )


def _join(ids: Collection[int]) -> None:
    """Staff put IDS together: earlier separations among them no longer hold."""
    ids = list(ids)
    Separation.objects.filter(first_id__in=ids, second_id__in=ids).delete()


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _texts(ids: Collection[int]) -> list[str]:
    return list(Opinion.objects.filter(pk__in=ids).order_by("pk").values_list("content", flat=True))


# ----------------------------------------------------------------------------- grouping


def constraints(session: Session) -> tuple[list[set[int]], list[tuple[int, int]]]:
    """Staff's decisions for SESSION: (together, apart), as the engine takes them."""
    together: dict[int, set[int]] = {}
    for pk, group in (
        _request_opinions(session).filter(group__is_fixed=True).values_list("pk", "group_id")
    ):
        together.setdefault(group, set()).add(pk)
    apart = list(Separation.objects.filter(session=session).values_list("first_id", "second_id"))
    return list(together.values()), apart


@transaction.atomic
def regroup(
    session: Session, *, by: Any, version: int | None = None, threshold: float | None = None
) -> list[VoterPetition]:
    """Run the grouping over all of SESSION's opinions and keep the result.

    Staff's petitions stay exactly as they are; every other opinion lands in a proposed
    petition (singletons included).
    """
    _lock(session, version)
    opinions = list(
        _request_opinions(session).select_related("commune", "meeting__commune").order_by("pk")
    )
    together, apart = constraints(session)
    proposals = grouping.propose(
        [
            grouping.OpinionText(
                id=o.pk,
                text=o.content,
                commune=(o.commune or o.meeting.commune).code
                if (o.commune or o.meeting.commune)
                else "",
                meeting=o.meeting_id,
            )
            for o in opinions
        ],
        together=together,
        apart=apart,
        threshold=threshold,
    )
    kept = apply_proposals(session, proposals, opinion_ids={o.pk for o in opinions})
    event(
        session,
        EventAction.GROUPED,
        by=by,
        details={"opinions": len(opinions), "petitions": len(kept)},
    )
    return kept


def apply_proposals(
    session: Session, proposals: Sequence[grouping.ProposedGroup], *, opinion_ids: set[int]
) -> list[VoterPetition]:
    """Keep PROPOSALS as SESSION's petitions, staff's fixed petitions untouched.

    Defensive about the proposals: an opinion of a fixed petition stays in it whatever
    was proposed, an opinion proposed twice counts once, one left out becomes a petition
    of its own — so every opinion of OPINION_IDS ends in exactly one petition.
    """
    fixed_of = dict(
        Opinion.objects.filter(pk__in=opinion_ids, group__is_fixed=True).values_list(
            "pk", "group_id"
        )
    )
    placed: set[int] = set(fixed_of)
    drawn: list[tuple[tuple[int, ...], str, float]] = []
    for proposal in proposals:
        free = tuple(
            sorted(
                i
                for i in dict.fromkeys(proposal.opinion_ids)
                if i in opinion_ids and i not in placed
            )
        )
        if not free:
            continue
        placed.update(free)
        drawn.append((free, proposal.title, proposal.cohesion))
    missing = opinion_ids - placed
    for pk, content in (
        Opinion.objects.filter(pk__in=missing).order_by("pk").values_list("pk", "content")
    ):
        drawn.append(((pk,), grouping.draft_title([content]), 1.0))

    # One query for the members of every redrawable petition, not one per petition.
    unfixed = {p.pk: p for p in VoterPetition.objects.filter(session=session, is_fixed=False)}
    members: dict[int, set[int]] = {pk: set() for pk in unfixed}
    for pk, group in Opinion.objects.filter(group__in=list(unfixed)).values_list("pk", "group_id"):
        members[group].add(pk)
    existing = {frozenset(ids): unfixed[pk] for pk, ids in members.items()}
    kept: list[VoterPetition] = []
    for ids, title, cohesion in drawn:
        petition = existing.pop(frozenset(ids), None)
        if petition is None:
            petition = VoterPetition.objects.create(
                session=session,
                title=(title or _texts(ids)[0])[:MAX_TITLE_CHARS],
                cohesion=cohesion,
            )
        else:
            petition.cohesion = cohesion
            petition.save(update_fields=["cohesion", "updated_at"])
        Opinion.objects.filter(pk__in=ids).exclude(group=petition).update(group=petition)
        kept.append(petition)
    stale = [p.pk for p in existing.values()]
    VoterPetition.objects.filter(pk__in=stale, opinions__isnull=True).delete()
    fixed = list(VoterPetition.objects.filter(session=session, is_fixed=True).order_by("pk"))
    return fixed + kept


# ----------------------------------------------------------------------------- staff's edits


@transaction.atomic
def accept(petition: VoterPetition, *, by: Any, version: int | None = None) -> VoterPetition:
    _lock(petition.session, version)
    stored = _locked_petitions(petition.session, [petition.pk])[petition.pk]
    previous = stored.status
    keep_as_staff(stored)
    stored.save()
    event(
        stored.session,
        EventAction.ACCEPTED,
        by=by,
        petition=stored,
        from_status=previous,
        to_status=stored.status,
    )
    flag_repeats(stored)
    return stored


@transaction.atomic
def merge(
    target: VoterPetition,
    others: Sequence[VoterPetition],
    *,
    by: Any,
    version: int | None = None,
) -> VoterPetition:
    """Put the opinions of OTHERS into TARGET (which keeps its wording); OTHERS go."""
    session = target.session
    _lock(session, version)
    other_ids = {p.pk for p in others} - {target.pk}
    if not other_ids:
        raise WorkflowError(_("Choose at least one other petition to merge into this one."))
    rows = _locked_petitions(session, other_ids | {target.pk})
    stored = rows[target.pk]
    moved = set(Opinion.objects.filter(group_id__in=other_ids).values_list("pk", flat=True))
    Opinion.objects.filter(pk__in=moved).update(group=stored)
    _join(moved | _members(stored))
    for pk in other_ids:
        matching.remove_item(namespace=NAMESPACE, key=pk)
    VoterPetition.objects.filter(pk__in=other_ids).delete()
    keep_as_staff(stored)
    stored.save()
    event(
        session,
        EventAction.MERGED,
        by=by,
        petition=stored,
        details={"merged": sorted(other_ids), "opinions": sorted(moved)},
    )
    flag_repeats(stored)
    return stored


@transaction.atomic
def split(
    petition: VoterPetition,
    opinion_ids: Collection[int],
    *,
    by: Any,
    title: str = "",
    version: int | None = None,
) -> VoterPetition:
    """Take OPINION_IDS out of PETITION into a new petition; both are staff's from now on."""
    session = petition.session
    _lock(session, version)
    stored = _locked_petitions(session, [petition.pk])[petition.pk]
    members = _members(stored)
    chosen = set(opinion_ids)
    if not chosen:
        raise WorkflowError(_("Choose the opinions to take out of this petition."))
    if not chosen <= members:
        raise WorkflowError(_("Only opinions of this petition can be split off."))
    if chosen == members:
        raise WorkflowError(
            _("A split must leave at least one opinion in this petition: choose fewer.")
        )
    new = VoterPetition.objects.create(
        session=session,
        title=(title.strip() or grouping.draft_title(_texts(chosen)) or _texts(chosen)[0])[
            :MAX_TITLE_CHARS
        ],
        status=PetitionStatus.ACCEPTED,
        is_fixed=True,
    )
    Opinion.objects.filter(pk__in=chosen).update(group=new)
    _separate(session, chosen, members - chosen, by=by)
    keep_as_staff(stored)
    stored.save()
    event(
        session,
        EventAction.SPLIT,
        by=by,
        petition=stored,
        details={"new": new.pk, "opinions": sorted(chosen)},
    )
    flag_repeats(stored)
    flag_repeats(new)
    return new


@transaction.atomic
def move(
    opinion: Opinion, target: VoterPetition, *, by: Any, version: int | None = None
) -> VoterPetition:
    """Move OPINION into TARGET; its former petition goes if nothing is left in it."""
    session = target.session
    _lock(session, version)
    stored = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if stored.kind != OpinionKind.REQUEST or stored.meeting.session_id != session.pk:
        raise WorkflowError(_("This opinion cannot go into a petition of this session."))
    if stored.group_id == target.pk:
        raise WorkflowError(_("The opinion is already in this petition."))
    ids = {target.pk} | ({stored.group_id} if stored.group_id else set())
    rows = _locked_petitions(session, ids)
    into = rows[target.pk]
    source = rows.get(stored.group_id) if stored.group_id else None
    stored.group = into
    stored.save(update_fields=["group"])
    _join(_members(into))
    if source is not None:
        rest = _members(source)
        _separate(session, {stored.pk}, rest, by=by)
        if not rest:
            matching.remove_item(namespace=NAMESPACE, key=source.pk)
            source.delete()
    keep_as_staff(into)
    into.save()
    event(
        session,
        EventAction.MOVED,
        by=by,
        petition=into,
        details={"opinion": stored.pk, "from": source.pk if source else None},
    )
    flag_repeats(into)
    return into


@transaction.atomic
def edit_members(
    petition: VoterPetition, opinion_ids: Collection[int], *, by: Any, version: int | None = None
) -> VoterPetition:
    """Make OPINION_IDS the petition's opinions: others of the session are moved in.

    Leaving one of its opinions out is refused: it would belong to no petition. Opinions
    leave a petition by a split or a move to another petition.
    """
    session = petition.session
    _lock(session, version)
    stored = _locked_petitions(session, [petition.pk])[petition.pk]
    wanted = set(opinion_ids)
    members = _members(stored)
    orphans = members - wanted
    if orphans:
        raise WorkflowError(
            _(
                "%(n)s opinion(s) would belong to no petition: move them to another petition "
                "or split them off instead of removing them."
            )
            % {"n": len(orphans)}
        )
    incoming = wanted - members
    found = _request_opinions(session).filter(pk__in=incoming)
    if found.count() != len(incoming):
        raise WorkflowError(_("Only opinions of this session's meetings can be added."))
    source_of = dict(found.exclude(group__isnull=True).values_list("pk", "group_id"))
    sources = set(source_of.values())
    rest: dict[int, set[int]] = {}
    for pk, group in (
        Opinion.objects.filter(group__in=sources)
        .exclude(pk__in=incoming)
        .values_list("pk", "group_id")
    ):
        rest.setdefault(group, set()).add(pk)
    for pk, group in source_of.items():
        _separate(session, {pk}, rest.get(group, set()), by=by)
    found.update(group=stored)
    _join(wanted)
    emptied = VoterPetition.objects.filter(pk__in=sources, opinions__isnull=True)
    for pk in emptied.values_list("pk", flat=True):
        matching.remove_item(namespace=NAMESPACE, key=pk)
    emptied.delete()
    keep_as_staff(stored)
    stored.save()
    event(
        session,
        EventAction.MOVED,
        by=by,
        petition=stored,
        details={"added": sorted(incoming)},
    )
    flag_repeats(stored)
    return stored


@transaction.atomic
def reword(
    petition: VoterPetition, title: str, *, by: Any, version: int | None = None
) -> VoterPetition:
    text = " ".join((title or "").split())
    if not text:
        raise WorkflowError(_("The consolidated wording cannot be empty."), "title")
    if len(text) > MAX_TITLE_CHARS:
        raise WorkflowError(
            _("The wording is at most %(n)s characters long.") % {"n": MAX_TITLE_CHARS}, "title"
        )
    _lock(petition.session, version)
    stored = _locked_petitions(petition.session, [petition.pk])[petition.pk]
    stored.title = text
    keep_as_staff(stored)
    stored.save()
    event(stored.session, EventAction.REWORDED, by=by, petition=stored)
    flag_repeats(stored)
    return stored


# ----------------------------------------------------------------------------- repeats


def flag_repeats(petition: VoterPetition) -> list[RepeatLink]:
    """Index PETITION and link the earlier sessions' petitions that ask the same."""
    session = petition.session
    text = "\n".join([petition.title, *_texts(_members(petition))])
    matching.index_item(namespace=NAMESPACE, key=petition.pk, text=text, on=session.opens_on)
    matches = matching.find_similar(
        namespace=NAMESPACE, text=text, exclude={petition.pk}, limit=matching.MAX_LIMIT
    )
    earlier = set(
        VoterPetition.objects.filter(
            pk__in=[m.key for m in matches], session__opens_on__lt=session.opens_on
        )
        .exclude(session=session)
        .values_list("pk", flat=True)
    )
    RepeatLink.objects.filter(petition=petition).delete()
    links = [
        RepeatLink(petition=petition, earlier_id=m.key, score=m.score, reasons=m.reasons)
        for m in matches
        if m.score >= REPEAT_SCORE and m.key in earlier
    ][:MAX_REPEATS]
    return RepeatLink.objects.bulk_create(links)
