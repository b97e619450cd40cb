"""Every page allowed and forbidden, bad input refused with nothing changed, bounded lists."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dannguyen.voters import groups
from dannguyen.voters.grouping import ProposedGroup
from dannguyen.voters.models import Meeting, Opinion, Separation, Session, VoterPetition

from .conftest import CLOSES, MEETING_DAY, OPENS

pytestmark = pytest.mark.django_db

PERSONAS = [
    "department_head",
    "deputy_head",
    "voter_contact_officer",
    "information_officer",
    "reception_officer",
    "office_leader",
    "deputy",
    "system_admin",
    "outsider",
]
RECORDERS = {"department_head", "deputy_head", "voter_contact_officer"}
READERS = RECORDERS | {"information_officer", "reception_officer", "office_leader", "deputy"}

READ_PAGES = {
    "session_list": READERS,
    "session_detail": READERS,
    "meeting_detail": READERS,
    "petition_list": READERS,
    "petition_detail": READERS,
    "minutes_file": READERS,
}
EDIT_PAGES = {
    "session_create": RECORDERS,
    "session_edit": RECORDERS,
    "plan_edit": RECORDERS,
    "meeting_create": RECORDERS,
    "meeting_edit": RECORDERS,
    "opinion_edit": RECORDERS,
}
POSTS = ["opinion_add", "minutes_split", "group_run", "petition_accept", "petition_members"]


@pytest.fixture
def world(opinions, session, voter_contact_officer, settings):
    meeting = opinions[0].meeting
    meeting.minutes_file.save("bien-ban.pdf", SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x"))
    groups.apply_proposals(
        session,
        [
            ProposedGroup((opinions[0].pk, opinions[2].pk), "Đề nghị nâng cấp ĐT 477", 0.7, False),
            ProposedGroup((opinions[1].pk,), "Đề nghị tăng lương hưu", 1.0, False),
            ProposedGroup((opinions[3].pk,), "Đề nghị xây kè", 1.0, False),
        ],
        opinion_ids={o.pk for o in opinions},
    )
    return {
        "session": session,
        "meeting": meeting,
        "opinion": opinions[0],
        "petition": VoterPetition.objects.get(opinions=opinions[0]),
    }


def url_for(name, world):
    session, meeting = world["session"], world["meeting"]
    by_session = {"session_detail", "session_edit", "meeting_create", "petition_list", "group_run"}
    if name == "session_list" or name == "session_create":
        return reverse(f"voters:{name}")
    if name in by_session:
        return reverse(f"voters:{name}", args=[session.pk])
    if name == "plan_edit":
        return reverse("voters:plan_edit", args=[session.pk, "before"])
    if name in {"meeting_detail", "meeting_edit", "minutes_file", "minutes_split", "opinion_add"}:
        return reverse(f"voters:{name}", args=[meeting.pk])
    if name == "opinion_edit":
        return reverse("voters:opinion_edit", args=[world["opinion"].pk])
    if name == "petition_detail":
        return reverse("voters:petition_detail", args=[world["petition"].pk])
    action = name.removeprefix("petition_")
    return reverse("voters:petition_act", args=[world["petition"].pk, action])


@pytest.mark.parametrize("name", sorted(READ_PAGES | EDIT_PAGES))
def test_who_may_open_each_page(client, request, world, name):
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        seen[persona] = client.get(url_for(name, world)).status_code
    allowed = (READ_PAGES | EDIT_PAGES)[name]
    assert seen == {p: 200 if p in allowed else 403 for p in PERSONAS}


@pytest.mark.parametrize("name", POSTS)
def test_a_forbidden_post_changes_nothing(client, request, world, name):
    before = (
        Opinion.objects.count(),
        sorted(Opinion.objects.values_list("pk", "group_id")),
        world["session"].version,
    )
    data = {
        "content": "Đề nghị mới.",
        "kind": "request",
        "minutes": "1. Đề nghị A.\n2. Đề nghị B.",
        "step": "split",
        "version": world["session"].version,
        "opinions": [world["opinion"].pk],
    }
    for persona in sorted(set(PERSONAS) - RECORDERS):
        client.force_login(request.getfixturevalue(persona))
        assert client.post(url_for(name, world), data).status_code == 403
    world["session"].refresh_from_db()
    after = (
        Opinion.objects.count(),
        sorted(Opinion.objects.values_list("pk", "group_id")),
        world["session"].version,
    )
    assert after == before


def test_the_session_list_costs_the_same_whatever_its_length(
    client, voter_contact_officer, world, django_assert_max_num_queries
):
    client.force_login(voter_contact_officer)
    for number in range(1, 15):
        Session.objects.create(
            body="hdnd_province",
            term="XVI",
            number=number,
            kind="regular",
            opens_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=20 * number),
            closes_on=datetime.date(2026, 1, 2) + datetime.timedelta(days=20 * number),
        )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("voters:session_list"))
    assert response.status_code == 200
    assert response.content.decode().count("/voters/sessions/") >= 16


def test_the_petition_list_costs_the_same_whatever_its_length(
    client, voter_contact_officer, world, django_assert_max_num_queries
):
    client.force_login(voter_contact_officer)
    url = reverse("voters:petition_list", args=[world["session"].pk])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count('data-testid="petition"') == 3
    groups.regroup(world["session"], by=voter_contact_officer)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_a_session_is_created_and_a_wrong_one_refused(client, voter_contact_officer, world):
    client.force_login(voter_contact_officer)
    url = reverse("voters:session_create")
    values = {
        "body": "hdnd_province",
        "term": "XVI",
        "number": "2",
        "kind": "extraordinary",
        "opens_on": "12/10/2026",
        "closes_on": "13/10/2026",
    }
    response = client.post(url, values)
    assert response.status_code == 302
    made = Session.objects.get(body="hdnd_province")
    page = client.get(made.get_absolute_url()).content.decode()
    assert "08/10/2026" in page and "22/10/2026" in page  # the two reports due
    count = Session.objects.count()
    for bad in [
        {"closes_on": "01/10/2026"},
        {"number": "2"},  # recorded already
        {"number": "0"},
        {"body": "hdnd_commune"},  # no commune named
        {"opens_on": "31/02/2026"},
    ]:
        response = client.post(url, {**values, **bad})
        assert response.status_code == 200
        assert response.context["form"].errors
    assert Session.objects.count() == count


def test_a_meeting_outside_the_session_window_is_refused(
    client, voter_contact_officer, world, communes
):
    client.force_login(voter_contact_officer)
    url = reverse("voters:meeting_create", args=[world["session"].pk])
    values = {
        "timing": "before",
        "kind": "session",
        "method": "hybrid",
        "held_on": OPENS.strftime("%d/%m/%Y"),
        "place": "Hội trường UBND xã",
        "commune": communes[2].pk,
        "voter_count": "80",
    }
    count = Meeting.objects.count()
    response = client.post(url, values)
    assert response.status_code == 200
    assert "held_on" in response.context["form"].errors
    response = client.post(
        url, {**values, "timing": "after", "held_on": CLOSES.strftime("%d/%m/%Y")}
    )
    assert "held_on" in response.context["form"].errors
    assert Meeting.objects.count() == count
    good = {**values, "held_on": (MEETING_DAY + datetime.timedelta(days=3)).strftime("%d/%m/%Y")}
    assert client.post(url, good).status_code == 302
    assert Meeting.objects.count() == count + 1


def test_a_blank_opinion_is_refused(client, voter_contact_officer, world):
    client.force_login(voter_contact_officer)
    url = reverse("voters:opinion_add", args=[world["meeting"].pk])
    count = Opinion.objects.count()
    for blank in ["", "   ", "\n\t"]:
        response = client.post(url, {"content": blank, "kind": "request"})
        assert response.status_code == 400
        assert "content" in response.context["opinion_form"].errors
    assert Opinion.objects.count() == count
    response = client.post(url, {"content": "Đề nghị lắp đèn đường.", "kind": "request"})
    assert response.status_code == 302
    assert Opinion.objects.count() == count + 1
    assert Opinion.objects.latest("pk").commune == world["meeting"].commune


def test_minutes_pasted_split_corrected_and_saved(client, voter_contact_officer, world):
    client.force_login(voter_contact_officer)
    meeting = world["meeting"]
    url = reverse("voters:minutes_split", args=[meeting.pk])
    minutes = "1. Ông Trần Văn Bình: Đề nghị sửa cầu.\n2. Đề nghị lắp đèn.\n3. Đề nghị làm chợ."
    response = client.post(url, {"step": "split", "minutes": minutes})
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="piece"') == 3
    count = Opinion.objects.filter(meeting=meeting).count()
    rows = {
        "step": "save",
        "minutes": minutes,
        "piece-TOTAL_FORMS": "3",
        "piece-INITIAL_FORMS": "3",
        "piece-0-speaker": "Ông Trần Văn Bình",
        "piece-0-content": "Đề nghị sửa cầu Khe Gỗ.",  # corrected
        "piece-0-kind": "request",
        "piece-1-content": "   ",  # emptied by mistake: refused
        "piece-1-kind": "request",
        "piece-2-content": "Đề nghị làm chợ.",
        "piece-2-kind": "request",
        "piece-2-DELETE": "on",
    }
    response = client.post(url, rows)
    assert response.status_code == 400
    assert Opinion.objects.filter(meeting=meeting).count() == count
    response = client.post(url, {**rows, "piece-1-content": "Đề nghị lắp đèn."})
    assert response.status_code == 302
    added = list(Opinion.objects.filter(meeting=meeting).order_by("-order")[:2])
    assert [(o.speaker, o.content) for o in reversed(added)] == [
        ("Ông Trần Văn Bình", "Đề nghị sửa cầu Khe Gỗ."),
        ("", "Đề nghị lắp đèn."),
    ]
    # Everything deleted: nothing to save, nothing saved.
    response = client.post(url, {**rows, "piece-0-DELETE": "on", "piece-1-DELETE": "on"})
    assert response.status_code == 400
    assert Opinion.objects.filter(meeting=meeting).count() == count + 2


def test_an_orphaning_group_edit_is_refused_on_the_page(
    client, voter_contact_officer, world, opinions
):
    client.force_login(voter_contact_officer)
    petition = world["petition"]
    before = sorted(Opinion.objects.values_list("pk", "group_id"))
    url = reverse("voters:petition_act", args=[petition.pk, "members"])
    response = client.post(url, {"version": world["session"].version, "opinions": [opinions[0].pk]})
    assert response.status_code == 400
    assert 'data-testid="refused"' in response.content.decode()
    split = reverse("voters:petition_act", args=[petition.pk, "split"])
    response = client.post(
        split,
        {"version": world["session"].version, "opinions": [opinions[0].pk, opinions[2].pk]},
    )
    assert response.status_code == 400
    assert sorted(Opinion.objects.values_list("pk", "group_id")) == before
    assert not Separation.objects.exists()


def test_split_then_regroup_on_the_pages(client, voter_contact_officer, world, opinions):
    client.force_login(voter_contact_officer)
    petition, session = world["petition"], world["session"]
    split = reverse("voters:petition_act", args=[petition.pk, "split"])
    response = client.post(split, {"version": session.version, "opinions": [opinions[2].pk]})
    assert response.status_code == 302
    session.refresh_from_db()
    # A page drawn before the split is stale.
    stale = client.post(
        reverse("voters:group_run", args=[session.pk]), {"version": session.version - 1}
    )
    assert stale.status_code == 302
    response = client.post(
        reverse("voters:group_run", args=[session.pk]), {"version": session.version}
    )
    assert response.status_code == 302
    assert VoterPetition.objects.get(opinions=opinions[0]) != VoterPetition.objects.get(
        opinions=opinions[2]
    )
    detail = client.get(reverse("voters:petition_detail", args=[petition.pk])).content.decode()
    assert 'data-testid="opinion"' in detail


def test_the_petition_page_shows_its_reach(client, deputy, world):
    client.force_login(deputy)
    page = client.get(reverse("voters:petition_detail", args=[world["petition"].pk]))
    text = page.content.decode()
    assert text.count('data-testid="opinion"') == 2
    assert page.context["reach"] == (2, 2)
    assert "reword_form" not in page.context  # a deputy reads
