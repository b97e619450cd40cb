from __future__ import annotations

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from docx import Document

from dannguyen.correspondence import rendering, services, workflow
from dannguyen.correspondence.forms import TemplateForm
from dannguyen.correspondence.models import LetterTemplate
from dannguyen.lib.nd30_template import build_document

pytestmark = pytest.mark.django_db

MORNING = datetime.datetime(2026, 3, 5, 3, 0, tzinfo=datetime.UTC)


def texts(data: bytes) -> list[str]:
    """Every paragraph of the document, the header table's cells included."""
    doc = Document(io.BytesIO(data))
    found = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(p.text for p in cell.paragraphs)
    return [t for t in found if t.strip()]


@time_machine.travel(MORNING, tick=False)
def test_an_issued_forwarding_slip_has_the_nd30_components(approved, reception_officer):
    workflow.issue(approved, by=reception_officer)

    lines = texts(rendering.read_issued(approved))

    assert "VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH NINH BÌNH" in lines
    assert "PHÒNG THÔNG TIN VÀ CÔNG TÁC DÂN NGUYỆN" in lines
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "Độc lập - Tự do - Hạnh phúc" in lines
    assert "Số: 01/PC-TTDN" in lines
    assert "Ninh Bình, ngày 05 tháng 3 năm 2026" in lines
    assert "PHIẾU CHUYỂN ĐƠN" in lines
    assert "chuyển đơn khiếu nại số 2026/0001" in lines
    assert "Kính gửi:\tThanh tra tỉnh Ninh Bình." in lines
    assert (
        "Căn cứ quy định của pháp luật, Phòng Thông tin và Công tác Dân nguyện chuyển đơn đến "
        "Thanh tra tỉnh Ninh Bình để xem xét, giải quyết theo thẩm quyền và thông báo kết quả "
        "cho công dân và Phòng Thông tin và Công tác Dân nguyện biết."
    ) in lines
    assert [line for line in lines if line.startswith(("Nơi nhận", "- "))] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Lãnh đạo Văn phòng (để báo cáo);",
        "- Lưu: VT.",
    ]
    assert "TRƯỞNG PHÒNG" in lines
    assert "Nguyễn Văn Trưởng" in lines


def test_a_cong_van_has_its_subject_under_the_number_and_a_signing_mode(
    complaint, provincial_inspectorate, reception_officer
):
    letter = services.draft_letter(
        kind="urging_letter",
        by=reception_officer,
        petition=complaint,
        recipient_agency=provincial_inspectorate,
        extra={"due_on": datetime.date(2026, 4, 15), "reference": "01/PC-TTDN"},
    )
    workflow.update(
        letter,
        values={
            "signing_mode": "kt",
            "authority_position": "Trưởng phòng",
            "signer_position": "Phó trưởng phòng",
            "signer_name": "Trần Thị Phó",
            "urgency": "urgent",
        },
        by=reception_officer,
    )

    content, template = rendering.render(letter)
    lines = texts(content)

    assert template is None
    assert "Số: …/TTDN" in lines
    assert "V/v đôn đốc giải quyết đơn khiếu nại số 2026/0001" in lines
    assert "Ninh Bình, ngày … tháng … năm …" in lines
    assert "KHẨN" in lines
    assert [
        line for line in lines if line in {"KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "Trần Thị Phó"}
    ] == ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "Trần Thị Phó"]
    assert (
        "Phòng Thông tin và Công tác Dân nguyện đã chuyển đơn khiếu nại số 2026/0001 (văn bản "
        "số 01/PC-TTDN) đến Thanh tra tỉnh Ninh Bình để xem xét, giải quyết theo thẩm quyền."
    ) in lines
    assert (
        "Thời hạn giải quyết đến ngày 15/04/2026 đã hết nhưng Phòng Thông tin và Công tác Dân "
        "nguyện chưa nhận được văn bản trả lời."
    ) in lines
    assert letter.extra == {"due_on": "2026-04-15", "reference": "01/PC-TTDN"}


def test_a_petition_lacking_data_still_gives_a_draft(register, reception_officer):
    petition = register(content="Đơn không rõ nội dung")  # no kind, no summary, no agency

    letters = [
        services.draft_letter(kind=kind, by=reception_officer, petition=petition)
        for kind in (
            "forwarding_slip",
            "forwarding_letter",
            "guidance_slip",
            "urging_letter",
            "citizen_notice",
            "proposal_slip",
        )
    ]

    assert [letter.subject for letter in letters] == [
        "chuyển đơn số 2026/0001",
        "chuyển đơn của công dân",
        "hướng dẫn công dân về đơn số 2026/0001",
        "đôn đốc giải quyết đơn số 2026/0001",
        "kết quả xử lý đơn số 2026/0001",
        "đề xuất xử lý đơn số 2026/0001",
    ]
    assert [letter.recipient_type for letter in letters] == [
        "agency",
        "agency",
        "citizen",
        "agency",
        "citizen",
        "internal",
    ]
    assert letters[2].recipient_name == "Trần Thị Khiếu"
    for letter in letters:
        assert texts(rendering.render(letter)[0])
    without_petition = services.draft_letter(kind="proposal_slip", by=reception_officer)
    assert without_petition.subject == "đề xuất xử lý đơn số …"


