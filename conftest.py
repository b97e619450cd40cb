"""The cast of the test suite: one persona per role of the office's charter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dannguyen.accounts.models import Role, User

PASSWORD = "mật-khẩu-thử-1"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.3 s a user; tests that check passwords still check them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(username: str, *roles: str, full_name: str = "", **extra: Any) -> User:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            full_name=full_name or username.replace("_", " ").title(),
            email=f"{username}@example.vn",
            **extra,
        )
        for code in roles:
            user.role_grants.create(role=Role.objects.get(code=code))
        return user

    return make


@pytest.fixture
def department_head(make_user: Callable[..., User]) -> User:
    return make_user("department_head", Role.Code.DEPARTMENT_HEAD, full_name="Nguyễn Văn Trưởng")


@pytest.fixture
def deputy_head(make_user: Callable[..., User]) -> User:
    return make_user("deputy_head", Role.Code.DEPUTY_HEAD, full_name="Trần Thị Phó")


@pytest.fixture
def reception_officer(make_user: Callable[..., User]) -> User:
    return make_user("reception_officer", Role.Code.RECEPTION_OFFICER, full_name="Lê Thị Tiếp")


@pytest.fixture
def supervision_officer(make_user: Callable[..., User]) -> User:
    return make_user("supervision_officer", Role.Code.SUPERVISION_OFFICER, full_name="Vũ Giám Sát")


@pytest.fixture
def information_officer(make_user: Callable[..., User]) -> User:
    return make_user("information_officer", Role.Code.INFORMATION_OFFICER, full_name="Phạm Tin")


@pytest.fixture
def office_leader(make_user: Callable[..., User]) -> User:
    return make_user("office_leader", Role.Code.OFFICE_LEADER, full_name="Hoàng Văn Lãnh")


@pytest.fixture
def deputy(make_user: Callable[..., User]) -> User:
    return make_user("deputy", Role.Code.DEPUTY, full_name="Đỗ Thị Đại Biểu")


@pytest.fixture
def system_admin(make_user: Callable[..., User]) -> User:
    return make_user("system_admin", Role.Code.SYSTEM_ADMIN, full_name="Vũ Quản Trị")


@pytest.fixture
def outsider(make_user: Callable[..., User]) -> User:
    """Signed in, but holds no role: sees nothing of the back office."""
    return make_user("outsider", full_name="Người Ngoài")
