"""Records and manifests: field aliases, validation, overrides and how sources are merged."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from dannguyen.legal.parsing import ManifestError, parse_document, read_manifest
from dannguyen.legal.parsing.records import canonical_fields, metadata_from_fields

LAW = """QUỐC HỘI
Luật số: 02/2011/QH13
Hà Nội, ngày 11 tháng 11 năm 2011
LUẬT
KHIẾU NẠI
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Điều 1. Phạm vi điều chỉnh
Luật này quy định về khiếu nại.
Điều 2. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2012.
"""


def test_canonical_fields_accepts_every_spelling() -> None:
    record = {
        "Số hiệu": "02/2011/QH13",
        "issueDate": "2011-11-11",
        "Cơ quan ban hành": "Quốc hội",
        "Loại văn bản": "Luật",
        "tinh_trang": "Còn hiệu lực",
        "mo_ta": "Lu&#x1EAD;t Khi&#x1EBF;u n&#x1EA1;i",
        "sohieu": "khác, bị bỏ qua vì trùng trường",
        "topic_key": "khieu_nai",
        "empty": "  ",
    }
    assert canonical_fields(record) == {
        "so_ky_hieu": "02/2011/QH13",
        "issued_on": "2011-11-11",
        "issuer": "Quốc hội",
        "type": "Luật",
        "status": "Còn hiệu lực",
        "description": "Luật Khiếu nại",
        "topic_key": "khieu_nai",
    }


def test_metadata_from_fields_validates_and_warns() -> None:
    warnings: list[str] = []
    meta = metadata_from_fields(
        {
            "so_ky_hieu": "Nghị định số 124/2020/NĐ-CP",
            "type": "NĐ",
            "issuer": "Bộ Tài chính; Bộ Lao động - Thương binh và Xã hội",
            "issued_on": "ngày 19 tháng 10 năm 2020",
            "effective_on": "chưa rõ",
            "status": "Đã biết",
        },
        warnings,
    )
    assert (str(meta.so_ky_hieu), meta.type_name, meta.issuers) == (
        "124/2020/NĐ-CP",
        "Nghị định",
        ["Bộ Tài chính", "Bộ Lao động - Thương binh và Xã hội"],
    )
    assert (meta.issued_on, meta.effective_on, meta.status) == (
        datetime.date(2020, 10, 19),
        None,
        "unknown",
    )
    assert warnings == [
        "effective_on 'chưa rõ' is not a date",
        "status 'Đã biết' not recognised; recorded as unknown",
    ]


def test_manifest_json(tmp_path: Path) -> None:
    (tmp_path / "laws").mkdir()
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        json.dumps(
            [
                {"file": "laws/luat-khieu-nai.txt", "title": "Luật Khiếu nại", "type": "Luật"},
                {
                    "file": "laws/nd-124.txt",
                    "so_ky_hieu": "124/2020/NĐ-CP",
                    "issuer": "Chính phủ",
                    "issued_on": "19/10/2020",
                    "effective_on": "",
                    "status": "Còn hiệu lực",
                },
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert read_manifest(manifest) == {
        (tmp_path / "laws" / "luat-khieu-nai.txt").resolve(): {
            "title": "Luật Khiếu nại",
            "type": "Luật",
        },
        (tmp_path / "laws" / "nd-124.txt").resolve(): {
            "so_ky_hieu": "124/2020/NĐ-CP",
            "issuer": "Chính phủ",
            "issued_on": "19/10/2020",
            "status": "Còn hiệu lực",
        },
    }


def test_manifest_csv(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "\ufefffile,title,type,so_ky_hieu,issuer,issued_on,effective_on,status\n"
        "luat-khieu-nai.txt,Luật Khiếu nại,Luật,02/2011/QH13,Quốc hội,11/11/2011,,"
        "Hết hiệu lực một phần\n",
        encoding="utf-8",
    )
    assert read_manifest(manifest) == {
        (tmp_path / "luat-khieu-nai.txt").resolve(): {
            "title": "Luật Khiếu nại",
            "type": "Luật",
            "so_ky_hieu": "02/2011/QH13",
            "issuer": "Quốc hội",
            "issued_on": "11/11/2011",
            "status": "Hết hiệu lực một phần",
        }
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"a": 1}', "expected a list of entries"),
        ("[1]", "entry 1 is not an object"),
        ('[{"title": "Luật"}]', "entry 1 has no 'file'"),
        ("[", "invalid JSON"),
    ],
)
def test_manifest_errors(tmp_path: Path, content: str, message: str) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        read_manifest(manifest)
    assert message in str(caught.value)


def test_parse_document_applies_overrides_last(tmp_path: Path) -> None:
    path = tmp_path / "luat-khieu-nai.txt"
    path.write_text(LAW, encoding="utf-8")
    overrides = {"title": "Luật Khiếu nại 2011", "Tình trạng": "Hết hiệu lực một phần"}
    document = parse_document(path, overrides)
    meta = document.metadata
    assert (meta.title, meta.status, meta.sources["title"], meta.sources["status"]) == (
        "Luật Khiếu nại 2011",
        "partially_expired",
        "override",
        "override",
    )
    assert (str(meta.so_ky_hieu), meta.effective_on) == ("02/2011/QH13", datetime.date(2012, 7, 1))
    assert [p.anchor for p in document.provisions] == ["dieu-1", "dieu-2"]
    assert document.warnings == []


def test_text_outranks_a_record_and_the_disagreement_is_reported(tmp_path: Path) -> None:
    record = {
        "so_hieu": "02/2011/QH13",
        "loai": "Nghị quyết",  # wrong: the text says LUẬT
        "ngay_ban_hanh": "2011-11-11",
        "tinh_trang": "con_hieu_luc",
        "full_text": LAW,
    }
    path = tmp_path / "kn.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    document = parse_document(path)
    assert (document.metadata.type_name, document.metadata.status) == ("Luật", "in_force")
    assert document.warnings == ["type_name: header says Luật, record says Nghị quyết; kept header"]


def test_record_outranks_an_inference(tmp_path: Path) -> None:
    # Without a header the type would be inferred from "Luật này"; the record says more.
    record = {
        "loai": "Bộ luật",
        "noi_dung": "Điều 1. Phạm vi\nLuật này quy định. Luật này áp dụng.",
    }
    path = tmp_path / "bl.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    meta = parse_document(path).metadata
    assert (meta.type_name, meta.sources["type_name"], meta.issuers) == (
        "Bộ luật",
        "record",
        ["Quốc hội"],
    )


@pytest.mark.parametrize(
    ("description", "number", "type_name", "title"),
    [
        ("Luật Công đoàn 2012 (12/2012/QH13)", "12/2012/QH13", "Luật", "Luật Công đoàn"),
        ("Bộ luật Dân sự 2015 (91/2015/QH13).", "91/2015/QH13", "Bộ luật", "Bộ luật Dân sự"),
        (
            "Luật số 26/2012/QH13 luật Sửa đổi, bổ sung một số điều của Luật thuế thu nhập"
            " cá nhân.",
            "26/2012/QH13",
            "Luật",
            "Luật sửa đổi, bổ sung một số điều của Luật thuế thu nhập cá nhân",
        ),
    ],
)
def test_a_description_naming_the_record_itself_gives_its_title(
    description, number, type_name, title
) -> None:
    warnings: list[str] = []
    meta = metadata_from_fields(
        {"so_ky_hieu": number, "type": type_name, "description": description}, warnings
    )

    assert (meta.title, meta.sources["title"], warnings) == (title, "record-description", [])


@pytest.mark.parametrize(
    "description",
    [
        # A topic, not a name.
        "Bảo hiểm xã hội",
        # Another document's number, or the right number with another year.
        "Luật Công đoàn 2012 (13/2012/QH13)",
        "Luật Công đoàn 2013 (12/2012/QH13)",
        # A catalogue's acronym is not the law's name.
        "Luật BHXH 2012 (12/2012/QH13)",
        # A gazette issue's contents list names several documents.
        "Trong số Công báo này gồm: Luật số 12/2012/QH13 Công đoàn; Luật số 13/2012/QH13"
        " Giám định tư pháp",
    ],
)
def test_a_description_that_does_not_name_the_record_gives_no_title(description) -> None:
    meta = metadata_from_fields(
        {"so_ky_hieu": "12/2012/QH13", "type": "Luật", "description": description}, []
    )

    assert meta.title is None


def test_the_text_title_outranks_one_read_from_the_description(tmp_path: Path) -> None:
    record = {
        "so_hieu": "02/2011/QH13",
        "loai": "Luật",
        "mo_ta": "Luật Khiếu kiện 2011 (02/2011/QH13)",
    }
    (tmp_path / "luat.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    (tmp_path / "luat.txt").write_text(LAW, "utf-8")

    document = parse_document(tmp_path / "luat.json")

    assert (document.metadata.title, document.metadata.sources["title"]) == (
        "Luật Khiếu nại",
        "header",
    )
