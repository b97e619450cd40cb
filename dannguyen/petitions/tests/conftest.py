"""The world of the petition tests: Ninh Bình's wards, the lĩnh vực tree, the agencies,
and letters registered through the real workflow."""

from __future__ import annotations

import datetime
import functools

import pytest
import vietnam_provinces as vp

from dannguyen.core import reference_data
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork
from dannguyen.lib.vietnamese import fold
from dannguyen.matching import reference_data as matching_reference
from dannguyen.petitions import workflow
from dannguyen.petitions.identity import PersonInput

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
    "Tôi khiếu nại Quyết định thu hồi đất số 1234/QĐ-UBND của Ủy ban nhân dân xã Gia Vân "
    "vì mức bồi thường, hỗ trợ khi Nhà nước thu hồi 320 m² đất nông nghiệp của gia đình "
    "tôi thấp hơn giá thị trường, không có phương án tái định cư."
)
BRIBERY = (
    "Tôi tố cáo ông Đinh Văn Cường, cán bộ địa chính xã Gia Vân, đã nhận tiền của nhiều hộ "
    "dân để làm hồ sơ cấp giấy chứng nhận quyền sử dụng đất sai quy định. Người tố cáo: "
    "Phạm Văn Tố, CCCD 037090001234, điện thoại 0912 345 678."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@functools.cache
def _ninh_binh_rows() -> tuple[tuple[str, str, str], ...]:
    rows = []
    for ward in vp.Ward.iter_all():
        if ward.province_code.value == 37:
            kind = reference_data._KIND_BY_DIVISION[ward.division_type.value]
            rows.append((reference_data.ward_code(ward.code.value), ward.name, kind))
    return tuple(rows)


def load_ninh_binh() -> None:
    """Today's tỉnh Ninh Bình and its 129 wards and communes, as load_reference_data loads
    them, written in one go (the loader's per-row audit entries are not what is tested)."""
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


@pytest.fixture
def world(db):
    """Ninh Bình's units and the lĩnh vực tree, as shipped."""
    load_ninh_binh()
    reference_data.load_fields_of_work(reference_data.LoadReport())


@pytest.fixture
def agencies(world):
    """The shipped agencies directory of tỉnh Ninh Bình."""
    reference_data.load_agencies(reference_data.LoadReport())


@pytest.fixture
def land_field(world):
    return FieldOfWork.objects.get(code="HC-DD-BT")


@pytest.fixture
def corruption_field(world):
    return FieldOfWork.objects.get(code="TN-DD")


@pytest.fixture
def provincial_inspectorate(agencies):
    return Agency.objects.get(name="Thanh tra tỉnh Ninh Bình")


def values(**overrides):
    base = {
        "received_on": datetime.date(2026, 3, 2),
        "channel": "post",
        "content": LAND_COMPLAINT,
    }
    base.update(overrides)
    return base


@pytest.fixture
def register(world, reception_officer):
    """Register a letter as the reception officer would (the real workflow)."""

    def make(people=(COMPLAINANT,), by=None, **overrides):
        return workflow.register(
            values=values(**overrides), people=list(people), by=by or reception_officer
        )

    return make


@pytest.fixture
def complaint(register):
    return register(kind="complaint")


@pytest.fixture
def denunciation(register, supervision_officer, department_head):
    """A protected denunciation, assigned to the supervision officer (its handler)."""
    petition = register(people=[DENOUNCER], kind="denunciation", content=BRIBERY)
    workflow.assign(petition, to=supervision_officer, by=department_head)
    return petition


@pytest.fixture
def matching_rules(db):
    """The matching engine's day-one rules (reference data of the matching app)."""
    matching_reference.load(reference_data.LoadReport())
