"""Consolidated petitions: proposals kept, staff's merges and splits kept across runs, no
opinion ever left without a petition, repeats from earlier sessions flagged."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.voters import groups, workflow
from dannguyen.voters.grouping import ProposedGroup
from dannguyen.voters.models import (
    EventAction,
    Opinion,
    RepeatLink,
    Separation,
    VoterEvent,
    VoterPetition,
)
from dannguyen.voters.workflow import OpinionInput, WorkflowError

from .conftest import ROAD, meeting_values

pytestmark = pytest.mark.django_db


def membership(session):
    """{petition id: sorted opinion ids} and the opinions counted once each."""
    found: dict[int, list[int]] = {}
    for pk, group in Opinion.objects.filter(meeting__session=session, kind="request").values_list(
        "pk", "group_id"
    ):
        found.setdefault(group, []).append(pk)
    return {k: sorted(v) for k, v in found.items()}


def groups_of(session):
    return sorted(sorted(ids) for ids in membership(session).values())


def propose(*sets):
    return [ProposedGroup(tuple(sorted(s)), f"Nhóm {n}", 0.8, False) for n, s in enumerate(sets)]


@pytest.fixture
def ids(opinions):
    road, pension, road_again, flood = (o.pk for o in opinions)
    return {"road": road, "pension": pension, "road_again": road_again, "flood": flood}


@pytest.fixture
def drawn(session, ids):
    """The road twice together, the pension and the flood bank alone."""
    groups.apply_proposals(
        session,
        propose({ids["road"], ids["road_again"]}, {ids["pension"]}, {ids["flood"]}),
        opinion_ids=set(ids.values()),
    )
    return {o: VoterPetition.objects.get(opinions=pk) for o, pk in ids.items()}


def test_proposals_are_kept_and_an_unchanged_group_keeps_its_id(session, ids, drawn):
    assert groups_of(session) == sorted(
        [sorted([ids["road"], ids["road_again"]]), [ids["pension"]], [ids["flood"]]]
    )
    assert drawn["road"].title == "Nhóm 0" and drawn["road"].status == "proposed"
    again = groups.apply_proposals(
        session,
        propose({ids["road"], ids["road_again"]}, {ids["pension"], ids["flood"]}),
        opinion_ids=set(ids.values()),
    )
    assert drawn["road"].pk in {p.pk for p in again}
    # The pension's and the flood's proposed petitions were redrawn as one; the old are gone.
    assert VoterPetition.objects.filter(session=session).count() == 2


def test_opinions_left_out_or_proposed_twice_still_end_in_exactly_one(session, ids):
    groups.apply_proposals(
        session,
        propose({ids["road"], ids["pension"]}, {ids["pension"], ids["road_again"]}),
        opinion_ids=set(ids.values()),
    )
    assert sorted(i for g in groups_of(session) for i in g) == sorted(ids.values())
    assert not Opinion.objects.filter(meeting__session=session, group__isnull=True).exists()


def test_regrouping_puts_every_opinion_in_one_petition_and_leaves_letters_out(
    session, ids, meetings, voter_contact_officer
):
    complaint = workflow.add_opinions(
        meeting=meetings[0],
        items=[OpinionInput("Tôi khiếu nại quyết định thu hồi đất.", kind="complaint")],
        by=voter_contact_officer,
    )[0]
    kept = groups.regroup(session, by=voter_contact_officer)
    assert sorted(i for g in groups_of(session) for i in g) == sorted(ids.values())
    assert len(kept) == len(groups_of(session))
    complaint.refresh_from_db()
    assert complaint.group is None
    assert VoterEvent.objects.filter(session=session, action=EventAction.GROUPED).exists()


def test_a_split_survives_a_new_run(session, ids, drawn, voter_contact_officer):
    new = groups.split(drawn["road"], {ids["road_again"]}, by=voter_contact_officer)
    assert new.is_fixed and new.status == "accepted"
    assert Separation.objects.filter(
        first_id=min(ids["road"], ids["road_again"]), second_id=max(ids["road"], ids["road_again"])
    ).exists()
    before = membership(session)
    groups.regroup(session, by=voter_contact_officer)
    after = membership(session)
    for petition in VoterPetition.objects.filter(session=session, is_fixed=True):
        assert after[petition.pk] == before[petition.pk]
    assert VoterPetition.objects.get(opinions=ids["road"]) != VoterPetition.objects.get(
        opinions=ids["road_again"]
    )


def test_a_merge_survives_a_new_run(session, ids, drawn, voter_contact_officer):
    merged = groups.merge(drawn["pension"], [drawn["flood"]], by=voter_contact_officer)
    assert sorted(membership(session)[merged.pk]) == sorted([ids["pension"], ids["flood"]])
    assert not VoterPetition.objects.filter(pk=drawn["flood"].pk).exists()
    groups.regroup(session, by=voter_contact_officer)
    assert membership(session)[merged.pk] == sorted([ids["pension"], ids["flood"]])
    assert VoterPetition.objects.get(pk=merged.pk).title == "Nhóm 1"


def test_moving_the_last_opinion_removes_the_empty_petition(
    session, ids, drawn, voter_contact_officer
):
    flood = Opinion.objects.get(pk=ids["flood"])
    into = groups.move(flood, drawn["pension"], by=voter_contact_officer)
    assert membership(session)[into.pk] == sorted([ids["pension"], ids["flood"]])
    assert not VoterPetition.objects.filter(pk=drawn["flood"].pk).exists()
    road_again = Opinion.objects.get(pk=ids["road_again"])
    groups.move(road_again, into, by=voter_contact_officer)
    # Taken out of the road petition: the pair is kept apart from now on.
    assert Separation.objects.filter(session=session).count() == 1
    groups.regroup(session, by=voter_contact_officer)
    assert VoterPetition.objects.get(opinions=ids["road"]) != into


def test_an_edit_that_would_orphan_an_opinion_is_refused(
    session, ids, drawn, voter_contact_officer
):
    before = membership(session)
    with pytest.raises(WorkflowError):
        groups.edit_members(drawn["road"], {ids["road"]}, by=voter_contact_officer)
    for chosen in (set(), {ids["road"], ids["road_again"]}, {ids["pension"]}):
        with pytest.raises(WorkflowError):
            groups.split(drawn["road"], chosen, by=voter_contact_officer)
    with pytest.raises(WorkflowError):
        groups.merge(drawn["road"], [], by=voter_contact_officer)
    assert membership(session) == before
    assert not Separation.objects.exists()


def test_edit_members_takes_opinions_from_other_petitions(
    session, ids, drawn, voter_contact_officer
):
    groups.edit_members(
        drawn["road"],
        {ids["road"], ids["road_again"], ids["flood"]},
        by=voter_contact_officer,
    )
    assert membership(session)[drawn["road"].pk] == sorted(
        [ids["road"], ids["road_again"], ids["flood"]]
    )
    assert not VoterPetition.objects.filter(pk=drawn["flood"].pk).exists()


def test_a_stale_page_cannot_regroup(session, ids, drawn, voter_contact_officer):
    version = session.version
    groups.accept(drawn["road"], by=voter_contact_officer, version=version)
    with pytest.raises(WorkflowError):
        groups.reword(drawn["pension"], "Đề nghị khác", by=voter_contact_officer, version=version)
    drawn["pension"].refresh_from_db()
    assert drawn["pension"].title == "Nhóm 1"
    with pytest.raises(WorkflowError):
        groups.reword(drawn["pension"], "   ", by=voter_contact_officer)


def test_a_petition_raised_in_an_earlier_session_is_flagged(
    session, earlier_session, communes, ids, drawn, voter_contact_officer
):
    meeting = workflow.record_meeting(
        session=earlier_session,
        values=meeting_values(communes[0], held_on=datetime.date(2025, 10, 1)),
        by=voter_contact_officer,
    )
    old = workflow.add_opinions(
        meeting=meeting, items=[OpinionInput(ROAD)], by=voter_contact_officer
    )
    groups.apply_proposals(earlier_session, propose({old[0].pk}), opinion_ids={old[0].pk})
    earlier = VoterPetition.objects.get(session=earlier_session)
    groups.reword(earlier, ROAD, by=voter_contact_officer)
    groups.accept(drawn["road"], by=voter_contact_officer)
    link = RepeatLink.objects.get(petition=drawn["road"])
    assert link.earlier == earlier
    assert link.score >= groups.REPEAT_SCORE
    # Nothing unlike it is flagged, and a later session is never "earlier".
    groups.accept(drawn["pension"], by=voter_contact_officer)
    assert not RepeatLink.objects.filter(petition=drawn["pension"]).exists()
    assert not RepeatLink.objects.filter(petition=earlier).exists()
