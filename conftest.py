"""The cast of the test suite: one persona per role of the office's charter."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dannguyen.accounts.models import Role, User
from dannguyen.tests.browser import ROOT, sqlite_project_env

PASSWORD = "mật-khẩu-thử-1"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.3 s a user; tests that check passwords still check them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """Copy a freshly migrated SQLite database to a path, for tests that run the project in
    other processes (browser tests' server, concurrency tests).

    `migrate` runs once per test process, as `make run` runs it, instead of once per such
    test: it costs about 50 s (building the state of almost a hundred migrations).
    """
    template = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "dannguyen", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=sqlite_project_env(template, template.parent / "media"),
        check=True,
        capture_output=True,
    )
    with sqlite3.connect(template) as db:
        # Everything in the main file: the copy needs no -wal beside it.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def copy(target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, target)
        return target

    return copy


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
