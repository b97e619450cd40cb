"""The world of the outreach tests: two communes of Ninh Bình, a Tết programme with a
budget of 10 million đồng and two households, drafted by the information officer (office
staff). The delegation leader approves; the deputy takes part; an outsider sees nothing."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.accounts.models import Role
from dannguyen.core.models import AdministrativeUnit
from dannguyen.outreach import workflow

TET_FROM = datetime.date(2026, 1, 20)
TET_UNTIL = datetime.date(2026, 2, 10)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def communes(db):
    province = AdministrativeUnit.objects.create(code="37", name="Ninh Bình", kind="province")
    return {
        name: AdministrativeUnit.objects.create(
            code=code, name=name, kind="commune", parent=province
        )
        for code, name in [("14365", "Xã Gia Vân"), ("14371", "Xã Nho Quan")]
    }


@pytest.fixture
def delegation_leader(make_user):
    return make_user("delegation_leader", Role.Code.DELEGATION_LEADER, full_name="Đinh Văn Đoàn")


@pytest.fixture
def programme(communes, information_officer, delegation_leader, deputy):
    made = workflow.create_programme(
        values={
            "title": "Thăm, tặng quà Tết Bính Ngọ 2026",
            "occasion": "tet",
            "lead_body": "na_delegation",
            "starts_on": TET_FROM,
            "ends_on": TET_UNTIL,
            "description": "",
        },
        leaders=[delegation_leader],
        participants=[deputy],
        by=information_officer,
    )
    workflow.add_source(made, name="Ngân sách tỉnh", amount=10_000_000, by=information_officer)
    return made


def household(programme, by, name, commune, category="meritorious"):
    return workflow.add_household(
        programme,
        values={
            "head_name": name,
            "address": "Thôn 3",
            "commune": commune,
            "category": category,
            "phone": "",
            "note": "",
        },
        by=by,
    )


@pytest.fixture
def households(programme, communes, information_officer):
    return [
        household(programme, information_officer, "Bà Nguyễn Thị Hoa", communes["Xã Gia Vân"]),
        household(
            programme, information_officer, "Ông Trần Văn Bình", communes["Xã Nho Quan"], "poor"
        ),
    ]
