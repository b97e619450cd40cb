"""The Sổ tiếp công dân in the columns of Mẫu 03/TCD (Excel and Word), and the calendar as
iCalendar (RFC 5545)."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dannguyen.reception import workflow

from .conftest import COMPLAINANT, LAND_COMPLAINT, SESSION_DAY

pytestmark = pytest.mark.django_db

# The calendar file reaches two months back: its tests stand on a day after SESSION_DAY.
TODAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

# NĐ 154/2026/NĐ-CP, appendix, Mẫu 03/TCD "Sổ tiếp công dân" (domain.md §1.3), as printed.
MAU_03_TCD = [
    "STT",
    "Ngày tiếp",
    "Họ tên, địa chỉ",
    "CCCD/CMND/Hộ chiếu",
    "Nội dung đơn",
    "Loại đơn (KN/TC/KN/PA)",
    "Số người cùng nội dung",
    "Cơ quan đã giải quyết",
    "Thuộc thẩm quyền (x)",
    "Hướng dẫn công dân đến cơ quan có thẩm quyền",
    "Cơ quan, đơn vị thụ lý",
    "Theo dõi kết quả giải quyết",
    "Ghi chú",
]


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def header_index(rows: list[tuple]) -> int:
    return next(n for n, row in enumerate(rows) if row[0] == "STT")


def test_the_excel_register_has_exactly_the_columns_of_mau_03_tcd(
    client, complaint, reception_officer
):
    client.force_login(reception_officer)

    response = client.get(reverse("reception:register_xlsx"))

    rows = sheet_rows(response.content)
    header = header_index(rows)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert 'filename="so-tiep-cong-dan.xlsx"' in response["Content-Disposition"]
    assert rows[0][0] == "SỔ TIẾP CÔNG DÂN"
    assert list(rows[header]) == MAU_03_TCD


def test_a_register_row_says_what_the_form_asks(
    client, record, reception_officer, inspectorate, world
):
    from dannguyen.core.models import Agency

    district_court = Agency.objects.exclude(pk=inspectorate.pk).first()
    record(
        competence="within",
        previously_handled_by=district_court,
        previous_handling="Đã trả lời lần đầu.",
        outcome="forwarded",
        accepting_agency=inspectorate,
        follow_up="Chờ kết quả xác minh.",
    )
    client.force_login(reception_officer)

    rows = sheet_rows(client.get(reverse("reception:register_xlsx")).content)

    row = rows[header_index(rows) + 1]
    # openpyxl reads a date cell back as a naive datetime at midnight.
    assert row[1].date() == SESSION_DAY
    assert (row[0], row[2], row[3]) == (
        1,
        f"{COMPLAINANT.full_name}, {COMPLAINANT.address}",
        COMPLAINANT.id_number,
    )
    assert row[4] == LAND_COMPLAINT
    assert row[5:11] == (
        "KN",
        1,
        f"{district_court.name}, Đã trả lời lần đầu.",
        "x",
        None,
        inspectorate.name,
    )
    assert row[11] == "Chờ kết quả xác minh."


def test_a_group_names_its_representatives_and_counts_everyone(client, record, reception_officer):
    record(headcount=12, kind="petition")
    client.force_login(reception_officer)

    rows = sheet_rows(client.get(reverse("reception:register_xlsx")).content)

    row = rows[header_index(rows) + 1]
    assert str(12) in row[2] and COMPLAINANT.full_name in row[2]
    assert (row[5], row[6]) == ("KN/PA", 12)


def test_the_letters_registered_are_followed_in_the_register(client, record, reception_officer):
    case = record(outcome="petition_received")
    client.force_login(reception_officer)

    rows = sheet_rows(client.get(reverse("reception:register_xlsx")).content)

    assert case.petitions.get().code in rows[header_index(rows) + 1][11]


def test_the_word_register_is_a_landscape_nd30_document_with_the_form_table(
    client, complaint, department_head
):
    client.force_login(department_head)

    response = client.get(
        reverse("reception:register_docx"), {"date_from": "01/11/2026", "date_to": "30/11/2026"}
    )

    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    table = document.tables[1]
    section = document.sections[0]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "SỔ TIẾP CÔNG DÂN" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document.tables[0].rows[0].cells[1].text
    assert not any(
        t.startswith("Số:") for t in document.tables[0].rows[1].cells[0].text.split("\n")
    )
    assert section.page_width > section.page_height
    assert [c.text for c in table.rows[0].cells] == MAU_03_TCD
    assert [c.text for c in table.rows[1].cells] == [f"({n})" for n in range(1, 14)]
    assert table.rows[2].cells[2].text == f"{COMPLAINANT.full_name}, {COMPLAINANT.address}"
    assert table.rows[2].cells[1].text == "10/11/2026"
    assert department_head.full_name in document.tables[-1].rows[0].cells[1].text


def test_an_empty_period_still_prints(client, world, reception_officer):
    client.force_login(reception_officer)

    response = client.get(reverse("reception:register_docx"))

    document = Document(io.BytesIO(response.content))
    assert len(document.tables[1].rows) == 2


# ------------------------------------------------------------------------- iCalendar


def ics_lines(content: bytes) -> list[str]:
    text = content.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return text.split("\r\n")[:-1]


def unfold(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.startswith(" "):
            out[-1] += line[1:]
        else:
            out.append(line)
    return out


def test_the_calendar_file_is_valid_icalendar(client, session, reception_officer, world):
    cancelled = workflow.plan(
        values={
            "kind": "ad_hoc", "host_body": "office", "method": "in_person",
            "date": SESSION_DAY + datetime.timedelta(days=7), "start_time": datetime.time(14, 0),
            "end_time": datetime.time(16, 0),
            "place": "Phòng tiếp dân số 2; tầng 1, trụ sở HĐND tỉnh (cổng phía Đông)",
        },
        by=reception_officer,
    )  # fmt: skip
    workflow.cancel(cancelled, by=reception_officer, reason="Trùng lịch họp Thường trực.")
    client.force_login(reception_officer)

    with time_machine.travel(TODAY, tick=False):
        response = client.get(reverse("reception:calendar_ics"))

    raw = ics_lines(response.content)
    lines = unfold(raw)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 2
    assert f"UID:reception-session-{session.pk}@dannguyen-37" in lines
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20261110T080000" in lines
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20261110T113000" in lines
    assert "STATUS:CANCELLED" in lines
    assert "LOCATION:Phòng tiếp dân số 2\\; tầng 1\\, trụ sở HĐND tỉnh (cổng phía Đông)" in lines
    assert any(line.startswith("SUMMARY:") and "Đỗ Thị Đại Biểu" in line for line in lines)


def test_rescheduling_raises_the_sequence_in_the_file(client, session, reception_officer):
    workflow.update(session, values={"start_time": datetime.time(7, 30)}, by=reception_officer)
    client.force_login(reception_officer)

    lines = unfold(
        ics_lines(client.get(reverse("reception:session_ics", args=[session.pk])).content)
    )

    assert "SEQUENCE:1" in lines
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20261110T073000" in lines


def test_only_my_sessions_in_the_file(client, session, reception_officer):
    client.force_login(reception_officer)

    with time_machine.travel(TODAY, tick=False):
        everything = ics_lines(client.get(reverse("reception:calendar_ics")).content)
        mine = ics_lines(client.get(reverse("reception:calendar_ics"), {"mine": "1"}).content)

    assert everything.count("BEGIN:VEVENT") == 1
    assert "BEGIN:VEVENT" not in mine
