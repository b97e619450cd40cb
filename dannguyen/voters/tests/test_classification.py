"""Classification: confirmed by staff, refused when inconsistent, learned for the next ones."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dannguyen.core.models import Agency, FieldOfWork
from dannguyen.voters import classification, groups, workflow
from dannguyen.voters.grouping import ProposedGroup
from dannguyen.voters.models import EventAction, VoterEvent, VoterPetition
from dannguyen.voters.workflow import OpinionInput, WorkflowError

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(session, opinions):
    groups.apply_proposals(
        session,
        [
            ProposedGroup((opinions[0].pk, opinions[2].pk), "Đề nghị nâng cấp ĐT 477", 0.7, False),
            ProposedGroup((opinions[1].pk,), "Đề nghị tăng lương hưu", 1.0, False),
            ProposedGroup((opinions[3].pk,), "Đề nghị xây kè", 1.0, False),
        ],
        opinion_ids={o.pk for o in opinions},
    )
    return [VoterPetition.objects.get(opinions=o) for o in opinions]


@pytest.fixture
def field(world):
    return FieldOfWork.objects.filter(is_active=True).order_by("code").first()


@pytest.fixture
def provincial(world):
    return Agency.objects.filter(level="provincial", is_active=True).order_by("pk").first()


def test_classifying_records_the_choice_and_what_was_suggested(
    drawn, opinions, field, provincial, voter_contact_officer, django_capture_on_commit_callbacks
):
    road = drawn[0]
    with django_capture_on_commit_callbacks(execute=True):
        done = classification.classify(
            road,
            field=field,
            competence="provincial",
            agency=provincial,
            suggested=classification.suggest(road),
            by=voter_contact_officer,
        )
    assert (done.status, done.is_fixed, done.field, done.agency) == (
        "classified",
        True,
        field,
        provincial,
    )
    assert VoterEvent.objects.filter(action=EventAction.CLASSIFIED, petition_ref=road.pk).exists()
    # One example weighs too little to suggest anything; a second confirmation does.
    with django_capture_on_commit_callbacks(execute=True):
        classification.classify(
            drawn[3],
            field=field,
            competence="provincial",
            agency=provincial,
            by=voter_contact_officer,
        )
    # Learned: a petition worded like it is now suggested the same field, level and agency.
    other = workflow.add_opinions(
        meeting=opinions[3].meeting,
        items=[OpinionInput("Cử tri đề nghị nâng cấp, sửa chữa tuyến đường ĐT 477 xuống cấp.")],
        by=voter_contact_officer,
    )[0]
    groups.apply_proposals(
        road.session,
        [ProposedGroup((other.pk,), "Đề nghị sửa đường ĐT 477", 1.0, False)],
        opinion_ids={other.pk},
    )
    again = classification.suggest(VoterPetition.objects.get(opinions=other))
    assert again.field and again.field[0].value == field.code
    assert again.competence and again.competence[0].value == "provincial"
    assert again.agency and again.agency[0].value == str(provincial.pk)
    assert again.field[0].reasons


def test_an_agency_of_another_level_is_refused(drawn, field, provincial, voter_contact_officer):
    with pytest.raises(WorkflowError) as refused:
        classification.classify(
            drawn[1], field=field, competence="central", agency=provincial, by=voter_contact_officer
        )
    assert refused.value.field == "agency"
    drawn[1].refresh_from_db()
    assert drawn[1].status == "proposed" and drawn[1].field is None


def test_classification_on_the_page(client, request, drawn, field, provincial, session):
    url = reverse("voters:petition_act", args=[drawn[1].pk, "classify"])
    data = {
        "version": session.version,
        "field": field.pk,
        "competence": "provincial",
        "agency": provincial.pk,
    }
    for persona in ["deputy", "office_leader", "information_officer", "outsider"]:
        client.force_login(request.getfixturevalue(persona))
        assert client.post(url, data).status_code == 403
    client.force_login(request.getfixturevalue("voter_contact_officer"))
    page = client.get(reverse("voters:petition_detail", args=[drawn[1].pk]))
    assert "classify_form" in page.context
    response = client.post(url, {**data, "competence": "central"})
    assert response.status_code == 400
    drawn[1].refresh_from_db()
    assert drawn[1].status == "proposed"
    assert client.post(url, data).status_code == 302
    drawn[1].refresh_from_db()
    assert drawn[1].status == "classified"
