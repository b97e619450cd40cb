"""Sessions, meetings and opinions through the workflow: what is kept, what is refused."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.petitions.models import Channel, Petition
from dannguyen.voters import workflow
from dannguyen.voters.models import EventAction, Meeting, Opinion, Session, VoterEvent
from dannguyen.voters.workflow import OpinionInput, WorkflowError

from .conftest import CLOSES, MEETING_DAY, OPENS, meeting_values

pytestmark = pytest.mark.django_db


def test_a_session_is_recorded_once_with_its_term_in_capitals(session, voter_contact_officer):
    assert session.term == "XV"
    assert VoterEvent.objects.filter(session=session, action=EventAction.SESSION_CREATED).exists()
    with pytest.raises(WorkflowError) as refused:
        workflow.create_session(
            values={
                "body": "na",
                "term": "XV",
                "number": 11,
                "kind": "regular",
                "opens_on": OPENS,
                "closes_on": CLOSES,
            },
            by=voter_contact_officer,
        )
    assert refused.value.field == "number"
    assert Session.objects.filter(term="XV", number=11).count() == 1


def test_a_commune_council_session_names_its_commune(world, communes, voter_contact_officer):
    values = {
        "body": "hdnd_commune",
        "term": "I",
        "number": 3,
        "kind": "thematic",
        "opens_on": OPENS,
        "closes_on": OPENS,
    }
    with pytest.raises(WorkflowError):
        workflow.create_session(values=values, by=voter_contact_officer)
    made = workflow.create_session(
        values={**values, "commune": communes[0]}, by=voter_contact_officer
    )
    # The same number in another commune is another council's session.
    other = workflow.create_session(
        values={**values, "commune": communes[1]}, by=voter_contact_officer
    )
    assert made.commune == communes[0] and other.commune == communes[1]


def test_a_meeting_outside_its_round_is_refused_in_vietnamese(
    session, communes, voter_contact_officer
):
    for day, timing in [
        (OPENS, "before"),  # the opening day is not before the session
        (datetime.date(2025, 12, 11), "before"),  # the previous session's closing day
        (CLOSES, "after"),
        (CLOSES + datetime.timedelta(days=91), "after"),  # beyond the office's window
    ]:
        with pytest.raises(WorkflowError) as refused:
            workflow.record_meeting(
                session=session,
                values=meeting_values(communes[0], held_on=day, timing=timing),
                by=voter_contact_officer,
            )
        assert refused.value.field == "held_on"
        # The message names the window (the wording itself is translated in the catalogue).
        assert "/2026" in refused.value.message
    assert not Meeting.objects.exists()
    after = workflow.record_meeting(
        session=session,
        values=meeting_values(
            communes[0], held_on=CLOSES + datetime.timedelta(days=5), timing="after"
        ),
        by=voter_contact_officer,
    )
    assert after.timing == "after"


def test_moving_a_session_away_from_its_meetings_is_refused(meetings, voter_contact_officer):
    session = meetings[0].session
    values = {
        "body": "na",
        "term": "XV",
        "number": 11,
        "kind": "regular",
        "opens_on": MEETING_DAY - datetime.timedelta(days=1),
        "closes_on": CLOSES,
    }
    with pytest.raises(WorkflowError):
        workflow.update_session(session, values=values, by=voter_contact_officer)
    session.refresh_from_db()
    assert session.opens_on == OPENS


def test_blank_opinions_are_refused_and_nothing_is_kept(meetings, voter_contact_officer):
    for blank in ["", "   ", "\n\t "]:
        with pytest.raises(WorkflowError) as refused:
            workflow.add_opinions(
                meeting=meetings[0],
                items=[OpinionInput("Đề nghị làm đường."), OpinionInput(blank)],
                by=voter_contact_officer,
            )
        assert refused.value.field == "content"
    assert not Opinion.objects.exists()


def test_opinions_keep_their_order_commune_and_answer(meetings, voter_contact_officer, communes):
    made = workflow.add_opinions(
        meeting=meetings[0],
        items=[
            OpinionInput("  Đề nghị   làm đường.  "),
            OpinionInput(
                "Đề nghị cấp sổ đỏ.",
                commune=communes[2],
                answered_on_spot=True,
                answered_by="Chủ tịch UBND xã",
            ),
        ],
        by=voter_contact_officer,
    )
    assert [(o.order, o.content, o.commune) for o in made] == [
        (1, "Đề nghị làm đường.", communes[0]),
        (2, "Đề nghị cấp sổ đỏ.", communes[2]),
    ]
    assert made[1].answered_by == "Chủ tịch UBND xã"
    more = workflow.add_opinions(
        meeting=meetings[0], items=[OpinionInput("Đề nghị khác.")], by=voter_contact_officer
    )
    assert more[0].order == 3


def test_a_complaint_goes_to_petition_intake(meetings, voter_contact_officer):
    made = workflow.add_opinions(
        meeting=meetings[0],
        items=[
            OpinionInput(
                "Tôi khiếu nại quyết định thu hồi đất của UBND xã.",
                speaker="Bà Trần Thị Khiếu",
                kind="complaint",
            )
        ],
        by=voter_contact_officer,
    )
    petition = Petition.objects.get()
    assert made[0].intake == petition
    assert made[0].group is None
    assert petition.channel == Channel.VOTER_MEETING
    assert petition.kind == "complaint"
    assert petition.received_on == meetings[0].held_on
    assert petition.receiving_subject == "na_delegation"


def test_correcting_an_opinion_into_a_denunciation_registers_it(opinions, voter_contact_officer):
    pension = opinions[1]
    workflow.update_opinion(
        pension,
        item=OpinionInput("Tôi tố cáo cán bộ xã nhận tiền.", kind="denunciation"),
        by=voter_contact_officer,
    )
    pension.refresh_from_db()
    assert pension.intake is not None and pension.intake.kind == "denunciation"
    # A registered letter is corrected in the register, not turned back into an opinion.
    with pytest.raises(WorkflowError):
        workflow.update_opinion(
            pension, item=OpinionInput("Đề nghị khác.", kind="request"), by=voter_contact_officer
        )
    with pytest.raises(WorkflowError):
        workflow.update_opinion(opinions[0], item=OpinionInput(" "), by=voter_contact_officer)
    opinions[0].refresh_from_db()
    assert opinions[0].content.startswith("Đề nghị nâng cấp")
