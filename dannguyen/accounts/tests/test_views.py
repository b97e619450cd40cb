from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from dannguyen.accounts.models import ApiToken, Role, User

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()
    assert "Tên đăng nhập" in response.content.decode()


def test_login_with_right_password_goes_home(client, reception_officer):
    response = client.post(
        reverse("accounts:login"), {"username": "reception_officer", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_login_with_wrong_password_gives_vietnamese_error(client, reception_officer):
    response = client.post(
        reverse("accounts:login"), {"username": "reception_officer", "password": "sai"}
    )

    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


def test_repeated_failed_logins_lock_the_account(client, reception_officer, settings):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "reception_officer", "password": "sai"})

    response = client.post(url, {"username": "reception_officer", "password": PASSWORD})

    assert response.status_code == 429
    assert "Tài khoản bị tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_requires_post_and_ends_the_session(client, reception_officer):
    login(client, reception_officer)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_home_redirects_anonymous_to_login(client):
    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=/"


def test_password_change(client, reception_officer):
    login(client, reception_officer)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Một-mật-khẩu-mới-2026",
            "new_password2": "Một-mật-khẩu-mới-2026",
        },
    )

    assert response.status_code == 302
    reception_officer.refresh_from_db()
    assert reception_officer.check_password("Một-mật-khẩu-mới-2026") is True


def test_profile_creates_token_shown_once_and_stored_hashed(client, reception_officer):
    login(client, reception_officer)

    response = client.post(reverse("accounts:profile"), {"name": "Bảng tính thống kê"})

    raw = response.context["new_token"]
    assert raw.startswith("dn_")
    token = ApiToken.objects.get(user=reception_officer)
    assert token.digest == ApiToken.digest_of(raw)
    assert raw not in (token.hint, token.digest, token.name)
    assert client.get(reverse("accounts:profile")).context["new_token"] is None


def test_revoke_token_only_own(client, reception_officer, department_head):
    token, _raw = ApiToken.issue(department_head, name="x")
    login(client, reception_officer)

    response = client.post(reverse("accounts:revoke_token", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_own_token(client, reception_officer):
    token, _raw = ApiToken.issue(reception_officer, name="x")
    login(client, reception_officer)

    client.post(reverse("accounts:revoke_token", args=[token.pk]))

    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("url_name", ["accounts:user_list", "accounts:user_create"])
def test_user_administration_forbidden_to_non_admins(client, department_head, url_name):
    login(client, department_head)

    response = client.get(reverse(url_name))

    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_user_list_for_admin_bounded_queries(
    client, system_admin, make_user, django_assert_max_num_queries
):
    for i in range(15):
        make_user(f"staff{i}", Role.Code.RECEPTION_OFFICER)
    login(client, system_admin)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("accounts:user_list"))

    assert response.status_code == 200
    assert len(response.context["page"]) == 16


def test_admin_creates_user_with_roles(client, system_admin):
    login(client, system_admin)
    role = Role.objects.get(code="voter_contact_officer")

    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "nguyenvana",
            "full_name": "Nguyễn Văn A",
            "position": "Chuyên viên",
            "unit": "Phòng TT&CTDN",
            "email": "a@example.vn",
            "phone": "0912345678",
            "is_active": "on",
            "roles": [role.pk],
            "password1": "Mật-khẩu-đủ-dài-1",
            "password2": "Mật-khẩu-đủ-dài-1",
        },
    )

    created = User.objects.get(username="nguyenvana")
    assert response.status_code == 302
    assert created.role_codes() == frozenset({"voter_contact_officer"})
    assert created.check_password("Mật-khẩu-đủ-dài-1") is True


def test_admin_create_user_mismatched_passwords_rejected(client, system_admin):
    login(client, system_admin)

    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "b",
            "full_name": "B",
            "password1": "Mật-khẩu-đủ-dài-1",
            "password2": "khác",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["Hai mật khẩu không khớp nhau."]
    assert not User.objects.filter(username="b").exists()


def test_admin_deactivates_user(client, system_admin, reception_officer):
    login(client, system_admin)

    client.post(
        reverse("accounts:user_edit", args=[reception_officer.pk]),
        {"username": "reception_officer", "full_name": "Lê Thị Tiếp", "roles": []},
    )

    reception_officer.refresh_from_db()
    assert reception_officer.is_active is False
    assert reception_officer.role_codes() == frozenset()


def test_admin_sets_password(client, system_admin, reception_officer):
    login(client, system_admin)

    response = client.post(
        reverse("accounts:user_set_password", args=[reception_officer.pk]),
        {"new_password1": "Mật-khẩu-mới-đặt-9", "new_password2": "Mật-khẩu-mới-đặt-9"},
    )

    assert response.status_code == 302
    reception_officer.refresh_from_db()
    assert reception_officer.check_password("Mật-khẩu-mới-đặt-9") is True


def test_set_password_forbidden_to_non_admin(client, department_head, reception_officer):
    login(client, department_head)

    response = client.post(
        reverse("accounts:user_set_password", args=[reception_officer.pk]),
        {"new_password1": "Mật-khẩu-mới-đặt-9", "new_password2": "Mật-khẩu-mới-đặt-9"},
    )

    assert response.status_code == 403
    reception_officer.refresh_from_db()
    assert reception_officer.check_password(PASSWORD) is True


def test_unknown_user_page_is_404(client, system_admin):
    login(client, system_admin)

    assert client.get(reverse("accounts:user_edit", args=[999999])).status_code == 404


def test_session_expires_after_inactivity(settings):
    assert settings.SESSION_COOKIE_AGE == 7200
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
