from django.db import migrations

# The roles of the office's charter (Quy chế làm việc của Phòng Thông tin và Công tác Dân nguyện).
ROLES = [
    ("department_head", "Trưởng phòng: phụ trách chung, duyệt văn bản đi."),
    ("deputy_head", "Phó trưởng phòng: giúp Trưởng phòng, duyệt văn bản khi được phân công."),
    ("information_officer", "Chuyên viên tổng hợp – thông tin."),
    ("reception_officer", "Chuyên viên tiếp công dân và xử lý đơn."),
    ("supervision_officer", "Chuyên viên giám sát giải quyết khiếu nại, tố cáo."),
    ("voter_contact_officer", "Chuyên viên tiếp xúc cử tri và tổng hợp ý kiến, kiến nghị cử tri."),
    ("office_leader", "Lãnh đạo Văn phòng Đoàn ĐBQH và HĐND tỉnh."),
    ("delegation_leader", "Lãnh đạo Đoàn đại biểu Quốc hội tỉnh."),
    ("council_leader", "Thường trực Hội đồng nhân dân tỉnh."),
    ("deputy", "Đại biểu Quốc hội hoặc đại biểu HĐND: xem việc liên quan đến mình."),
    ("system_admin", "Quản trị hệ thống: tài khoản, phân quyền, dữ liệu danh mục."),
]


def seed(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for order, (code, description) in enumerate(ROLES, start=1):
        Role.objects.update_or_create(
            code=code, defaults={"description": description, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code__in=[c for c, _ in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
