"""Demo world for development and the browser test: one account per role, realistic names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from dannguyen.accounts.models import Role, User

DEMO_PASSWORD = "DanNguyen@2026"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    position: str
    role: str


DEMO_USERS = [
    DemoUser("truongphong", "Nguyễn Văn Thành", "Trưởng phòng", Role.Code.DEPARTMENT_HEAD),
    DemoUser("photruongphong", "Trần Thị Mai", "Phó Trưởng phòng", Role.Code.DEPUTY_HEAD),
    DemoUser("tonghop", "Phạm Minh Tuấn", "Chuyên viên", Role.Code.INFORMATION_OFFICER),
    DemoUser("tiepdan", "Lê Thị Hồng", "Chuyên viên", Role.Code.RECEPTION_OFFICER),
    DemoUser("giamsat", "Vũ Đức Long", "Chuyên viên", Role.Code.SUPERVISION_OFFICER),
    DemoUser("cutri", "Đặng Thu Hà", "Chuyên viên", Role.Code.VOTER_CONTACT_OFFICER),
    DemoUser("chanhvanphong", "Hoàng Quốc Việt", "Chánh Văn phòng", Role.Code.OFFICE_LEADER),
    DemoUser("photruongdoan", "Bùi Thị Lan", "Phó Trưởng đoàn ĐBQH", Role.Code.DELEGATION_LEADER),
    DemoUser("phochutich", "Trịnh Văn Nam", "Phó Chủ tịch HĐND tỉnh", Role.Code.COUNCIL_LEADER),
    DemoUser("daibieu", "Mai Văn Hùng", "Đại biểu HĐND tỉnh", Role.Code.DEPUTY),
    DemoUser("quantri", "Ngô Thanh Sơn", "Quản trị hệ thống", Role.Code.SYSTEM_ADMIN),
]

OFFICE_UNIT = "Phòng Thông tin và Công tác Dân nguyện"
LEADER_UNIT = "Văn phòng Đoàn ĐBQH và HĐND tỉnh Ninh Bình"


@transaction.atomic
def seed() -> list[str]:
    """Create what is missing; never reset a password or role someone has changed since."""
    created: list[str] = []
    roles = {r.code: r for r in Role.objects.all()}
    for demo in DEMO_USERS:
        if User.objects.filter(username=demo.username).exists():
            continue
        office_staff = demo.role not in {
            Role.Code.OFFICE_LEADER,
            Role.Code.DELEGATION_LEADER,
            Role.Code.COUNCIL_LEADER,
            Role.Code.DEPUTY,
        }
        user = User.objects.create_user(
            username=demo.username,
            password=DEMO_PASSWORD,
            full_name=demo.full_name,
            position=demo.position,
            unit=OFFICE_UNIT if office_staff else LEADER_UNIT,
            email=f"{demo.username}@ninhbinh.dannguyen.local",
        )
        user.set_roles([roles[demo.role]])
        created.append(demo.username)
    return created


# The laws the office uses every day, imported from the shared real-data folder when it is
# there (it is beside the repository in development and CI, never shipped).
DEMO_LAWS = [
    "Luat-khieu-nai-2011-132446.txt",
    "Luat-To-cao-336713.txt",
    "Luat-tiep-cong-dan-2013-215839.txt",
    "Luat-68-2020-QH14-cu-tru-435315.txt",
    "Luat-Hon-nhan-va-gia-dinh-2014-238640.txt",
    "Luat-to-chuc-chinh-quyen-dia-phuong-2015-282380.txt",
]


def shared_data_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data"


def seed_laws() -> list[str]:
    """Import the demo laws that are available; returns what happened to each."""
    from dannguyen.legal import importing  # noqa: PLC0415 -- core must not need legal at import

    folder = shared_data_dir() / "legal-vlc"
    paths = [folder / name for name in DEMO_LAWS if (folder / name).exists()]
    result = importing.import_paths(paths, base=folder)
    return [f"{o.file}: {o.result}" for o in result.outcomes]
