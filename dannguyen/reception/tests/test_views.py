"""Every page allowed and forbidden, and what it does."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dannguyen.accounts.models import Role
from dannguyen.petitions.models import Petition
from dannguyen.reception import workflow
from dannguyen.reception.models import ReceptionCase, ReceptionSession

from .conftest import COMPLAINANT, LAND_COMPLAINT, SESSION_DAY

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")

PERSONAS = [
    "department_head",
    "deputy_head",
    "reception_officer",
    "supervision_officer",
    "information_officer",
    "office_leader",
    "deputy",
    "system_admin",
    "outsider",
]
VIEWERS = {"department_head", "deputy_head", "reception_officer", "supervision_officer",
           "information_officer", "office_leader", "deputy"}  # fmt: skip
READERS = VIEWERS - {"deputy"}
RECORDERS = {"department_head", "deputy_head", "reception_officer"}

# Who may open each page (the session is presided over by the deputy; the case is theirs).
ALLOWED = {
    "index": VIEWERS,
    "calendar": VIEWERS,
    "calendar_ics": VIEWERS,
    "session_list": VIEWERS,
    "session_detail": VIEWERS,
    "session_ics": VIEWERS,
    "session_create": RECORDERS,
    "session_edit": RECORDERS,
    "session_hold": RECORDERS,
    "session_cancel": RECORDERS,
    "case_create": RECORDERS,
    "case_detail": READERS | {"deputy"},
    "case_edit": RECORDERS,
    "case_reveal": {"department_head", "deputy_head", "deputy"},
    "case_petition": RECORDERS,
    "register": READERS,
    "register_xlsx": READERS,
    "register_docx": READERS,
}
POST_ONLY = {"case_petition"}


def url_for(name, session, case):
    if name.startswith("session_") and name not in {"session_list", "session_create"}:
        return reverse(f"reception:{name}", args=[session.pk])
    if name == "case_create":
        return reverse("reception:case_create", args=[session.pk])
    if name.startswith("case_"):
        return reverse(f"reception:{name}", args=[case.pk])
    return reverse(f"reception:{name}")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_who_may_open_each_page(client, request, session, denunciation, name, persona):
    client.force_login(request.getfixturevalue(persona))
    url = url_for(name, session, denunciation)

    response = client.post(url) if name in POST_ONLY else client.get(url)

    if persona in ALLOWED[name]:
        assert response.status_code in (200, 302), (name, persona, response.status_code)
    else:
        assert response.status_code == 403, (name, persona, response.status_code)


@pytest.mark.parametrize("name", ["index", "calendar", "register", "session_create"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(f"reception:{name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.fixture
def other_deputy(make_user):
    return make_user("other_deputy", Role.Code.DEPUTY, full_name="Vũ Văn Khác")


def test_a_deputy_sees_only_the_cases_of_sessions_they_presided(
    client, session, complaint, other_deputy
):
    client.force_login(other_deputy)

    detail = client.get(session.get_absolute_url())
    case = client.get(complaint.get_absolute_url())

    assert detail.status_code == 200
    assert detail.context["may_view_cases"] is False
    assert COMPLAINANT.full_name not in detail.content.decode()
    assert case.status_code == 403


def test_no_case_is_recorded_before_the_session_day(client, reception_officer, session):
    workflow.update(
        session,
        values={"date": timezone.localdate() + datetime.timedelta(days=5)},
        by=reception_officer,
    )
    client.force_login(reception_officer)

    assert client.get(reverse("reception:case_create", args=[session.pk])).status_code == 403
    assert client.get(reverse("reception:session_hold", args=[session.pk])).status_code == 403


# ------------------------------------------------------------------------- sessions


def session_data(deputy, **overrides):
    day = timezone.localdate() + datetime.timedelta(days=40)
    data = {
        "kind": "periodic",
        "host_body": "na_deputy",
        "method": "in_person",
        "date": f"{day:%d/%m/%Y}",
        "start_time": "08:00",
        "end_time": "11:30",
        "place": "Trụ sở tiếp công dân tỉnh Ninh Bình",
        "hosts": [deputy.pk],
    }
    data.update(overrides)
    return data


def test_planning_a_session(client, world, reception_officer, deputy):
    client.force_login(reception_officer)

    response = client.post(reverse("reception:session_create"), session_data(deputy))

    session = ReceptionSession.objects.get()
    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    assert (session.kind, session.status, list(session.hosts.all())) == (
        "periodic",
        "planned",
        [deputy],
    )
    assert list(session.events.values_list("action", flat=True)) == ["planned"]


def test_planning_too_late_warns_that_the_notice_is_late(client, world, reception_officer, deputy):
    client.force_login(reception_officer)
    soon = timezone.localdate() + datetime.timedelta(days=3)

    response = client.post(
        reverse("reception:session_create"),
        session_data(deputy, date=f"{soon:%d/%m/%Y}"),
        follow=True,
    )

    levels = [m.level_tag for m in get_messages(response.wsgi_request)] or [
        m.level_tag for m in response.context["messages"]
    ]
    assert "warning" in levels


def test_a_regular_session_is_by_the_office_whatever_was_chosen(
    client, world, reception_officer, deputy
):
    client.force_login(reception_officer)

    client.post(
        reverse("reception:session_create"),
        session_data(deputy, kind="regular", host_body="na_deputy", hosts=[]),
    )

    assert ReceptionSession.objects.get().host_body == "office"


def test_editing_a_session(client, session, reception_officer):
    client.force_login(reception_officer)
    data = session_data(
        session.hosts.get(), date=f"{SESSION_DAY:%d/%m/%Y}", place="Hội trường UBND xã Gia Vân"
    )

    # The form accepts dates within a year of today.
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, tzinfo=VN), tick=False):
        response = client.post(reverse("reception:session_edit", args=[session.pk]), data)

    session.refresh_from_db()
    assert response.status_code == 302
    assert session.place == "Hội trường UBND xã Gia Vân"
    assert list(session.events.order_by("pk").values_list("action", flat=True)) == [
        "planned",
        "rescheduled",
    ]


def test_holding_and_cancelling(client, session, reception_officer, world):
    client.force_login(reception_officer)
    other = workflow.plan(
        values={
            "kind": "ad_hoc", "host_body": "office", "method": "in_person",
            "date": timezone.localdate() + datetime.timedelta(days=9),
            "start_time": datetime.time(14, 0), "end_time": datetime.time(16, 0),
            "place": "Văn phòng",
        },
        by=reception_officer,
    )  # fmt: skip

    client.post(
        reverse("reception:session_hold", args=[session.pk]),
        {"staff": [reception_officer.pk], "note": "Tiếp 2 lượt."},
    )
    refused = client.post(reverse("reception:session_cancel", args=[other.pk]), {"reason": ""})
    client.post(reverse("reception:session_cancel", args=[other.pk]), {"reason": "Trùng lịch họp."})

    session.refresh_from_db()
    other.refresh_from_db()
    assert session.status == "held"
    assert refused.status_code == 200 and refused.context["form"].errors
    assert (other.status, other.cancelled_reason) == ("cancelled", "Trùng lịch họp.")


def test_an_online_session_is_held_only_with_its_recording(client, world, reception_officer):
    client.force_login(reception_officer)
    online = workflow.plan(
        values={
            "kind": "ad_hoc", "host_body": "office", "method": "online",
            "online_details": "Hệ thống hội nghị truyền hình, điểm cầu xã Gia Vân",
            "date": SESSION_DAY, "start_time": datetime.time(8, 0),
            "end_time": datetime.time(10, 0), "place": "Văn phòng",
        },
        by=reception_officer,
    )  # fmt: skip
    url = reverse("reception:session_hold", args=[online.pk])

    refused = client.post(url, {"recording_reference": ""})
    client.post(url, {"recording_reference": "Máy chủ lưu trữ, tệp TCD-20261110.mp4"})

    online.refresh_from_db()
    assert "recording_reference" in refused.context["form"].errors
    assert (online.status, online.recording_reference) == (
        "held",
        "Máy chủ lưu trữ, tệp TCD-20261110.mp4",
    )


def test_session_list_filters_and_answers_htmx_with_the_results_only(
    client, session, reception_officer, world
):
    workflow.plan(
        values={
            "kind": "regular", "host_body": "office", "method": "in_person", "date": SESSION_DAY,
            "start_time": datetime.time(14, 0), "end_time": datetime.time(16, 30),
            "place": "Văn phòng",
        },
        by=reception_officer,
    )  # fmt: skip
    client.force_login(reception_officer)

    everything = client.get(reverse("reception:session_list"))
    periodic = client.get(
        reverse("reception:session_list"), {"kind": "periodic"}, HTTP_HX_REQUEST="true"
    )

    assert everything.context["page"].paginator.count == 2
    assert [s.pk for s in periodic.context["page"]] == [session.pk]
    assert b"<html" not in periodic.content


# ------------------------------------------------------------------------- calendar


def test_the_calendar_shows_the_month_with_its_sessions_and_days_off(
    client, session, reception_officer, world
):
    workflow.plan(
        values={
            "kind": "periodic", "host_body": "council_standing", "method": "in_person",
            "date": datetime.date(2027, 2, 18), "start_time": datetime.time(8, 0),
            "end_time": datetime.time(11, 0), "place": "Trụ sở tiếp công dân",
        },
        by=reception_officer,
    )  # fmt: skip
    client.force_login(reception_officer)

    november = client.get(reverse("reception:calendar"), {"month": "2026-11"})
    february = client.get(reverse("reception:calendar"), {"month": "2027-02"})
    partial = client.get(
        reverse("reception:calendar"), {"month": "2027-02"}, HTTP_HX_REQUEST="true"
    )

    days = {d.date: d for week in november.context["month"].weeks for d in week}
    feb = {d.date: d for week in february.context["month"].weeks for d in week}
    assert [s.pk for s in days[SESSION_DAY].sessions] == [session.pk]
    assert days[SESSION_DAY].is_working_day
    assert [d for d in feb if not feb[d].is_working_day and d.weekday() < 5] == [
        datetime.date(2027, 2, n) for n in (4, 5, 8, 9, 10)
    ]
    assert len(feb[datetime.date(2027, 2, 18)].sessions) == 1
    assert b"<html" not in partial.content
    assert b'data-testid="calendar"' in partial.content


@pytest.mark.parametrize("month", ["", "2026-13", "abc", "99999-01", "-1", "2026"])
def test_a_bad_month_shows_the_current_one(client, reception_officer, world, month):
    client.force_login(reception_officer)

    response = client.get(reverse("reception:calendar"), {"month": month})

    assert response.status_code == 200
    assert response.context["month"].first == timezone.localdate().replace(day=1)


def test_only_my_sessions(client, session, deputy, other_deputy):
    client.force_login(other_deputy)

    response = client.get(reverse("reception:calendar"), {"month": "2026-11", "mine": "1"})

    assert all(not d.sessions for week in response.context["month"].weeks for d in week)


# ------------------------------------------------------------------------- cases


def case_data(**overrides):
    data = {
        "headcount": "1",
        "kind": "complaint",
        "content": LAND_COMPLAINT,
        "competence": "undetermined",
        "outcome": "explained",
        "outcome_detail": "Giải thích chính sách bồi thường.",
        "people-TOTAL_FORMS": "5",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "5",
        "people-0-full_name": COMPLAINANT.full_name,
        "people-0-id_number": COMPLAINANT.id_number,
        "people-0-phone": COMPLAINANT.phone,
        "people-0-address": COMPLAINANT.address,
    }
    data.update(overrides)
    return data


def test_recording_a_case(client, session, reception_officer):
    client.force_login(reception_officer)

    response = client.post(reverse("reception:case_create", args=[session.pk]), case_data())

    case = ReceptionCase.objects.get()
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    assert (case.session, case.code, case.recorded_by) == (
        session,
        "TCD-2026/0001",
        reception_officer,
    )
    assert case.citizens.get().full_name == COMPLAINANT.full_name


def test_save_and_record_the_next_one(client, session, reception_officer):
    client.force_login(reception_officer)

    response = client.post(
        reverse("reception:case_create", args=[session.pk]), case_data(save_and_new="1")
    )

    assert response.url == reverse("reception:case_create", args=[session.pk])


def test_a_letter_handed_in_is_registered_as_a_petition(client, session, reception_officer):
    client.force_login(reception_officer)

    response = client.post(
        reverse("reception:case_create", args=[session.pk]),
        case_data(outcome="petition_received"),
        follow=True,
    )

    petition = Petition.objects.get()
    assert ReceptionCase.objects.get().petitions.get() == petition
    assert petition.code in response.content.decode()
    assert petition.channel == "in_person"


def test_registering_another_letter_from_the_case(client, complaint, reception_officer):
    client.force_login(reception_officer)

    response = client.post(reverse("reception:case_petition", args=[complaint.pk]))

    assert response.status_code == 302
    assert complaint.petitions.count() == 1


def test_editing_a_case(client, complaint, reception_officer, inspectorate):
    client.force_login(reception_officer)
    data = case_data(outcome="guided", guided_to=inspectorate.pk, headcount="2")
    data["people-1-full_name"] = "Lê Văn Hai"
    data["people-1-id_number"] = "037090005555"

    response = client.post(reverse("reception:case_edit", args=[complaint.pk]), data)

    complaint.refresh_from_db()
    assert response.status_code == 302
    assert (complaint.outcome, complaint.guided_to, complaint.headcount) == (
        "guided",
        inspectorate,
        2,
    )
    assert complaint.citizens.count() == 2


def test_the_edit_form_starts_with_the_people_recorded(client, complaint, reception_officer):
    client.force_login(reception_officer)

    response = client.get(reverse("reception:case_edit", args=[complaint.pk]))

    first = response.context["entry"].people_forms.forms[0]
    assert first.initial["full_name"] == COMPLAINANT.full_name


def test_earlier_visits_of_the_same_person_are_shown(client, record, reception_officer):
    first = record()
    second = record(content="Bà tiếp tục khiếu nại vì chưa được trả lời.")
    client.force_login(reception_officer)

    response = client.get(second.get_absolute_url())

    assert response.context["earlier"] == [first]


def test_a_refusal_on_a_persistent_case_shows_when_the_written_notice_is_due(
    client, record, reception_officer, refusal_ground
):
    case = record(kind="complaint", outcome="refused", refusal_ground=refusal_ground)
    client.force_login(reception_officer)

    response = client.get(case.get_absolute_url())

    # Refused on Tuesday 10/11/2026: three working days later (NĐ 154/2026 Art 4(3)).
    assert response.context["refusal_due"][0] == datetime.date(2026, 11, 13)


# ------------------------------------------------------------------------- register


def test_the_register_filters_by_period_kind_and_host(
    client, record, reception_officer, world, deputy
):
    regular = workflow.plan(
        values={
            "kind": "regular", "host_body": "office", "method": "in_person",
            "date": datetime.date(2026, 10, 5), "start_time": datetime.time(8, 0),
            "end_time": datetime.time(11, 0), "place": "Văn phòng",
        },
        by=reception_officer,
    )  # fmt: skip
    ours = record()
    october = record(at=regular)
    client.force_login(reception_officer)
    url = reverse("reception:register")

    def cases(**params):
        return [row.case for row in client.get(url, params).context["rows"]]

    assert cases() == [october, ours]
    assert cases(date_from="01/11/2026", date_to="30/11/2026") == [ours]
    assert cases(kind="regular") == [october]
    assert cases(host=deputy.pk) == [ours]


def test_the_register_refuses_a_period_that_ends_before_it_starts(
    client, complaint, reception_officer
):
    client.force_login(reception_officer)

    response = client.get(
        reverse("reception:register"), {"date_from": "30/11/2026", "date_to": "01/11/2026"}
    )

    assert "date_to" in response.context["form"].errors


# ------------------------------------------------------------------------- query counts


def _many_sessions(reception_officer, deputy, n, *, first_day, cases_each=1):
    for i in range(n):
        session = workflow.plan(
            values={
                "kind": "periodic", "host_body": "na_deputy", "method": "in_person",
                "date": first_day + datetime.timedelta(days=i), "start_time": datetime.time(8, 0),
                "end_time": datetime.time(11, 0), "place": f"Điểm tiếp {i}",
            },
            hosts=[deputy],
            by=reception_officer,
        )  # fmt: skip
        for j in range(cases_each):
            workflow.record_case(
                session,
                values={"headcount": 6, "kind": "petition", "content": f"Kiến nghị {i}.{j}.",
                        "outcome": "petition_received"},
                people=[COMPLAINANT],
                by=reception_officer,
            )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "first_day", "params"),
    [
        ("session_list", datetime.date(2026, 11, 1), {}),
        ("register", datetime.date(2026, 11, 1), {}),
        ("calendar", datetime.date(2026, 11, 1), {"month": "2026-11"}),
        ("index", None, {}),
    ],
)
def test_list_pages_need_the_same_queries_for_many_rows(
    client,
    world,
    reception_officer,
    deputy,
    django_assert_max_num_queries,
    name,
    first_day,
    params,
):
    day = first_day or timezone.localdate()
    _many_sessions(reception_officer, deputy, 2, first_day=day)
    client.force_login(reception_officer)
    url = reverse(f"reception:{name}")
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)

    _many_sessions(
        reception_officer, deputy, 8, first_day=day + datetime.timedelta(days=2), cases_each=2
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, params)

    assert response.status_code == 200


def test_a_session_page_needs_the_same_queries_for_many_cases(
    client, world, reception_officer, deputy, django_assert_max_num_queries
):
    _many_sessions(reception_officer, deputy, 1, first_day=SESSION_DAY, cases_each=2)
    session = ReceptionSession.objects.get()
    client.force_login(reception_officer)
    with CaptureQueriesContext(connection) as few:
        client.get(session.get_absolute_url())
    for i in range(10):
        workflow.record_case(
            session,
            values={"headcount": 1, "kind": "complaint", "content": f"Khiếu nại {i}.",
                    "outcome": "explained"},
            people=[COMPLAINANT],
            by=reception_officer,
        )  # fmt: skip

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(session.get_absolute_url())

    assert len(response.context["cases"]) == 12
