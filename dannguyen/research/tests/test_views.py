"""Every research page allowed and forbidden; bad input refused without a 500."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from dannguyen.legal.tests.factories import LegalDocumentFactory
from dannguyen.research import workflow
from dannguyen.research.models import Milestone, Output, Topic

from .conftest import ENDS, STARTS, topic_values

pytestmark = pytest.mark.django_db

PERSONAS = [
    "department_head",
    "deputy_head",
    "information_officer",
    "reception_officer",
    "office_leader",
    "delegation_leader",
    "deputy",
    "other_deputy",
    "system_admin",
    "outsider",
]
STAFF = {"department_head", "deputy_head", "information_officer", "reception_officer"}
READERS = STAFF | {"office_leader", "delegation_leader"}
TOPIC_READERS = READERS | {"deputy"}
APPROVERS = {"department_head", "deputy_head", "delegation_leader"}

ALLOWED = {
    "topic_list": TOPIC_READERS | {"other_deputy"},
    "topic_create": STAFF,
    "topic_detail": TOPIC_READERS,
    "topic_edit": STAFF,
    "topic_move_cancel": APPROVERS,
    "topic_move_start": STAFF,
    "topic_move_approve": set(),
    "milestone_create": STAFF,
    "milestone_done": STAFF,
    "output_create": STAFF,
    "output_file": TOPIC_READERS,
}


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def approved(topic, information_officer, delegation_leader, media):
    workflow.move(topic, to="approved", by=delegation_leader)
    output = workflow.add_output(
        topic,
        values={"kind": "report", "title": "Báo cáo", "dated": datetime.date(2026, 6, 1)},
        upload=SimpleUploadedFile("bc.pdf", pdf_bytes()),
        content_type="application/pdf",
        by=information_officer,
    )
    return {"topic": topic, "output": output, "milestone": topic.milestones.first()}


def url_for(name, world):
    topic = world["topic"]
    if name.startswith("topic_move_"):
        return reverse("research:topic_move", args=[topic.pk, name.removeprefix("topic_move_")])
    if name == "milestone_done":
        return reverse("research:milestone_done", args=[world["milestone"].pk])
    if name == "output_file":
        return reverse("research:output_file", args=[world["output"].pk])
    if name in {"topic_list", "topic_create"}:
        return reverse(f"research:{name}")
    return reverse(f"research:{name}", args=[topic.pk])


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_who_may_open_each_page(client, request, approved, other_deputy, name):
    url = url_for(name, approved)
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        seen[persona] = client.get(url).status_code
    assert seen == {p: 200 if p in ALLOWED[name] else 403 for p in PERSONAS}


def test_list_queries_bounded(client, information_officer, deputy, django_assert_max_num_queries):
    for n in range(12):
        made = workflow.create_topic(
            values=topic_values(information_officer, title=f"Chuyên đề {n}"),
            team=[deputy],
            by=information_officer,
        )
        workflow.add_milestone(made, title="M", due_on=STARTS, by=information_officer)
    client.force_login(information_officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("research:topic_list"))
    assert response.text.count("Chuyên đề ") == 12
    client.force_login(deputy)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("research:topic_list")).text.count("Chuyên đề ") == 12


def _post(person, **overrides):
    data = {
        "title": "Đề tài: giám sát chính sách giảm nghèo",
        "kind": "project",
        "owner_body": "council_standing",
        "owner": person.pk,
        "summary": "",
        "starts_on": "01/03/2026",
        "ends_on": "30/11/2026",
        "legal_numbers": "",
    }
    data.update(overrides)
    return data


def test_create_topic_with_legal_documents(client, information_officer, deputy):
    law = LegalDocumentFactory(number_raw="64/2025/QH15", number_key="64/2025/QH15")
    client.force_login(information_officer)
    response = client.post(
        reverse("research:topic_create"),
        _post(information_officer, team=[deputy.pk], legal_numbers="64/2025/QH15"),
    )
    assert response.status_code == 302
    topic = Topic.objects.get()
    assert list(topic.legal_documents.all()) == [law]
    assert list(topic.team.all()) == [deputy]


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_on": "30/11/2026", "ends_on": "01/03/2026"},
        {"legal_numbers": "999/2099/QH99"},
        {"owner": "99999999999999999999999"},
        {"kind": "novel"},
        {"ends_on": "32/13/2026"},
    ],
)
def test_create_topic_bad_input(client, information_officer, overrides):
    client.force_login(information_officer)
    response = client.post(
        reverse("research:topic_create"), _post(information_officer, **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Topic.objects.count() == 0


def test_milestone_outside_period_refused(client, topic, information_officer):
    client.force_login(information_officer)
    response = client.post(
        reverse("research:milestone_create", args=[topic.pk]),
        {"title": "Muộn", "due_on": "01/01/2027"},
    )
    assert response.status_code == 200
    assert "due_on" in response.context["form"].errors
    assert topic.milestones.count() == 2


def test_milestone_done_in_future_refused(client, approved, information_officer):
    client.force_login(information_officer)
    milestone = approved["milestone"]
    future = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("research:milestone_done", args=[milestone.pk]), {"done_on": future}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Milestone.objects.get(pk=milestone.pk).done_on is None


def test_output_file_checked_by_content(client, approved, information_officer):
    client.force_login(information_officer)
    response = client.post(
        reverse("research:output_create", args=[approved["topic"].pk]),
        {
            "kind": "report",
            "title": "Giả",
            "dated": "01/06/2026",
            "upload": SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "upload" in response.context["form"].errors
    assert Output.objects.count() == 1


def test_overdue_milestone_marked_on_page(client, approved, information_officer):
    client.force_login(information_officer)
    response = client.get(approved["topic"].get_absolute_url())
    # Both milestones (April and June 2026) are past the real clock's date when this runs
    # after them; the page marks exactly the undone, past-due ones.
    today = timezone.localdate()
    expected = sum(1 for m in approved["topic"].milestones.all() if m.due_on < today)
    assert response.text.count('data-testid="overdue"') == expected


def test_start_and_cancel_through_pages(client, approved, information_officer, delegation_leader):
    topic = approved["topic"]
    client.force_login(information_officer)
    assert client.post(reverse("research:topic_move", args=[topic.pk, "start"])).status_code == 302
    client.force_login(delegation_leader)
    assert client.post(reverse("research:topic_move", args=[topic.pk, "cancel"])).status_code == 302
    assert Topic.objects.get(pk=topic.pk).status == "cancelled"
    client.force_login(information_officer)
    assert client.get(reverse("research:topic_edit", args=[topic.pk])).status_code == 403
    assert client.get(reverse("research:topic_move", args=[topic.pk, "boom"])).status_code == 404


def test_dates_in_wrong_order_on_edit_keep_the_stored_ones(client, topic, information_officer):
    client.force_login(information_officer)
    response = client.post(
        reverse("research:topic_edit", args=[topic.pk]),
        _post(information_officer, starts_on="01/10/2026", ends_on="01/09/2026"),
    )
    assert response.status_code == 200
    topic.refresh_from_db()
    assert (topic.starts_on, topic.ends_on) == (STARTS, ENDS)
