from __future__ import annotations

import datetime
import json

import pytest
import yaml
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from dannguyen.petitions.models import Petition

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "received_on": "2024-05-06",
        "channel": "post",
        "petitioner": {"full_name": "Đinh Văn Một", "id_number": "037080001111"},
        "signers": 1,
        "is_anonymous": False,
        "content": "Khiếu nại việc thu hồi đất làm đường ĐT 477.",
        "kind": "complaint",
        "field": "HC-DD-BT",
    },
    {
        "received_on": "2024-05-07",
        "channel": "voter_meeting",
        "petitioner": {"full_name": "Bùi Thị Hai"},
        "signers": 35,
        "content": "Cử tri kiến nghị nạo vét kênh tiêu úng.",
        "kind": "petition",
    },
    {
        "received_on": "2031-01-01",
        "channel": "post",
        "petitioner": {"full_name": "Sai Ngày"},
        "content": "Ngày nhận trong tương lai.",
    },
]


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("petitions_import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_jsonl_with_api_names_imports_and_reports_bad_rows(tmp_path, world):
    path = tmp_path / "so-2024.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\nnot json\n")

    out, err = run(str(path))

    assert out.strip() == "created 2, already imported 0, failed 2"
    assert err.splitlines()[0].startswith("row 3: received_on: ")
    assert err.splitlines()[1].startswith("row 4: ")
    assert list(Petition.objects.order_by("code").values_list("code", "kind", "signer_count")) == [
        ("2024/0001", "complaint", 1),
        ("2024/0002", "petition", 35),
    ]


def test_importing_twice_changes_nothing(tmp_path, world):
    path = tmp_path / "so.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS[:2]))

    run(str(path))
    out, _err = run(str(path))

    assert out.strip() == "created 0, already imported 2, failed 0"
    assert Petition.objects.count() == 2


def test_csv_with_the_api_names(tmp_path, world):
    path = tmp_path / "so.csv"
    path.write_text(
        "received_on;channel;petitioner.full_name;petitioner.id_number;content;kind\n"
        "2025-01-02;in_person;Lê Văn Ba;037080002222;Tố cáo cán bộ xã nhận hối lộ;denunciation\n",
        encoding="utf-8",
    )

    out, _err = run(str(path))

    petition = Petition.objects.get()
    assert out.strip() == "created 1, already imported 0, failed 0"
    assert (petition.kind, petition.is_identity_protected) == ("denunciation", True)
    assert petition.signers.get().petitioner.full_name == "Lê Văn Ba"


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_an_offices_old_excel_register_through_a_mapping(tmp_path, world, fmt):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ 2023"
    sheet.append(["SỔ THEO DÕI ĐƠN NĂM 2023"])
    sheet.append(
        ["Số đến", "Ngày nhận đơn", "Họ tên người gửi", "Địa chỉ", "Nội dung", "Loại đơn", "Nguồn"]
    )
    sheet.append(
        [
            "15",
            # Excel cells hold naive datetimes.
            datetime.datetime(2023, 8, 14),  # noqa: DTZ001
            "Vũ Thị Bốn",
            "Xóm 2, xã Gia Sinh, huyện Gia Viễn, tỉnh Ninh Bình",
            "Đề nghị xem xét chế độ thương binh",
            "Kiến nghị, phản ánh",
            "Qua bưu điện",
        ]
    )
    sheet.append(["16", "15/08/2023", "Nặc danh", "", "Tố cáo trưởng thôn", "Tố cáo", "Bưu chính"])
    path = tmp_path / "so-cu.xlsx"
    workbook.save(path)
    mapping = tmp_path / f"mapping.{fmt}"
    rules = {
        "sheet": "Sổ 2023",
        "header_row": 2,
        "columns": {"Nguồn": "channel"},
        "values": {"channel": {"Qua bưu điện": "post", "Bưu chính": "post"}},
    }
    text = (
        json.dumps(rules, ensure_ascii=False)
        if fmt == "json"
        else yaml.safe_dump(rules, allow_unicode=True)
    )
    mapping.write_text(text, encoding="utf-8")

    out, err = run(str(path), "--mapping", str(mapping))

    first = Petition.objects.get(legacy_code="15")
    anonymous = Petition.objects.get(legacy_code="16")
    assert out.strip() == "created 2, already imported 0, failed 0", err
    assert (first.code, first.received_on, first.channel, first.kind) == (
        "2023/0001",
        datetime.date(2023, 8, 14),
        "post",
        "petition",
    )
    assert first.signers.get().petitioner.ward.name == "Phường Tây Hoa Lư"
    assert (anonymous.is_anonymous, anonymous.kind, anonymous.signers.count()) == (
        True,
        "denunciation",
        0,
    )


@pytest.mark.parametrize("name", ["so.txt", "missing.jsonl"])
def test_unreadable_files_are_a_command_error(tmp_path, world, name):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("x")

    with pytest.raises(CommandError):
        run(str(path))


@pytest.mark.parametrize(("name", "text"), [("m.json", "{not json"), ("m.yaml", "a: [1, 2")])
def test_a_broken_mapping_is_a_command_error(tmp_path, world, name, text):
    path = tmp_path / "so.jsonl"
    path.write_text("")
    mapping = tmp_path / name
    mapping.write_text(text)

    with pytest.raises(CommandError):
        run(str(path), "--mapping", str(mapping))
