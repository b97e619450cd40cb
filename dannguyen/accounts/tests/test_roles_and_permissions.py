from __future__ import annotations

import pytest

from dannguyen.accounts import permissions
from dannguyen.accounts.models import Role, User
from dannguyen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_roles_of_the_charter_are_seeded_by_migration():
    assert list(Role.objects.values_list("code", flat=True)) == [
        "department_head",
        "deputy_head",
        "information_officer",
        "reception_officer",
        "supervision_officer",
        "voter_contact_officer",
        "office_leader",
        "delegation_leader",
        "council_leader",
        "deputy",
        "system_admin",
    ]
    assert str(Role.objects.get(code="department_head")) == "Trưởng phòng"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("system_admin", True),
        ("department_head", False),
        ("reception_officer", False),
        ("deputy", False),
        ("outsider", False),
    ],
)
def test_can_manage_users_only_for_administrators(request, persona, expected):
    user = request.getfixturevalue(persona)

    assert permissions.can_manage_users(user) is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("system_admin", True),
        ("department_head", True),
        ("deputy_head", True),
        ("office_leader", True),
        ("reception_officer", False),
        ("deputy", False),
        ("outsider", False),
    ],
)
def test_can_view_audit_for_managers_leaders_and_administrators(request, persona, expected):
    user = request.getfixturevalue(persona)

    assert permissions.can_view_audit(user) is expected


def test_superuser_may_do_everything_without_roles():
    boss = User.objects.create_superuser("root", "root@example.vn", "x", full_name="Root")

    assert permissions.can_manage_users(boss) is True
    assert permissions.can_view_audit(boss) is True
    assert permissions.can_use_system(boss) is True


def test_inactive_user_may_do_nothing(system_admin):
    system_admin.is_active = False

    assert permissions.can_manage_users(system_admin) is False
    assert permissions.can_use_system(system_admin) is False


def test_anonymous_may_do_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert permissions.can_use_system(AnonymousUser()) is False


def test_outsider_without_role_cannot_use_the_system(outsider):
    assert permissions.can_use_system(outsider) is False


def test_set_roles_grants_and_withdraws_with_audit(reception_officer):
    head = Role.objects.get(code="department_head")

    reception_officer.set_roles([head])

    assert reception_officer.role_codes() == frozenset({"department_head"})
    grants = AuditEntry.objects.filter(content_type__model="userrole").order_by("id")
    assert [e.action for e in grants] == ["create", "delete", "create"]
