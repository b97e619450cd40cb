"""Every page allowed and forbidden, and what the pages do."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from dannguyen.supervision import workflow
from dannguyen.supervision.forms import MAX_FILE_BYTES
from dannguyen.supervision.models import AgencyReport, PlanEvent, SupervisionPlan

from .conftest import SECRETS, leaks, plan_values, request_and_report

pytestmark = pytest.mark.django_db

PERSONAS = [
    "department_head",
    "deputy_head",
    "supervision_officer",
    "information_officer",
    "reception_officer",
    "office_leader",
    "deputy",
    "other_deputy",
    "system_admin",
    "outsider",
]
RUNNERS = {"department_head", "deputy_head", "supervision_officer"}
TEAM_EDITORS = RUNNERS | {"information_officer"}
READERS = TEAM_EDITORS | {"reception_officer", "office_leader"}
PLAN_READERS = READERS | {"deputy"}  # the deputy is on the team; the other deputy is not

ALLOWED = {
    "plan_list": PLAN_READERS | {"other_deputy"},
    "plan_create": RUNNERS,
    "overdue": READERS,
    "petition_search": RUNNERS,
    "plan_detail": PLAN_READERS,
    "plan_edit": RUNNERS,
    "plan_move_report": RUNNERS,
    "plan_move_approve": set(),  # a plan in progress is not approved again
    "plan_docx": PLAN_READERS,
    "report_docx": PLAN_READERS,
    "request_docx": PLAN_READERS,
    "report_file": PLAN_READERS,
    "evidence_file": PLAN_READERS,
    "finding_create": TEAM_EDITORS,
    "recommendation_create": TEAM_EDITORS,
    "request_create": RUNNERS,
    "report_create": RUNNERS,
    "session_create": RUNNERS,
    "recommendation_follow_up": TEAM_EDITORS,
    "finding_edit": TEAM_EDITORS,
    "recommendation_edit": TEAM_EDITORS,
}


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def full_plan(running_plan, commune, supervision_officer, recommendation):
    supervised = running_plan.supervised_agencies.get(agency=commune)
    request, report = request_and_report(
        supervised,
        supervision_officer,
        upload=SimpleUploadedFile("bc.pdf", pdf_bytes()),
        content_type="application/pdf",
    )
    workflow.follow_up(
        recommendation,
        to="in_progress",
        note="Đang giải quyết.",
        evidence=SimpleUploadedFile("anh.png", png_bytes()),
        evidence_type="image/png",
        by=supervision_officer,
    )
    evidence = PlanEvent.objects.filter(recommendation=recommendation).exclude(evidence="").get()
    finding = workflow.add_finding(running_plan, text="Còn 3 đơn quá hạn.", by=supervision_officer)
    return {
        "finding": finding,
        "plan": running_plan,
        "supervised": supervised,
        "request": request,
        "report": report,
        "evidence": evidence,
        "recommendation": recommendation,
    }


def url_for(name, world):
    plan = world["plan"]
    by_plan = {"plan_detail", "plan_edit", "plan_docx", "report_docx"}
    by_plan |= {"finding_create", "recommendation_create"}
    if name in by_plan:
        return reverse(f"supervision:{name}", args=[plan.pk])
    if name.startswith("plan_move_"):
        return reverse("supervision:plan_move", args=[plan.pk, name.removeprefix("plan_move_")])
    if name in {"request_create", "report_create", "session_create"}:
        return reverse(f"supervision:{name}", args=[world["supervised"].pk])
    ids = {
        "request_docx": world["request"].pk,
        "report_file": world["report"].pk,
        "evidence_file": world["evidence"].pk,
        "recommendation_follow_up": world["recommendation"].pk,
        "recommendation_edit": world["recommendation"].pk,
        "finding_edit": world["finding"].pk,
    }
    if name in ids:
        return reverse(f"supervision:{name}", args=[ids[name]])
    return reverse(f"supervision:{name}")


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_who_may_open_each_page(client, request, full_plan, other_deputy, name):
    # One world per page, every persona in turn: the world is costly to build.
    url = url_for(name, full_plan)
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        seen[persona] = client.get(url).status_code

    expected = {p: 200 if p in ALLOWED[name] else 403 for p in PERSONAS}
    assert seen == expected


@pytest.mark.parametrize("name", ["plan_list", "plan_create", "overdue"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(f"supervision:{name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_navigation_offers_supervision_to_readers_only(
    client, reception_officer, outsider, world
):
    client.force_login(reception_officer)
    assert reverse("supervision:plan_list") in client.get(reverse("core:home")).content.decode()

    client.force_login(outsider)
    response = client.get(reverse("supervision:plan_list"))
    assert response.status_code == 403


def plan_form_data(commune, inspectorate, supervision_officer, codes, **overrides):
    data = {
        "number": "46/KH-ĐĐBQH",
        "title": "Giám sát giải quyết tố cáo",
        "issuing_body": "na_delegation",
        "legal_basis": "Căn cứ Luật Tố cáo năm 2018;",
        "scope": "Giám sát việc giải quyết tố cáo.",
        "period_from": "01/01/2025",
        "period_to": "31/12/2025",
        "starts_on": "01/10/2026",
        "ends_on": "30/11/2026",
        "head": supervision_officer.pk,
        "members": [],
        "guest_members": "",
        "agency_list": [commune.pk, inspectorate.pk],
        "petition_codes": codes,
    }
    data.update(overrides)
    return data


def test_a_plan_is_drafted_with_its_petitions_picked_by_code(
    client, supervision_officer, commune, inspectorate, complaint, denunciation
):
    client.force_login(supervision_officer)
    codes = f"{complaint.code}, {denunciation.code}"

    response = client.post(
        reverse("supervision:plan_create"),
        plan_form_data(commune, inspectorate, supervision_officer, codes),
    )

    plan = SupervisionPlan.objects.get(number="46/KH-ĐĐBQH")
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert plan.status == "draft"
    assert set(plan.petitions.values_list("code", flat=True)) == {complaint.code, denunciation.code}
    assert set(plan.supervised_agencies.values_list("agency__name", flat=True)) == {
        commune.name,
        inspectorate.name,
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"petition_codes": "2026/9999"}, "petition_codes"),
        ({"petition_codes": "không phải mã"}, "petition_codes"),
        ({"period_to": "01/01/2024"}, "period_to"),
        ({"ends_on": "01/01/2026"}, "ends_on"),
        ({"starts_on": "31/02/2026"}, "starts_on"),
        ({"agency_list": ["99999999999999999999999"]}, "agency_list"),
        ({"head": "99999999999999999999999"}, "head"),
    ],
)
def test_bad_plan_input_is_a_field_error(
    client, supervision_officer, commune, inspectorate, overrides, field
):
    client.force_login(supervision_officer)

    response = client.post(
        reverse("supervision:plan_create"),
        plan_form_data(commune, inspectorate, supervision_officer, "", **overrides),
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not SupervisionPlan.objects.exists()


def test_the_search_box_finds_petitions_by_code_without_identities(
    client, supervision_officer, complaint, denunciation
):
    client.force_login(supervision_officer)

    response = client.get(reverse("supervision:petition_search"), {"q": "2026/"})

    text = response.content.decode()
    assert complaint.code in text and denunciation.code in text
    assert leaks(text) == []


@pytest.mark.parametrize("persona", ["department_head", "supervision_officer", "deputy"])
def test_the_plan_page_never_shows_a_protected_identity(client, request, full_plan, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(full_plan["plan"].get_absolute_url())

    text = response.content.decode()
    assert response.status_code == 200
    assert leaks(text) == [], SECRETS
    assert "Trần Thị Khiếu" in text or persona == "deputy"


def test_the_plan_page_shows_every_section_and_the_timeline(client, supervision_officer, full_plan):
    client.force_login(supervision_officer)

    response = client.get(full_plan["plan"].get_absolute_url())

    text = response.content.decode()
    for anchor in ("overview", "agencies", "petitions", "findings", "recommendations", "timeline"):
        assert f'id="{anchor}"' in text
    assert "30/BC-UBND" in text and "120/ĐĐBQH-TTDN" in text
    assert (
        len(response.context["events"]) == PlanEvent.objects.filter(plan=full_plan["plan"]).count()
    )


def test_approving_through_the_page(client, department_head, draft_plan):
    client.force_login(department_head)

    response = client.post(
        reverse("supervision:plan_move", args=[draft_plan.pk, "approve"]), {"note": "Đồng ý"}
    )

    draft_plan.refresh_from_db()
    assert response.status_code == 302
    assert (draft_plan.status, draft_plan.approved_by) == ("approved", department_head)


def test_an_unknown_move_is_not_found(client, department_head, draft_plan):
    client.force_login(department_head)

    response = client.get(reverse("supervision:plan_move", args=[draft_plan.pk, "explode"]))

    assert response.status_code == 404


def test_closing_without_a_note_is_refused_on_the_page(
    client, department_head, supervision_officer, recommendation, running_plan
):
    workflow.add_finding(running_plan, text="Kết quả", by=supervision_officer)
    workflow.issue_report(
        running_plan,
        by=supervision_officer,
        report_number="52/BC",
        reported_on=datetime.date(2026, 11, 1),
    )
    client.force_login(department_head)

    response = client.post(
        reverse("supervision:plan_move", args=[running_plan.pk, "close"]), {"note": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert SupervisionPlan.objects.get(pk=running_plan.pk).status == "reported"


def report_post(**overrides):
    data = {
        "number": "31/BC-UBND",
        "dated": "18/09/2026",
        "received_on": "19/09/2026",
        "signer": "Chủ tịch",
        "summary": "Báo cáo",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", b"This is not a PDF at all, only text named .pdf"),
        ("bao-cao.docx", b"PK\x03\x04 not really a zip"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"broken"),
        ("script.pdf", b"<script>alert(1)</script>"),
    ],
)
def test_uploads_are_judged_by_their_bytes(
    client, supervision_officer, running_plan, commune, name, content
):
    supervised = running_plan.supervised_agencies.get(agency=commune)
    client.force_login(supervision_officer)

    response = client.post(
        reverse("supervision:report_create", args=[supervised.pk]),
        {**report_post(), "upload": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    assert "upload" in response.context["form"].errors
    assert not AgencyReport.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(
    client, supervision_officer, running_plan, commune
):
    supervised = running_plan.supervised_agencies.get(agency=commune)
    client.force_login(supervision_officer)
    big = b"%PDF-1.4\n" + b"0" * MAX_FILE_BYTES

    response = client.post(
        reverse("supervision:report_create", args=[supervised.pk]),
        {**report_post(), "upload": SimpleUploadedFile("lon.pdf", big)},
    )

    assert "upload" in response.context["form"].errors
    assert not AgencyReport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("bc.pdf", pdf_bytes(), "application/pdf"), ("bc.jpg.png", png_bytes(), "image/png")],
)
def test_a_real_report_file_is_kept_with_its_type(
    client, supervision_officer, running_plan, commune, name, content, content_type
):
    supervised = running_plan.supervised_agencies.get(agency=commune)
    client.force_login(supervision_officer)

    response = client.post(
        reverse("supervision:report_create", args=[supervised.pk]),
        {**report_post(), "upload": SimpleUploadedFile(name, content)},
    )

    report = AgencyReport.objects.get()
    assert response.status_code == 302
    assert report.content_type == content_type
    download = client.get(reverse("supervision:report_file", args=[report.pk]))
    assert (
        b"".join(download.streaming_content if download.streaming else [download.content])
        == content
    )


def test_a_request_without_a_due_date_gets_ten_working_days(
    client, supervision_officer, running_plan, commune
):
    supervised = running_plan.supervised_agencies.get(agency=commune)
    client.force_login(supervision_officer)

    # Sent on Friday 28/08/2026: 31/8 and 1–2/9 (Quốc khánh) are days off in 2026.
    client.post(
        reverse("supervision:request_create", args=[supervised.pk]),
        {"sent_on": "28/08/2026", "reference": "1/ĐĐBQH", "due_on": "", "content": ""},
    )

    request = supervised.requests.get()
    assert request.due_on == datetime.date(2026, 9, 16)


def test_a_follow_up_with_evidence_through_the_page(client, information_officer, recommendation):
    client.force_login(information_officer)

    response = client.post(
        reverse("supervision:recommendation_follow_up", args=[recommendation.pk]),
        {"to": "done", "note": "Đã xong", "evidence": SimpleUploadedFile("x.png", png_bytes())},
    )

    recommendation.refresh_from_db()
    event = PlanEvent.objects.filter(recommendation=recommendation).latest("id")
    assert response.status_code == 302
    assert recommendation.status == "done"
    assert (event.evidence_type, event.actor) == ("image/png", information_officer)


def test_a_follow_up_to_a_status_not_in_the_table_is_a_field_error(
    client, information_officer, recommendation
):
    client.force_login(information_officer)

    response = client.post(
        reverse("supervision:recommendation_follow_up", args=[recommendation.pk]),
        {"to": "open", "note": "Mở lại"},
    )

    assert "to" in response.context["form"].errors
    assert recommendation.__class__.objects.get(pk=recommendation.pk).status == "open"


def test_the_list_filters_by_year_status_and_agency(
    client, office_leader, running_plan, inspectorate, supervision_officer, commune
):
    other = workflow.create_plan(
        values=plan_values(
            title="Kế hoạch năm 2025",
            starts_on=datetime.date(2025, 3, 1),
            ends_on=datetime.date(2025, 4, 1),
        ),
        agencies=[inspectorate],
        by=supervision_officer,
    )
    client.force_login(office_leader)
    url = reverse("supervision:plan_list")

    by_year = client.get(url, {"year": 2025}).context["page"].object_list
    by_status = client.get(url, {"status": "in_progress"}).context["page"].object_list
    by_agency = client.get(url, {"agency": commune.pk}).context["page"].object_list

    assert list(by_year) == [other]
    assert list(by_status) == [running_plan]
    assert list(by_agency) == [running_plan]


def test_a_deputy_lists_only_the_plans_they_are_on(client, deputy, other_deputy, running_plan):
    client.force_login(other_deputy)
    assert list(client.get(reverse("supervision:plan_list")).context["page"].object_list) == []

    client.force_login(deputy)
    assert list(client.get(reverse("supervision:plan_list")).context["page"].object_list) == [
        running_plan
    ]


def test_the_list_costs_the_same_queries_for_many_plans(
    client, office_leader, supervision_officer, commune, inspectorate, django_assert_max_num_queries
):
    for i in range(12):
        workflow.create_plan(
            values=plan_values(title=f"Kế hoạch {i}"),
            agencies=[commune, inspectorate],
            by=supervision_officer,
        )
    client.force_login(office_leader)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("supervision:plan_list"))

    assert response.context["page"].paginator.count == 12


def test_the_overdue_list_shows_only_unsettled_recommendations_past_due(
    client,
    office_leader,
    recommendation,
    running_plan,
    inspectorate,
    supervision_officer,
    django_assert_max_num_queries,
):
    settled = workflow.recommend(
        running_plan,
        agency=inspectorate,
        text="Đã xong",
        due_on=datetime.date(2026, 1, 5),
        by=supervision_officer,
    )
    workflow.follow_up(settled, to="done", note="Xong", by=supervision_officer)
    client.force_login(office_leader)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("supervision:overdue"))

    # The fixture's recommendation was due on 30/10/2026; the test runs later than that.
    assert list(response.context["page"].object_list) == [recommendation]


FORBIDDEN_POSTS = {
    "finding_create": {"text": "Kết quả lén"},
    "recommendation_create": {"text": "Kiến nghị lén", "due_on": "01/12/2026"},
    "request_create": {"sent_on": "01/10/2026", "reference": "9/X", "due_on": "", "content": ""},
    "session_create": {"date": "01/10/2026", "place": "Xã", "participants": "Ai đó", "notes": ""},
    "plan_move_report": {"report_number": "1/BC", "reported_on": "01/10/2026", "note": ""},
    "recommendation_follow_up": {"to": "done", "note": "Xong"},
    "finding_edit": {"text": "Sửa lén"},
    "recommendation_edit": {"text": "Sửa lén", "due_on": "01/12/2026"},
}


@pytest.mark.parametrize("name", sorted(FORBIDDEN_POSTS))
def test_a_forbidden_post_changes_nothing(client, request, full_plan, other_deputy, name):
    plan = full_plan["plan"]
    before = PlanEvent.objects.filter(plan=plan).count()
    codes = {}
    for persona in ("deputy", "reception_officer", "office_leader", "other_deputy", "outsider"):
        client.force_login(request.getfixturevalue(persona))
        codes[persona] = client.post(url_for(name, full_plan), FORBIDDEN_POSTS[name]).status_code

    assert set(codes.values()) == {403}
    assert PlanEvent.objects.filter(plan=plan).count() == before
    assert SupervisionPlan.objects.get(pk=plan.pk).status == "in_progress"


def test_the_plan_page_costs_a_bounded_number_of_queries(
    client, office_leader, full_plan, supervision_officer, django_assert_max_num_queries
):
    plan = full_plan["plan"]
    for supervised in plan.supervised_agencies.all():
        for day in (5, 6, 7):
            workflow.send_request(
                supervised,
                values={
                    "sent_on": datetime.date(2026, 10, day),
                    "reference": f"{day}/ĐĐBQH",
                    "due_on": datetime.date(2026, 10, 20),
                    "content": "",
                },
                by=supervision_officer,
            )
    client.force_login(office_leader)

    # Fixed queries plus two per protected petition (its signers, masked): not per request.
    with django_assert_max_num_queries(40):
        response = client.get(plan.get_absolute_url())

    assert response.status_code == 200
    assert sum(len(rows) for _s, rows in response.context["agencies"]) == 7


def test_a_team_member_corrects_a_recommendation_without_moving_it(
    client, information_officer, full_plan, commune
):
    item = full_plan["recommendation"]
    client.force_login(information_officer)

    response = client.post(
        reverse("supervision:recommendation_edit", args=[item.pk]),
        {"agency": commune.pk, "text": "Giải quyết dứt điểm 3 vụ việc.", "due_on": "15/12/2026"},
    )

    item.refresh_from_db()
    event = PlanEvent.objects.filter(recommendation=item).latest("id")
    assert response.status_code == 302
    assert (item.text, item.due_on, item.status) == (
        "Giải quyết dứt điểm 3 vụ việc.",
        datetime.date(2026, 12, 15),
        "in_progress",
    )
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "edited",
        information_officer,
        "in_progress",
        "in_progress",
    )


def test_a_finding_is_corrected_with_a_history_row(client, supervision_officer, full_plan):
    finding = full_plan["finding"]
    client.force_login(supervision_officer)

    client.post(
        reverse("supervision:finding_edit", args=[finding.pk]), {"text": "Còn 2 đơn quá hạn."}
    )

    finding.refresh_from_db()
    assert finding.text == "Còn 2 đơn quá hạn."
    assert PlanEvent.objects.filter(plan=finding.plan, action="edited").count() == 1
