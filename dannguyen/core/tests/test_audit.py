from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from dannguyen.core import audit
from dannguyen.core.models import Agency, AuditEntry, FieldOfWork

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return list(AuditEntry.objects.for_object(obj).order_by("id").values_list("action", "changes"))


def test_create_update_delete_are_recorded_with_before_and_after(department_head):
    with audit.acting_as(department_head, source="web"):
        agency = Agency.objects.create(name="Sở Tư pháp", level="provincial", kind="department")
        agency.phone = "0229 3871 234"
        agency.save()
        agency_pk = agency.pk
        agency.delete()

    rows = list(
        AuditEntry.objects.filter(object_id=str(agency_pk), content_type__model="agency")
        .order_by("id")
        .values_list("action", "changes", "actor_id", "actor_name", "source")
    )
    assert rows == [
        (
            "create",
            {
                "name": [None, "Sở Tư pháp"],
                "level": [None, "provincial"],
                "kind": [None, "department"],
                "is_active": [None, True],
            },
            department_head.pk,
            "Nguyễn Văn Trưởng",
            "web",
        ),
        (
            "update",
            {"phone": ["", "0229 3871 234"]},
            department_head.pk,
            "Nguyễn Văn Trưởng",
            "web",
        ),
        (
            "delete",
            {
                "name": ["Sở Tư pháp", None],
                "level": ["provincial", None],
                "kind": ["department", None],
                "phone": ["0229 3871 234", None],
                "is_active": [True, None],
            },
            department_head.pk,
            "Nguyễn Văn Trưởng",
            "web",
        ),
    ]


def test_saving_without_change_records_nothing():
    agency = Agency.objects.create(name="Thanh tra tỉnh", level="provincial")

    agency.save()

    assert [a for a, _ in entries_for(agency)] == ["create"]


def test_many_to_many_changes_are_recorded():
    agency = Agency.objects.create(name="Sở Xây dựng", level="provincial")
    land = FieldOfWork.objects.create(code="HC-DD", name="Đất đai")

    agency.fields.add(land)

    assert entries_for(agency)[-1] == ("update", {"fields": [[], [land.pk]]})


def test_queryset_update_is_recorded_row_by_row():
    a = Agency.objects.create(name="Sở Y tế", level="provincial")
    b = Agency.objects.create(name="Sở Nội vụ", level="provincial")

    Agency.objects.filter(pk__in=[a.pk, b.pk]).update(is_active=False)

    assert entries_for(a)[-1] == ("update", {"is_active": [True, False]})
    assert entries_for(b)[-1] == ("update", {"is_active": [True, False]})


def test_changes_without_actor_are_attributed_to_the_source():
    with audit.acting_as(None, source="command:load_reference_data"):
        agency = Agency.objects.create(name="Công an tỉnh", level="provincial")

    entry = AuditEntry.objects.for_object(agency).get()
    assert (entry.actor_id, entry.actor_name, entry.source) == (
        None,
        "",
        "command:load_reference_data",
    )


def test_password_hash_is_never_recorded(reception_officer):
    reception_officer.set_password("Mật-khẩu-khác-7")
    reception_officer.save()

    changes = [c for _, c in entries_for(reception_officer)]
    assert all("password" not in c for c in changes)


def test_history_cannot_be_edited_through_the_model():
    Agency.objects.create(name="Sở Tài chính", level="provincial")
    entry = AuditEntry.objects.latest("id")
    entry.note = "sửa lén"

    with pytest.raises(AuditEntry.Immutable):
        entry.save()
    with pytest.raises(AuditEntry.Immutable):
        entry.delete()


def test_history_cannot_be_edited_through_querysets():
    Agency.objects.create(name="Sở Công Thương", level="provincial")

    with pytest.raises(AuditEntry.Immutable):
        AuditEntry.objects.all().update(note="x")
    with pytest.raises(AuditEntry.Immutable):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditEntry.Immutable):
        AuditEntry.objects.bulk_update(list(AuditEntry.objects.all()), ["note"])


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET note = 'sửa lén'",
        "DELETE FROM core_auditentry",
    ],
)
def test_history_cannot_be_edited_with_raw_sql(sql):
    Agency.objects.create(name="Sở Nông nghiệp và Môi trường", level="provincial")
    before = list(AuditEntry.objects.values_list("id", "note"))

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)

    assert list(AuditEntry.objects.values_list("id", "note")) == before


def test_record_view_logs_a_sensitive_read(department_head):
    agency = Agency.objects.create(name="Ban Dân nguyện", level="central")

    with audit.acting_as(department_head, source="web"):
        audit.record_view(agency, what="xem danh tính người tố cáo")

    entry = AuditEntry.objects.for_object(agency).latest("id")
    assert (entry.action, entry.note, entry.actor_id) == (
        "view",
        "xem danh tính người tố cáo",
        department_head.pk,
    )


def test_web_requests_are_attributed_to_the_signed_in_user(client, department_head):
    client.force_login(department_head)

    client.post(
        "/fields/new/",
        {"code": "hc-cs", "name": "Chế độ, chính sách", "order": 10, "is_active": "on"},
    )

    field = FieldOfWork.objects.get(code="HC-CS")
    entry = AuditEntry.objects.for_object(field).get()
    assert (entry.action, entry.actor_id, entry.source) == ("create", department_head.pk, "web")


def test_admin_offers_no_way_to_change_or_delete_history(client):
    from dannguyen.accounts.models import User

    root = User.objects.create_superuser("root", "root@example.vn", "x", full_name="Root")
    Agency.objects.create(name="Sở Giáo dục và Đào tạo", level="provincial")
    entry = AuditEntry.objects.latest("id")
    client.force_login(root)

    change = client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"note": "sửa"})
    delete = client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    bulk = client.post(
        "/admin/core/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    assert client.get("/admin/core/auditentry/").status_code == 200
    assert change.status_code == 403
    assert delete.status_code == 403
    assert bulk.status_code == 200
    entry.refresh_from_db()
    assert entry.note == ""
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
