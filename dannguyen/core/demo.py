"""Demo world for development and the browser test: one account per role, realistic names."""

from __future__ import annotations

from dataclasses import dataclass

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
