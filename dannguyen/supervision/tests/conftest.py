"""The world of the supervision tests: Ninh Bình's wards and agencies, a land complaint and a
protected denunciation in the petition register, and plans run through the real workflow.

The team of every plan here: the supervision officer heads it, the information officer
(office staff) and the deputy are members. The reception officer and the office leader
read; another deputy and an outsider see nothing.
"""

from __future__ import annotations

import datetime

import pytest

from dannguyen.accounts.models import ApiToken, Role
from dannguyen.core.models import Agency
from dannguyen.petitions import workflow as petitions_workflow
from dannguyen.petitions.tests.conftest import COMPLAINANT, DENOUNCER
from dannguyen.reception.tests import conftest as reception_tests
from dannguyen.supervision import workflow

LAND_COMPLAINT = (
    "Tôi khiếu nại Quyết định thu hồi đất số 1234/QĐ-UBND của Ủy ban nhân dân xã Nho Quan vì "
    "mức bồi thường 320 m² đất nông nghiệp thấp hơn giá thị trường."
)
BRIBERY = (
    "Tôi tố cáo ông Đinh Văn Cường, cán bộ địa chính xã Nho Quan, nhận tiền của nhiều hộ dân. "
    "Người tố cáo: Phạm Văn Tố, CCCD 037090001234, điện thoại 0912345678."
)
SECRETS = ["Phạm Văn Tố", "037090001234", "0912345678", "Xóm 3, xã Gia Vân"]
COMMUNE = "Ủy ban nhân dân xã Nho Quan"
INSPECTORATE = "Thanh tra tỉnh Ninh Bình"


# The same world as the reception tests: Ninh Bình, its lĩnh vực tree and agencies, and
# uploads in a temporary media folder.
world = reception_tests.world
media = reception_tests.media


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.fixture
def commune(world):
    return Agency.objects.get(name=COMMUNE)


@pytest.fixture
def inspectorate(world):
    return Agency.objects.get(name=INSPECTORATE)


@pytest.fixture
def other_deputy(make_user):
    return make_user("other_deputy", Role.Code.DEPUTY, full_name="Vũ Văn Khác")


def _register(by, people, **values):
    base = {"received_on": datetime.date(2026, 3, 2), "channel": "post"}
    base.update(values)
    return petitions_workflow.register(values=base, people=people, by=by)


@pytest.fixture
def complaint(world, reception_officer, commune):
    return _register(
        reception_officer,
        [COMPLAINANT],
        kind="complaint",
        content=LAND_COMPLAINT,
        competent_agency=commune,
    )


@pytest.fixture
def denunciation(world, reception_officer, inspectorate):
    petition = _register(
        reception_officer,
        [DENOUNCER],
        kind="denunciation",
        content=BRIBERY,
        summary="Tố cáo cán bộ địa chính xã (Phạm Văn Tố)",
        competent_agency=inspectorate,
    )
    assert petition.is_identity_protected
    return petition


def plan_values(**overrides):
    values = {
        "number": "45/KH-ĐĐBQH",
        "title": "Giám sát việc giải quyết khiếu nại về đất đai của UBND cấp xã",
        "issuing_body": "na_delegation",
        "legal_basis": "Căn cứ Luật Khiếu nại năm 2011;",
        "scope": "Giám sát việc giải quyết khiếu nại về bồi thường khi thu hồi đất.",
        "period_from": datetime.date(2025, 1, 1),
        "period_to": datetime.date(2025, 12, 31),
        "starts_on": datetime.date(2026, 9, 1),
        "ends_on": datetime.date(2026, 12, 15),
        "guest_members": "Đại diện Ban Pháp chế HĐND tỉnh",
    }
    values.update(overrides)
    return values


@pytest.fixture
def draft_plan(
    world,
    supervision_officer,
    information_officer,
    deputy,
    commune,
    inspectorate,
    complaint,
    denunciation,
):
    return workflow.create_plan(
        values=plan_values(head=supervision_officer),
        members=[information_officer, deputy],
        agencies=[commune, inspectorate],
        petitions=[complaint, denunciation],
        by=supervision_officer,
    )


@pytest.fixture
def running_plan(draft_plan, department_head, supervision_officer):
    workflow.approve(draft_plan, by=department_head)
    workflow.start(draft_plan, by=supervision_officer)
    return draft_plan


@pytest.fixture
def recommendation(running_plan, commune, supervision_officer):
    return workflow.recommend(
        running_plan,
        agency=commune,
        text="Giải quyết dứt điểm 2 vụ việc quá hạn.",
        due_on=datetime.date(2026, 10, 30),
        by=supervision_officer,
    )


def request_and_report(supervised, by, *, upload=None, content_type=""):
    """A request for a report sent on 07/09/2026 and the agency's report answering it."""
    request = workflow.send_request(
        supervised,
        values={
            "sent_on": datetime.date(2026, 9, 7),
            "reference": "120/ĐĐBQH-TTDN",
            "due_on": datetime.date(2026, 9, 21),
            "content": "Báo cáo số đơn đã giải quyết.",
        },
        by=by,
    )
    report = workflow.receive_report(
        supervised,
        values={
            "request": request,
            "number": "30/BC-UBND",
            "dated": datetime.date(2026, 9, 18),
            "received_on": datetime.date(2026, 9, 19),
            "signer": "Chủ tịch UBND xã",
            "summary": "Đã giải quyết 9/12 đơn.",
        },
        upload=upload,
        content_type=content_type,
        by=by,
    )
    return request, report


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
