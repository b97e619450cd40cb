from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from dannguyen.accounts.models import ApiToken
from dannguyen.core.models import Agency, AuditEntry

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def officer_token(reception_officer):
    _token, raw = ApiToken.issue(reception_officer, name="test")
    return raw


def test_me_without_token_is_401_json(client):
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Cần một token API hợp lệ.",
        "fields": {},
    }


@pytest.mark.parametrize("header", ["Bearer sai", "Bearer dn_khongtontai", "Token abc", "Bearer "])
def test_me_with_bad_token_is_401(client, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_me_with_token(client, reception_officer, officer_token):
    response = client.get("/api/v1/me", **bearer(officer_token))

    assert response.status_code == 200
    assert response.json() == {
        "username": "reception_officer",
        "full_name": "Lê Thị Tiếp",
        "position": "",
        "unit": "",
        "email": "reception_officer@example.vn",
        "phone": "",
        "is_superuser": False,
        "roles": [{"code": "reception_officer", "name": "Chuyên viên tiếp công dân và xử lý đơn"}],
    }


def test_revoked_token_is_refused(client, reception_officer):
    token, raw = ApiToken.issue(reception_officer, name="x")
    token.revoked_at = timezone.now()
    token.save()

    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401


def test_token_of_deactivated_user_is_refused(client, reception_officer, officer_token):
    reception_officer.is_active = False
    reception_officer.save()

    assert client.get("/api/v1/me", **bearer(officer_token)).status_code == 401


def test_token_use_is_recorded(client, officer_token):
    client.get("/api/v1/me", **bearer(officer_token))

    assert ApiToken.objects.get().last_used_at is not None


def test_agencies_paginated(client, officer_token):
    for i in range(25):
        Agency.objects.create(name=f"Sở {i:02d}", level="provincial")

    response = client.get("/api/v1/agencies?page=2&page_size=10", **bearer(officer_token))

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 25
    assert [a["name"] for a in body["items"]] == [f"Sở {i:02d}" for i in range(10, 20)]


def test_agencies_search_without_diacritics(client, officer_token):
    Agency.objects.create(name="Tòa án nhân dân tỉnh Ninh Bình", level="provincial", kind="court")
    Agency.objects.create(name="Công an tỉnh Ninh Bình", level="provincial", kind="police")

    response = client.get("/api/v1/agencies?q=toa an", **bearer(officer_token))

    assert [a["name"] for a in response.json()["items"]] == ["Tòa án nhân dân tỉnh Ninh Bình"]


def test_page_size_over_100_is_a_field_error(client, officer_token):
    response = client.get("/api/v1/agencies?page_size=500", **bearer(officer_token))

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "Yêu cầu có giá trị không hợp lệ.",
        "fields": {"page_size": ["Tối đa là 100."]},
    }


def test_non_numeric_page_is_a_field_error(client, officer_token):
    response = client.get("/api/v1/agencies?page=abc", **bearer(officer_token))

    assert response.status_code == 422
    assert response.json()["fields"] == {"page": ["Hãy nhập một số nguyên."]}


def test_unknown_agency_is_404_json(client, officer_token):
    response = client.get("/api/v1/agencies/999999", **bearer(officer_token))

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy.", "fields": {}}


@pytest.mark.parametrize("agency_id", ["99999999999999999999", "0", "-5", "abc"])
def test_impossible_agency_id_is_a_field_error(client, officer_token, agency_id):
    response = client.get(f"/api/v1/agencies/{agency_id}", **bearer(officer_token))

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["agency_id"]


def test_reference_data_forbidden_without_role(client, outsider):
    _token, raw = ApiToken.issue(outsider, name="x")

    response = client.get("/api/v1/agencies", **bearer(raw))

    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "Bạn không có quyền thực hiện việc này.",
        "fields": {},
    }


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/khong-co")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_openapi_schema_is_published(client):
    response = client.get("/api/v1/openapi.json")

    schema = response.json()
    assert response.status_code == 200
    assert {
        "/api/v1/me",
        "/api/v1/agencies",
        "/api/v1/administrative-units",
        "/api/v1/fields",
    } <= set(schema["paths"])


def test_create_token_command_prints_the_token_last(reception_officer, capsys):
    call_command("create_token", "reception_officer", "--name", "báo cáo")

    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(user=reception_officer)
    assert token.digest == ApiToken.digest_of(last_line)
    assert token.name == "báo cáo"
    assert AuditEntry.objects.for_object(token).get().source == "command:create_token"


def test_create_token_for_unknown_user_fails():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_token", "khong-co-ai")


def test_interactive_docs_use_local_assets_only(client):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html
