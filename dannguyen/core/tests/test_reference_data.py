from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command

from dannguyen.accounts.models import User
from dannguyen.core import audit, demo, reference_data
from dannguyen.core.models import AdministrativeUnit, Agency, AuditEntry, FieldOfWork

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    """The shipped reference data, with the communes of Ninh Bình only (loading all takes ~8 s)."""
    with audit.acting_as(None, source="command:load_reference_data"):
        reference_data.load_all(provinces={"37"})


def test_all_34_provinces_and_3321_communes_load_idempotently():
    reference_data.load_all()
    entries = AuditEntry.objects.count()

    again = reference_data.load_all()

    provinces = AdministrativeUnit.objects.filter(kind__in=AdministrativeUnit.PROVINCE_KINDS)
    assert provinces.count() == 34
    assert AdministrativeUnit.objects.filter(parent__isnull=False).count() == 3321
    assert str(provinces.get(code="01")) == "Thành phố Hà Nội"
    assert str(provinces.get(code="37")) == "Tỉnh Ninh Bình"
    assert again.lines() == []
    assert AuditEntry.objects.count() == entries


def test_units_carry_their_validity(loaded):
    ward = AdministrativeUnit.objects.get(code="14359")

    assert str(ward) == "Phường Nam Hoa Lư, Tỉnh Ninh Bình"
    assert ward.valid_from == datetime.date(2025, 7, 1)
    assert ward.valid_to is None


def test_loading_is_attributed_to_the_command(loaded):
    sources = set(AuditEntry.objects.values_list("source", flat=True))

    assert sources == {"command:load_reference_data"}


def test_field_tree_has_the_report_categories(loaded):
    roots = list(FieldOfWork.objects.filter(parent__isnull=True).values_list("name", flat=True))

    assert roots[:2] == ["Hành chính", "Tư pháp"]
    assert FieldOfWork.objects.get(name="Tham nhũng").petition_kinds == ["denunciation"]


def test_agencies_are_linked_to_units_and_fields(loaded):
    committee = Agency.objects.get(name="Ủy ban nhân dân tỉnh Ninh Bình")

    assert committee.level == "provincial"
    assert committee.administrative_unit is not None
    assert committee.administrative_unit.code == "37"
    assert Agency.objects.filter(level="commune", administrative_unit__isnull=True).count() == 0
    assert Agency.objects.filter(parent=committee).count() > 10
    assert Agency.objects.get(name="Tòa án nhân dân tỉnh Ninh Bình").fields.exists()


def test_hand_edits_survive_a_reload(loaded):
    court = Agency.objects.get(name="Tòa án nhân dân tỉnh Ninh Bình")
    court.notes = "Tiếp công dân thứ Năm hằng tuần"
    court.save()
    extra = FieldOfWork.objects.create(code="ZZ-THU", name="Lĩnh vực thêm của Phòng")

    reference_data.load_all(provinces={"37"})

    court.refresh_from_db()
    assert court.notes == "Tiếp công dân thứ Năm hằng tuần"
    assert FieldOfWork.objects.filter(pk=extra.pk).exists()


def test_fixture_codes_are_consistent():
    fields = json.loads((reference_data.FIXTURES / "fields_of_work.json").read_text("utf-8"))
    agencies = json.loads((reference_data.FIXTURES / "agencies.json").read_text("utf-8"))
    codes = [f["code"] for f in fields]
    keys = [a["key"] for a in agencies]

    assert len(codes) == len(set(codes))
    assert len(keys) == len(set(keys))
    assert {c for a in agencies for c in a["fields"]} <= set(codes)
    assert {a["level"] for a in agencies} == {"central", "provincial", "commune"}


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_seed_demo_is_idempotent_with_one_account_per_role(debug_on, capsys):
    demo.seed()
    call_command("seed_demo")

    demo_users = User.objects.filter(username__in=[d.username for d in demo.DEMO_USERS])
    assert demo_users.count() == 11
    assert {u.role_codes() for u in demo_users} == {frozenset({d.role}) for d in demo.DEMO_USERS}
    assert all(u.check_password(demo.DEMO_PASSWORD) for u in demo_users)
    assert "demo accounts already present" in capsys.readouterr().out


def test_seed_demo_keeps_a_changed_password(debug_on):
    demo.seed()
    user = User.objects.get(username="tiepdan")
    user.set_password("Mật-khẩu-riêng-của-tôi-1")
    user.save()

    demo.seed()

    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-riêng-của-tôi-1") is True