# ------------------------------------------------------------------------- templates


def _office_template(marker: str) -> bytes:
    return _docx_with(f"{marker} {{{{ petition_code }}}} {{{{ recipient_name }}}}")


def _docx_with(paragraph: str) -> bytes:
    doc = build_document()
    doc.add_paragraph(paragraph)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "mau.docx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _form(data: bytes, **values):
    fields = {"kind": "forwarding_slip", "name": "Mẫu 2026", "valid_from": "2026-01-01"}
    fields.update(values)
    return TemplateForm(fields, {"file": _upload(data)})


def test_an_office_template_is_accepted_and_applies_from_its_date(
    draft, department_head, reception_officer
):
    form = _form(_office_template("MẪU-VĂN-PHÒNG"), valid_from="2026-03-01", valid_to="2026-03-31")
    assert form.is_valid(), form.errors
    template = form.save(commit=False)
    template.uploaded_by = department_head
    template.save()

    with time_machine.travel(datetime.datetime(2026, 3, 10, 3, tzinfo=datetime.UTC), tick=False):
        content, used = rendering.render(draft)
    assert used == template
    assert "MẪU-VĂN-PHÒNG 2026/0001 Thanh tra tỉnh Ninh Bình" in texts(content)

    with time_machine.travel(datetime.datetime(2026, 4, 1, 3, tzinfo=datetime.UTC), tick=False):
        content, used = rendering.render(draft)
    assert used is None
    assert not any("MẪU-VĂN-PHÒNG" in line for line in texts(content))


def test_the_issued_original_stays_frozen_when_the_template_changes(
    approved, department_head, reception_officer
):
    with time_machine.travel(MORNING, tick=False):
        workflow.issue(approved, by=reception_officer)
    before = rendering.read_issued(approved)
    LetterTemplate.objects.create(
        kind="forwarding_slip",
        name="Mẫu mới",
        valid_from=datetime.date(2026, 1, 1),
        file=ContentFile(_office_template("MẪU-MỚI"), name="mau.docx"),
    )

    assert rendering.read_issued(approved) == before
    assert not any("MẪU-MỚI" in line for line in texts(before))


def _broken_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "không phải Word")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 fake pdf named .docx", "This is not a Word (.docx) file."),
        (b"PK\x03\x04 truncated", "The file is damaged: it cannot be opened."),
        ("zip-without-document", "This is not a Word (.docx) file."),
        ("oversized", "The file is too large: at most %(mb)s MB."),
    ],
)
def test_a_fake_broken_or_oversized_template_is_refused(db, content, message):
    if content == "zip-without-document":
        content = _broken_zip()
    elif content == "oversized":
        content = b"PK\x03\x04" + b"0" * (rendering.MAX_TEMPLATE_BYTES + 1)

    form = _form(content)

    assert not form.is_valid()
    expected = gettext(message)
    if "%(mb)s" in message:
        expected = expected % {"mb": 2}
    assert form.errors["file"] == [expected]


def test_a_template_with_a_misspelt_placeholder_is_refused(db):
    form = _form(_docx_with("{{ nguoi_ky }}"))

    assert not form.is_valid()
    [error] = form.errors["file"]
    assert "nguoi_ky" in error
    assert error.startswith(
        gettext("The template cannot be filled: %(error)s. Check its placeholders.").split("%")[0]
    )


def test_a_template_cannot_reach_python_internals(db):
    form = _form(_docx_with("{{ summary.__class__.__mro__[1].__subclasses__() }}"))

    assert not form.is_valid()
    [error] = form.errors["file"]
    assert "unsafe" in error or "__class__" in error


def test_check_template_accepts_the_shipped_layout():
    rendering.check_template(rendering.shipped_template())
    with pytest.raises(ValidationError):
        rendering.check_template(b"")


def test_a_guidance_slip_goes_to_the_citizen_and_names_the_agency(
    complaint, provincial_inspectorate, reception_officer
):
    slip = services.draft_letter(
        kind="guidance_slip",
        by=reception_officer,
        petition=complaint,
        recipient_agency=provincial_inspectorate,
    )

    lines = texts(rendering.render(slip)[0])

    assert slip.recipient_agency is None
    assert (slip.recipient_name, slip.extra) == (
        "Trần Thị Khiếu",
        {"agency": "Thanh tra tỉnh Ninh Bình"},
    )
    assert "PHIẾU HƯỚNG DẪN" in lines
    assert "Kính gửi:\tTrần Thị Khiếu." in lines
    assert (
        "Nội dung đơn không thuộc thẩm quyền giải quyết của Phòng Thông tin và Công tác Dân "
        "nguyện. Đề nghị công dân gửi đơn đến Thanh tra tỉnh Ninh Bình để được xem xét, giải "
        "quyết theo quy định của pháp luật."
    ) in lines
