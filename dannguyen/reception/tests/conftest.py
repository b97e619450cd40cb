"""The world of the reception tests: Ninh Bình's wards, the lĩnh vực tree, the agencies, a
periodic session presided over by the deputy, and cases recorded through the real workflow.

The time limits and refusal grounds come from the data migration, as on a fresh install.
"""

from __future__ import annotations

import datetime
import functools

import pytest
import vietnam_provinces as vp

from dannguyen.accounts.models import ApiToken
from dannguyen.core import reference_data
from dannguyen.core.models import AdministrativeUnit, Agency
from dannguyen.lib.vietnamese import fold
from dannguyen.petitions.identity import PersonInput
from dannguyen.reception import workflow
from dannguyen.reception.models import RefusalGround

# A Tuesday, after NĐ 154/2026 came into force (identity documents are required).
SESSION_DAY = datetime.date(2026, 11, 10)

DENOUNCER = PersonInput(
    full_name="Phạm Văn Tố",
    id_number="037090001234",
    phone="0912345678",
    address="Xóm 3, xã Gia Vân, tỉnh Ninh Bình",
)
COMPLAINANT = PersonInput(
    full_name="Trần Thị Khiếu",
    id_number="036185004321",
    phone="0987654321",
    address="Số 12 đường Lê Hồng Phong, phường Hoa Lư, tỉnh Ninh Bình",
)
LAND_COMPLAINT = (
    "Bà khiếu nại Quyết định thu hồi đất số 1234/QĐ-UBND của Ủy ban nhân dân xã Gia Vân vì mức "
    "bồi thường 320 m² đất nông nghiệp thấp hơn giá thị trường, không có phương án tái định cư."
)
BRIBERY = (
    "Ông tố cáo ông Đinh Văn Cường, cán bộ địa chính xã Gia Vân, nhận tiền của nhiều hộ dân để "
    "làm hồ sơ cấp giấy chứng nhận quyền sử dụng đất sai quy định. Ông Phạm Văn Tố đề nghị "
    "giữ bí mật họ tên; liên hệ số 0912 345 678."
)
SECRETS = ["Phạm Văn Tố", "037090001234", "0912345678", "0912 345 678", "Xóm 3, xã Gia Vân"]


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@functools.cache
def _ninh_binh_rows() -> tuple[tuple[str, str, str], ...]:
    rows = []
    for ward in vp.Ward.iter_all():
        if ward.province_code.value == 37:
            kind = reference_data._KIND_BY_DIVISION[ward.division_type.value]
            rows.append((reference_data.ward_code(ward.code.value), ward.name, kind))
    return tuple(rows)


def load_ninh_binh() -> None:
    """Today's tỉnh Ninh Bình and its wards and communes, written in one go."""
    province = AdministrativeUnit._base_manager.create(
        code="37",
        name="Tỉnh Ninh Bình",
        kind="province",
        valid_from=reference_data.REFORM_DATE,
        name_folded=fold("Tỉnh Ninh Bình"),
    )
    AdministrativeUnit._base_manager.bulk_create(
        AdministrativeUnit(
            code=code,
            name=name,
            kind=kind,
            parent=province,
            valid_from=reference_data.REFORM_DATE,
            name_folded=fold(name),
        )
        for code, name, kind in _ninh_binh_rows()
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    load_ninh_binh()
    reference_data.load_fields_of_work(reference_data.LoadReport())
    reference_data.load_agencies(reference_data.LoadReport())


@pytest.fixture
def inspectorate(world):
    return Agency.objects.get(name="Thanh tra tỉnh Ninh Bình")


@pytest.fixture
def session(world, reception_officer, deputy, supervision_officer):
    """A periodic session presided over by the deputy, held on SESSION_DAY."""
    return workflow.plan(
        values={
            "kind": "periodic",
            "host_body": "na_deputy",
            "method": "in_person",
            "date": SESSION_DAY,
            "start_time": datetime.time(8, 0),
            "end_time": datetime.time(11, 30),
            "place": "Trụ sở tiếp công dân tỉnh Ninh Bình",
        },
        hosts=[deputy],
        staff=[reception_officer],
        by=reception_officer,
    )


def case_values(**overrides):
    values = {
        "headcount": 1,
        "kind": "complaint",
        "content": LAND_COMPLAINT,
        "outcome": "explained",
        "outcome_detail": "Giải thích quy định về bồi thường khi Nhà nước thu hồi đất.",
    }
    values.update(overrides)
    return values


@pytest.fixture
def record(session, reception_officer):
    """Record a case at the session as the reception officer would (the real workflow)."""

    def make(people=(COMPLAINANT,), at=None, by=None, **overrides):
        return workflow.record_case(
            at or session,
            values=case_values(**overrides),
            people=list(people),
            by=by or reception_officer,
        )

    return make


@pytest.fixture
def complaint(record):
    return record()


@pytest.fixture
def denunciation(record):
    """A protected denunciation: the denouncer asked for confidentiality."""
    return record(
        people=[DENOUNCER],
        kind="denunciation",
        content=BRIBERY,
        outcome="guided",
        guided_to=Agency.objects.get(name="Thanh tra tỉnh Ninh Bình"),
        instructions="Ông Phạm Văn Tố cần được bảo vệ; chuyển Thanh tra tỉnh xác minh.",
    )


@pytest.fixture
def refusal_ground(db):
    return RefusalGround.objects.get(code="luat-tcd-9-3-da-giai-quyet-dung")


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
