"""Bad input gets a field error in the UI language and stores nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dannguyen.petitions.models import Petition
from dannguyen.reception import workflow
from dannguyen.reception.models import (
    ReceptionCase,
    ReceptionCitizen,
    ReceptionSession,
    RefusalGround,
    SessionEvent,
)

from .conftest import COMPLAINANT
from .test_views import case_data, session_data

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Nguyễn Văn Một", "037090000001"),
    ("Nguyễn Văn Hai", "037090000002"),
    ("Nguyễn Văn Ba", "037090000003"),
    ("Nguyễn Văn Bốn", "037090000004"),
    ("Nguyễn Văn Năm", "037090000005"),
]


def named(n: int) -> dict[str, str]:
    data = {}
    for index, (name, number) in enumerate(PEOPLE[:n]):
        data[f"people-{index}-full_name"] = name
        data[f"people-{index}-id_number"] = number
    return data


# ------------------------------------------------------------------------- sessions


def post_session(client, deputy, **overrides):
    return client.post(reverse("reception:session_create"), session_data(deputy, **overrides))


def session_errors(response):
    return {name: list(errs) for name, errs in response.context["form"].errors.items()}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": ""}, "date", "This field is required."),
        ({"date": "31/02/2026"}, "date", "Enter a valid date."),
        (
            {"date": "01/01/2020"},
            "date",
            "The date must be within a year of today (check the year).",
        ),
        ({"start_time": "25:00"}, "start_time", "Enter a valid time."),
        ({"end_time": "07:00"}, "end_time", "The session must end after it starts."),
        ({"place": " "}, "place", "This field is required."),
        ({"kind": "weekly"}, "kind", None),
        (
            {"host_body": "office"},
            "host_body",
            "Periodic reception is presided over by a deputy, the National Assembly delegation "
            "or the Standing Committee of the People's Council.",
        ),
        ({"hosts": [], "guest_hosts": ""}, "hosts", "Say who presides over the session."),
        ({"hosts": ["99999999999999999999"]}, "hosts", None),
        (
            {"method": "online"},
            "online_details",
            "Say how citizens connect (platform, connection points).",
        ),
    ],
)
def test_bad_session_input_is_refused_on_its_field(
    client, world, reception_officer, deputy, overrides, field, message
):
    client.force_login(reception_officer)

    response = post_session(client, deputy, **overrides)

    errors = session_errors(response)
    assert response.status_code == 200
    assert field in errors, errors
    if message:
        assert errors[field] == [gettext(message)]
    assert (ReceptionSession.objects.count(), SessionEvent.objects.count()) == (0, 0)


def test_a_session_far_in_the_future_is_a_typing_mistake(client, world, reception_officer, deputy):
    client.force_login(reception_officer)
    far = timezone.localdate() + datetime.timedelta(days=400)

    response = post_session(client, deputy, date=f"{far:%d/%m/%Y}")

    assert "date" in session_errors(response)


def test_a_guest_host_is_enough(client, world, reception_officer, deputy):
    client.force_login(reception_officer)

    post_session(client, deputy, hosts=[], guest_hosts="Ông Trần Văn Khách, ĐBQH khóa XVI")

    assert ReceptionSession.objects.get().guest_hosts == "Ông Trần Văn Khách, ĐBQH khóa XVI"


def test_a_held_session_cannot_move_into_the_future(client, session, reception_officer):
    workflow.hold(session, by=reception_officer)
    client.force_login(reception_officer)
    later = timezone.localdate() + datetime.timedelta(days=7)

    response = client.post(
        reverse("reception:session_edit", args=[session.pk]),
        session_data(session.hosts.get(), date=f"{later:%d/%m/%Y}"),
    )

    assert session_errors(response) == {
        "date": [gettext("This session was held: its date cannot be in the future.")]
    }


# ------------------------------------------------------------------------- cases


def post_case(client, session, **overrides):
    return client.post(reverse("reception:case_create", args=[session.pk]), case_data(**overrides))


def case_errors(response):
    return response.context["entry"].errors


def stored():
    return (
        ReceptionCase.objects.count(),
        ReceptionCitizen.objects.count(),
        Petition.objects.count(),
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"content": "   "}, "content", "This field is required."),
        ({"content": "x" * 20_001}, "content", None),
        ({"outcome": ""}, "outcome", "This field is required."),
        ({"kind": ""}, "kind", "Say what the citizen came about."),
        ({"headcount": "0"}, "headcount", None),
        ({"headcount": "abc"}, "headcount", None),
        ({"headcount": "99999999999999999999"}, "headcount", None),
        ({"people-0-id_number": "12345"}, "people.0.id_number", None),
        ({"people-0-id_number": "999185004321"}, "people.0.id_number", None),
        ({"people-0-id_number": "03618500432A"}, "people.0.id_number", None),
        ({"people-0-phone": "0123"}, "people.0.phone", None),
        ({"people-0-phone": "09x1234567"}, "people.0.phone", "A phone number has only digits."),
        (
            {"people-0-id_number": ""},
            "people.0.id_number",
            "From 01/07/2026 the person who comes shows an identity document "
            "(NĐ 154/2026, Article 12).",
        ),
        ({"people-0-full_name": ""}, "people.0.full_name", "The full name comes first."),
        (
            {
                "people-0-full_name": "",
                "people-0-id_number": "",
                "people-0-phone": "",
                "people-0-address": "",
            },
            "people",
            "Enter the full name of the person who came.",
        ),
        (
            {"outcome": "refused"},
            "refusal_ground",
            "Choose the ground for refusing reception.",
        ),
        ({"outcome": "refused", "refusal_ground": "99999999999999999999"}, "refusal_ground", None),
        ({"outcome": "guided"}, "guided_to", "Choose the agency the citizen was guided to."),
        ({"outcome": "forwarded"}, "accepting_agency", "Choose the agency it is forwarded to."),
        (
            {"kind": "denunciation", "protection_waived": "on", "protection_waiver_note": "có"},
            "protection_waiver_note",
            "Say how the denouncer waived protection (10 characters or more).",
        ),
        ({"people-TOTAL_FORMS": "9", "people-MAX_NUM_FORMS": "9", **named(5)}, "people", None),
    ],
)
def test_bad_case_input_is_refused_on_its_field_and_nothing_is_stored(
    client, session, reception_officer, overrides, field, message
):
    client.force_login(reception_officer)

    response = post_case(client, session, **overrides)

    errors = case_errors(response)
    assert response.status_code == 200
    assert field in errors, errors
    if message:
        assert errors[field] == [gettext(message)]
    assert stored() == (0, 0, 0)


def representatives(headcount: int, n: int) -> dict[str, str]:
    data = case_data(headcount=str(headcount), kind="petition")
    for key in [k for k in data if k.startswith("people-0-")]:
        del data[key]
    data.update(named(n))
    return data


@pytest.mark.parametrize(
    ("headcount", "names", "limit"),
    [(5, 3, 2), (10, 3, 2), (7, 5, 2)],
)
def test_a_group_sends_at_most_the_representatives_of_article_29(
    client, session, reception_officer, headcount, names, limit
):
    client.force_login(reception_officer)

    response = client.post(
        reverse("reception:case_create", args=[session.pk]), representatives(headcount, names)
    )

    assert case_errors(response) == {
        "headcount": [
            gettext(
                "A group of %(n)s people sends at most %(limit)s representatives "
                "(Luật Tiếp công dân, Article 29): enter only the representatives."
            )
            % {"n": headcount, "limit": limit}
        ]
    }
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize(("headcount", "names"), [(5, 2), (10, 1), (11, 5), (40, 3), (4, 4)])
def test_groups_within_the_limits_are_recorded(
    client, session, reception_officer, headcount, names
):
    client.force_login(reception_officer)

    response = client.post(
        reverse("reception:case_create", args=[session.pk]), representatives(headcount, names)
    )

    case = ReceptionCase.objects.get()
    assert response.status_code == 302
    assert (case.headcount, case.citizens.count(), case.is_crowd) == (
        headcount,
        names,
        headcount >= 5,
    )


def test_more_names_than_people_is_refused(client, session, reception_officer):
    client.force_login(reception_officer)

    response = client.post(
        reverse("reception:case_create", args=[session.pk]), representatives(3, 4)
    )

    assert case_errors(response) == {
        "headcount": [gettext("Fewer people than the names entered: correct the number.")]
    }


@pytest.fixture
def spring_session(world, reception_officer):
    """Before 01/7/2026: no identity document required, the NĐ 154/2026 grounds not yet."""
    return workflow.plan(
        values={
            "kind": "regular",
            "host_body": "office",
            "method": "in_person",
            "date": datetime.date(2026, 3, 10),
            "start_time": datetime.time(8, 0),
            "end_time": datetime.time(11, 0),
            "place": "Văn phòng",
        },
        by=reception_officer,
    )


def test_before_july_2026_a_case_without_identity_document_is_recorded(
    client, spring_session, reception_officer
):
    client.force_login(reception_officer)

    post_case(client, spring_session, **{"people-0-id_number": ""})

    assert ReceptionCase.objects.get().citizens.get().id_number == ""


def test_refusal_grounds_are_those_in_force_on_the_session_day(
    client, spring_session, reception_officer
):
    recording = RefusalGround.objects.get(code="nd154-ghi-am-ghi-hinh")
    client.force_login(reception_officer)

    response = post_case(
        client, spring_session, outcome="refused", refusal_ground=str(recording.pk)
    )

    assert "refusal_ground" in case_errors(response)
    assert recording not in response.context["entry"].form.fields["refusal_ground"].queryset


def test_a_refused_person_may_stay_unnamed(client, session, reception_officer, refusal_ground):
    client.force_login(reception_officer)
    data = case_data(kind="", outcome="refused", refusal_ground=str(refusal_ground.pk))
    for key in [k for k in data if k.startswith("people-0-")]:
        del data[key]

    response = client.post(reverse("reception:case_create", args=[session.pk]), data)

    case = ReceptionCase.objects.get()
    assert response.status_code == 302
    assert (case.outcome, case.refusal_ground, case.citizens.count()) == (
        "refused",
        refusal_ground,
        0,
    )


def test_online_a_denunciation_needs_the_denouncer_to_waive_confidentiality(
    client, world, reception_officer
):
    online = workflow.plan(
        values={
            "kind": "ad_hoc", "host_body": "office", "method": "online",
            "online_details": "Điểm cầu UBND xã Gia Vân", "date": datetime.date(2026, 11, 12),
            "start_time": datetime.time(8, 0), "end_time": datetime.time(10, 0),
            "place": "Văn phòng",
        },
        by=reception_officer,
    )  # fmt: skip
    client.force_login(reception_officer)

    refused = post_case(client, online, kind="denunciation")
    post_case(
        client,
        online,
        kind="denunciation",
        protection_waived="on",
        protection_waiver_note="Người tố cáo không yêu cầu giữ bí mật, ký biên bản.",
    )

    assert list(case_errors(refused)) == ["kind"]
    assert ReceptionCase.objects.get().is_identity_protected is False


def test_a_waiver_on_a_complaint_means_nothing_and_is_dropped(client, session, reception_officer):
    client.force_login(reception_officer)

    post_case(
        client, session, protection_waived="on", protection_waiver_note="Không áp dụng ở đây."
    )

    case = ReceptionCase.objects.get()
    assert (case.protection_waived, case.protection_waiver_note) == (False, "")


def test_identity_and_phone_are_normalised(client, session, reception_officer):
    client.force_login(reception_officer)

    post_case(
        client,
        session,
        **{
            "people-0-full_name": "trần  thị khiếu",
            "people-0-id_number": "036 185 004 321",
            "people-0-phone": "+84 987 654 321",
        },
    )

    citizen = ReceptionCitizen.objects.get()
    assert (citizen.full_name, citizen.id_number, citizen.phone) == (
        COMPLAINANT.full_name,
        COMPLAINANT.id_number,
        COMPLAINANT.phone,
    )
