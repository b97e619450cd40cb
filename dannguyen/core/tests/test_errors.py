from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from dannguyen.core import errors

pytestmark = pytest.mark.django_db


def test_500_page_is_vietnamese_and_needs_no_database():
    request = RequestFactory().get("/")

    response = errors.server_error(request)

    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()


def test_500_for_api_is_json():
    request = RequestFactory().get("/api/v1/me")

    response = errors.server_error(request)

    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"


def test_csrf_failure_page_is_vietnamese(reception_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reception_officer)

    response = client.post("/accounts/profile/", {"name": "x"})

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_login_without_csrf_token_does_not_500():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403


def test_null_character_in_a_query_is_a_bad_request(client, reception_officer):
    client.force_login(reception_officer)

    response = client.get("/units/", {"q": "a\x00b"})

    assert response.status_code == 400
    assert "ký tự không được phép" in response.content.decode()


def test_very_long_username_counts_as_a_failed_login(client):
    response = client.post("/accounts/login/", {"username": "đ" * 5000, "password": "x"})

    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
