from __future__ import annotations

import pytest
from django.utils.translation import gettext

from dannguyen.accounts.models import ApiToken
from dannguyen.correspondence import rendering, services, workflow
from dannguyen.petitions.models import IdentityAccess

from .conftest import DENOUNCER

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_register_needs_a_token(client, draft):
    response = client.get("/api/v1/letters")

    assert response.status_code == 401
    assert response.json()["message"] == gettext("A valid API token is required.")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("reception_officer", 200), ("office_leader", 200), ("deputy", 403), ("outsider", 403)],
)
def test_who_reads_letters_over_the_api(client, request, draft, name, expected):
    headers = bearer(request.getfixturevalue(name))

    assert client.get("/api/v1/letters", **headers).status_code == expected
    assert client.get(f"/api/v1/letters/{draft.pk}", **headers).status_code == expected
    assert client.get(f"/api/v1/letters/{draft.pk}/docx", **headers).status_code == expected


def test_filters_and_the_issued_docx(client, approved, complaint, reception_officer):
    workflow.issue(approved, by=reception_officer)
    other = services.draft_letter(kind="proposal_slip", by=reception_officer)
    headers = bearer(reception_officer)

    issued = client.get(
        "/api/v1/letters", {"status": "issued", "petition": complaint.pk}, **headers
    )
    drafts = client.get("/api/v1/letters", {"kind": "proposal_slip"}, **headers)
    wrong = client.get("/api/v1/letters", {"kind": "memo", "year": "1800"}, **headers)
    one = client.get(f"/api/v1/letters/{approved.pk}", **headers).json()
    docx = client.get(f"/api/v1/letters/{approved.pk}/docx", **headers)

    assert [item["id"] for item in issued.json()["items"]] == [approved.pk]
    assert [item["id"] for item in drafts.json()["items"]] == [other.pk]
    assert wrong.status_code == 422
    assert set(wrong.json()["fields"]) == {"kind", "year"}
    assert (one["number"], one["symbol"], one["recipient"], one["petition_code"]) == (
        1,
        "PC-TTDN",
        "Thanh tra tỉnh Ninh Bình",
        "2026/0001",
    )
    assert docx.content == rendering.read_issued(approved)
    assert client.get("/api/v1/letters/999999", **headers).status_code == 404


def test_a_letter_to_a_denouncer_over_the_api(
    client, denunciation, supervision_officer, reception_officer
):
    notice = services.draft_letter(
        kind="citizen_notice", by=supervision_officer, petition=denunciation
    )
    stranger = bearer(reception_officer)

    listed = client.get("/api/v1/letters", **stranger).json()["items"]
    assert client.get(f"/api/v1/letters/{notice.pk}", **stranger).status_code == 403
    assert client.get(f"/api/v1/letters/{notice.pk}/docx", **stranger).status_code == 403
    assert DENOUNCER.full_name not in str(listed)
    assert listed[0]["body"] == listed[0]["subject"] != notice.subject

    before = IdentityAccess.objects.count()
    custodian = client.get(f"/api/v1/letters/{notice.pk}", **bearer(supervision_officer)).json()
    assert custodian["recipient"] == DENOUNCER.full_name
    assert IdentityAccess.objects.filter(source="api").count() == 1
    assert IdentityAccess.objects.count() == before + 1
