"""/api/v1/outreach/programmes/{id}/…: editing a programme, its households, gifts, funding
sources and moves over the API, through the page's forms, predicates and workflow. A
refusal is 422 with the field (or "__all__") and the Vietnamese message, and nothing of it
is saved; a household supported elsewhere in the period is saved with a warning."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.accounts.models import ApiToken
from dannguyen.outreach import workflow
from dannguyen.outreach.models import Beneficiary, FundingSource, Gift, Programme

from .conftest import TET_FROM, TET_UNTIL, household

pytestmark = pytest.mark.django_db

WRITERS = {"department_head", "information_officer"}
APPROVERS = {"department_head", "delegation_leader"}
PERSONAS = sorted(WRITERS | APPROVERS | {"deputy", "office_leader", "outsider", "system_admin"})

EDIT = {
    "title": "Thăm, tặng quà Tết Bính Ngọ 2026 các gia đình chính sách",
    "occasion": "tet",
    "lead_body": "na_delegation",
    "starts_on": "2026-01-20",
    "ends_on": "2026-02-10",
}


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client, user, method, url, body):
    return getattr(client, method)(
        f"/api/v1/outreach/programmes{url}",
        json.dumps(body),
        content_type="application/json",
        **bearer(user),
    )


def overdrawn(given: int, budget: int) -> str:
    return gettext(
        "Gifts would total %(given)s VND, above the budget of %(budget)s VND: record the "
        "additional funding source first."
    ) % {"given": f"{given:,}".replace(",", "."), "budget": f"{budget:,}".replace(",", ".")}


def test_who_may_edit(client, request, programme):
    seen = {
        persona: send(
            client, request.getfixturevalue(persona), "put", f"/{programme.pk}", EDIT
        ).status_code
        for persona in PERSONAS
    }

    assert seen == {p: 200 if p in WRITERS else 403 for p in PERSONAS}
    assert Programme.objects.get().title == EDIT["title"]


def test_an_edit_with_the_dates_in_the_wrong_order_is_422(client, programme, information_officer):
    response = send(
        client, information_officer, "put", f"/{programme.pk}", EDIT | {"ends_on": "2026-01-01"}
    )

    assert response.status_code == 422
    assert response.json()["fields"] == {
        "ends_on": [gettext("The programme cannot end before it starts.")]
    }
    assert Programme.objects.get().ends_on == TET_UNTIL


def test_adding_a_household(client, programme, communes, information_officer):
    body = {
        "head_name": "Ông Phạm Văn Công",
        "address": "Thôn Đông",
        "commune_id": communes["Xã Gia Vân"].pk,
        "category": "meritorious",
    }

    response = send(client, information_officer, "post", f"/{programme.pk}/households", body)

    assert response.status_code == 201
    data = response.json()
    assert [(h["head_name"], h["commune"]) for h in data["household_list"]] == [
        ("Ông Phạm Văn Công", "Xã Gia Vân")
    ]
    assert data["warnings"] == []


def test_a_household_twice_on_the_list_is_422(client, programme, households, information_officer):
    body = {
        "head_name": "bà nguyễn thị  hoa",
        "address": "Thôn 3",
        "commune_id": households[0].commune_id,
        "category": "meritorious",
    }

    response = send(client, information_officer, "post", f"/{programme.pk}/households", body)

    assert response.status_code == 422
    assert response.json()["fields"] == {
        "__all__": [gettext("This household is already on the programme's list.")]
    }
    assert Beneficiary.objects.count() == 2


def test_a_household_supported_elsewhere_in_the_period_is_added_with_a_warning(
    client, programme, households, communes, information_officer
):
    other = workflow.create_programme(
        values={
            "title": "Tặng quà của Thường trực HĐND",
            "starts_on": TET_FROM,
            "ends_on": TET_UNTIL,
        },
        leaders=[],
        participants=[],
        by=information_officer,
    )
    body = {
        "head_name": "Bà Nguyễn Thị Hoa",
        "address": "Thôn 3",
        "commune_id": communes["Xã Gia Vân"].pk,
        "category": "meritorious",
    }

    response = send(client, information_officer, "post", f"/{other.pk}/households", body)

    assert response.status_code == 201
    assert response.json()["warnings"] == [
        gettext("This household was already supported in the same period by: %(list)s.")
        % {"list": "Thăm, tặng quà Tết Bính Ngọ 2026 (Bà Nguyễn Thị Hoa)"}
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"commune_id": 999_999}, "commune_id"),
        ({"category": "rich"}, "category"),
        ({"head_name": "123"}, "head_name"),
        ({"phone": "call me"}, "phone"),
    ],
)
def test_bad_household_values_are_422_with_the_field(
    client, programme, communes, information_officer, changes, field
):
    body = {
        "head_name": "Ông Phạm Văn Công",
        "address": "Thôn Đông",
        "commune_id": communes["Xã Gia Vân"].pk,
        "category": "meritorious",
    }

    response = send(
        client, information_officer, "post", f"/{programme.pk}/households", body | changes
    )

    assert response.status_code == 422
    assert list(response.json()["fields"]) == [field]
    assert not Beneficiary.objects.exists()


def test_a_gift(client, programme, households, information_officer):
    body = {
        "household_id": households[1].pk,
        "money": 500_000,
        "goods": "Chăn ấm",
        "goods_value": 300_000,
        "given_on": "2026-01-25",
    }

    response = send(client, information_officer, "post", f"/{programme.pk}/gifts", body)

    assert response.status_code == 201
    data = response.json()
    assert data["given"] == 800_000
    gifts = {h["head_name"]: h["gifts"] for h in data["household_list"]}
    assert gifts["Ông Trần Văn Bình"] == [
        {"money": 500_000, "goods": "Chăn ấm", "goods_value": 300_000, "given_on": "2026-01-25"}
    ]


def test_a_gift_to_a_household_outside_the_programme_is_422(
    client, programme, households, communes, information_officer
):
    other = workflow.create_programme(
        values={"title": "Khác", "starts_on": TET_FROM, "ends_on": TET_UNTIL},
        leaders=[],
        participants=[],
        by=information_officer,
    )
    workflow.add_source(other, name="Quỹ", amount=5_000_000, by=information_officer)
    stranger = household(other, information_officer, "Lê Văn Cường", communes["Xã Gia Vân"])

    response = send(
        client,
        information_officer,
        "post",
        f"/{programme.pk}/gifts",
        {"household_id": stranger.pk, "money": 500_000},
    )

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["household_id"]
    assert not Gift.objects.exists()


def test_a_gift_overdrawing_the_budget_is_422_with_what_is_missing(
    client, programme, households, information_officer
):
    workflow.record_gift(
        programme,
        household=households[0],
        money=9_000_000,
        goods="",
        goods_value=0,
        given_on=None,
        by=information_officer,
    )

    response = send(
        client,
        information_officer,
        "post",
        f"/{programme.pk}/gifts",
        {"household_id": households[1].pk, "money": 1_500_000},
    )

    assert response.status_code == 422
    assert response.json()["fields"] == {"__all__": [overdrawn(10_500_000, 10_000_000)]}
    assert Gift.objects.count() == 1


def test_the_page_refuses_an_overdrawn_budget_with_the_same_message(
    client, programme, households, information_officer
):
    client.force_login(information_officer)

    response = client.post(
        reverse("outreach:gift_create", args=[programme.pk]),
        {"household": households[0].pk, "money": "10000001"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [overdrawn(10_000_001, 10_000_000)]
    assert not Gift.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"money": 0}, "__all__"),
        ({"given_on": "2026-03-01"}, "given_on"),  # after the programme
        ({"goods_value": 200_000}, "goods"),  # goods valued but not described
        ({"money": -1}, "money"),
    ],
)
def test_bad_gift_values_are_422(
    client, programme, households, information_officer, changes, field
):
    body = {"household_id": households[0].pk, "money": 500_000}

    response = send(client, information_officer, "post", f"/{programme.pk}/gifts", body | changes)

    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert not Gift.objects.exists()


def test_a_funding_source(client, programme, information_officer):
    response = send(
        client,
        information_officer,
        "post",
        f"/{programme.pk}/sources",
        {"name": "Công ty Điện lực Ninh Bình tài trợ", "amount": 5_000_000},
    )
    zero = send(
        client, information_officer, "post", f"/{programme.pk}/sources", {"name": "X", "amount": 0}
    )

    assert response.status_code == 201
    assert response.json()["budget"] == 15_000_000
    assert zero.status_code == 422
    assert FundingSource.objects.count() == 2


def test_the_moves_over_the_api(
    client, programme, households, information_officer, delegation_leader
):
    approved = send(client, delegation_leader, "post", f"/{programme.pk}/moves/approve", {})
    carried = send(client, information_officer, "post", f"/{programme.pk}/moves/carry-out", {})
    undated = send(client, information_officer, "post", f"/{programme.pk}/moves/report", {})
    early = send(
        client,
        information_officer,
        "post",
        f"/{programme.pk}/moves/report",
        {"reported_on": "2026-01-01"},
    )
    reported = send(
        client,
        information_officer,
        "post",
        f"/{programme.pk}/moves/report",
        {"reported_on": "2026-02-15", "report_number": "12/BC-ĐĐBQH", "result_summary": "Xong."},
    )

    assert [r.status_code for r in (approved, carried, undated, early, reported)] == [
        200,
        200,
        422,
        422,
        200,
    ]
    assert list(undated.json()["fields"]) == ["reported_on"]
    assert early.json()["fields"] == {
        "__all__": [gettext("The report cannot be dated before the programme starts.")]
    }
    assert (reported.json()["status"], reported.json()["report_number"]) == (
        "reported",
        "12/BC-ĐĐBQH",
    )


def test_carrying_out_without_households_is_422(
    client, programme, information_officer, delegation_leader
):
    workflow.move(programme, to="approved", by=delegation_leader)

    response = send(client, information_officer, "post", f"/{programme.pk}/moves/carry-out", {})

    assert response.status_code == 422
    assert response.json()["fields"] == {
        "__all__": [
            gettext("List the households visited before marking the programme carried out.")
        ]
    }
    assert Programme.objects.get().status == "approved"


def test_who_may_approve(client, request, programme):
    seen = {}
    for persona in PERSONAS:
        seen[persona] = send(
            client, request.getfixturevalue(persona), "post", f"/{programme.pk}/moves/approve", {}
        ).status_code
        Programme.objects.filter(pk=programme.pk).update(status="planned")

    assert seen == {p: 200 if p in APPROVERS else 403 for p in PERSONAS}


def test_a_reported_programme_takes_no_more_gifts(
    client, programme, households, information_officer
):
    Programme.objects.filter(pk=programme.pk).update(status="reported", reported_on=TET_UNTIL)

    response = send(
        client,
        information_officer,
        "post",
        f"/{programme.pk}/gifts",
        {"household_id": households[0].pk, "money": 100_000},
    )

    assert response.status_code == 403
    assert not Gift.objects.exists()


def test_an_unknown_move_is_404(client, programme, information_officer):
    assert (
        send(client, information_officer, "post", f"/{programme.pk}/moves/x", {}).status_code == 404
    )
