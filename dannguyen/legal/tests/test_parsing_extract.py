"""File → text: encodings, refusals, DOCX, PDF (with the OCR hook), Markdown and JSON."""

from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import docx
import pytest

from dannguyen.legal.parsing import (
    UnreadableFile,
    decode_text,
    detect_legacy_encoding,
    ocr_page_images,
    parse_document,
    read_file,
)

HEADER = (
    "CHÍNH PHỦ\nSố: 124/2020/NĐ-CP\nNGHỊ ĐỊNH\nQuy định chi tiết một số điều của Luật Khiếu nại"
)

# "Cộng hoà xã hội chủ nghĩa Việt Nam / Độc lập - Tự do - Hạnh phúc / Nghị định" as the
# TCVN3 (ABC) font encoding stores it: the familiar "Céng hoµ x· héi…" when misread.
TCVN3 = (
    b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam\n"
    b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c\nNgh\xde \xae\xdenh"
)
# The same motto in VNI-Windows: base letters followed by mark characters.
VNI = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc".encode("cp1252")


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# ------------------------------------------------------------------------ text


@pytest.mark.parametrize(
    "data",
    [
        HEADER.encode("utf-8"),
        codecs.BOM_UTF8 + HEADER.encode("utf-8"),
        HEADER.encode("utf-16"),  # Python writes the BOM
        codecs.BOM_UTF16_BE + HEADER.encode("utf-16-be"),
        HEADER.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_read_txt_unicode_variants(tmp_path: Path, data: bytes) -> None:
    extracted = read_file(_write(tmp_path, "nd.txt", data))
    assert (extracted.format, extracted.text, extracted.warnings) == ("txt", HEADER, [])


def test_read_txt_normalises_decomposed_letters(tmp_path: Path) -> None:
    decomposed = "Nghi\u0323 đi\u0323nh"
    assert read_file(_write(tmp_path, "a.txt", decomposed)).text == "Nghị định"


def test_read_txt_strips_a_few_stray_nul_bytes_with_a_warning(tmp_path: Path) -> None:
    data = (HEADER * 200).encode("utf-8")
    data = data[:100] + b"\x00" + data[100:]
    extracted = read_file(_write(tmp_path, "a.txt", data))
    assert extracted.warnings == ["removed 1 NUL byte(s)"]
    assert "\x00" not in extracted.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t \r\n", "file contains only whitespace"),
        (TCVN3, "legacy Vietnamese encoding TCVN3/VNI, convert to Unicode first"),
        (VNI, "legacy Vietnamese encoding TCVN3/VNI, convert to Unicode first"),
        # A "converted" file: valid UTF-8, but the characters are still TCVN3 glyphs.
        (
            TCVN3.decode("cp1252").encode("utf-8"),
            "legacy Vietnamese encoding TCVN3/VNI, convert to Unicode first",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content (PNG image), not a text file"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary content (PDF), not a text file"),
        (
            bytes(range(256)) * 4,
            "binary content (NUL bytes), or UTF-16 text without a byte-order mark",
        ),
        (
            "Ngh\xe9 \xf0\xe9nh".encode("latin-1"),
            "not UTF-8 text (byte 0xE9 at offset 3); save the file as UTF-8",
        ),
    ],
)
def test_read_txt_refusals(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_file(_write(tmp_path, "bad.txt", data))
    assert caught.value.reason == reason


def test_detect_legacy_encoding() -> None:
    assert detect_legacy_encoding(TCVN3) == "TCVN3"
    assert detect_legacy_encoding(VNI) == "VNI"
    assert detect_legacy_encoding("Cộng hòa xã hội chủ nghĩa Việt Nam") is None
    assert detect_legacy_encoding(b"Plain ASCII text, nothing Vietnamese.") is None


def test_decode_text_reports_bad_utf16() -> None:
    with pytest.raises(UnreadableFile) as caught:
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
    assert caught.value.reason == "invalid UTF-16 byte sequence at offset 2"


def test_read_file_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", "Điều 1. " * 100)
    with pytest.raises(UnreadableFile) as caught:
        read_file(path, max_bytes=100)
    assert (
        caught.value.reason == f"file is {path.stat().st_size} bytes, over the limit of 100 bytes"
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("van-ban.doc", "legacy Word .doc format is not supported: save it as .docx or PDF"),
        ("van-ban.xlsx", "unsupported file type '.xlsx'"),
        ("van-ban", "unsupported file type '(no extension)'"),
    ],
)
def test_read_file_unsupported(tmp_path: Path, name: str, reason: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_file(_write(tmp_path, name, b"x"))
    assert caught.value.reason == reason


def test_read_file_missing(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_file(tmp_path / "khong-co.txt")
    assert caught.value.reason == "file not found"


# ------------------------------------------------------------------------ docx


def test_read_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("VĂN BẢN QUY PHẠM PHÁP LUẬT")
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "BỘ TÀI CHÍNH"
    header.cell(0, 0).add_paragraph("Số: 28/2026/TT-BTC")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    merged = header.cell(1, 0).merge(header.cell(1, 1))
    merged.text = "Hà Nội, ngày 27 tháng 3 năm 2026"
    document.add_paragraph("THÔNG TƯ")
    document.add_paragraph("Quy định mức thu, chế độ thu, nộp phí")
    path = tmp_path / "tt.docx"
    document.save(str(path))

    extracted = read_file(path)

    assert extracted.format == "docx"
    assert extracted.text.split("\n") == [
        "VĂN BẢN QUY PHẠM PHÁP LUẬT",
        "BỘ TÀI CHÍNH",
        "Số: 28/2026/TT-BTC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 27 tháng 3 năm 2026",  # the merged cell, once
        "THÔNG TƯ",
        "Quy định mức thu, chế độ thu, nộp phí",
    ]
    metadata = parse_document(path).metadata
    assert (str(metadata.so_ky_hieu), metadata.type_name, metadata.issuers) == (
        "28/2026/TT-BTC",
        "Thông tư",
        ["Bộ Tài chính"],
    )


def test_read_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_file(_write(tmp_path, "hong.docx", b"this is not a zip archive"))
    assert caught.value.reason == "not a valid .docx file (PackageNotFoundError)"


# ------------------------------------------------------------------------- pdf


def _minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds LINES (Vietnamese via a ToUnicode map)."""
    codes: dict[str, int] = {}

    def encode(line: str) -> bytes:
        out = bytearray()
        for ch in line:
            code = ord(ch) if ord(ch) < 128 else codes.setdefault(ch, 0x80 + len(codes))
            if chr(code) in "()\\":
                out += b"\\"
            out.append(code)
        return bytes(out)

    shown = b" ".join(b"(" + encode(line) + b") Tj T*" for line in lines)
    body = b"BT /F1 12 Tf 72 760 Td 16 TL " + shown + b" ET"
    ascii_codes = sorted({ord(c) for line in lines for c in line if ord(c) < 128})
    pairs = [(c, c) for c in ascii_codes] + [(code, ord(ch)) for ch, code in codes.items()]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
        "1 begincodespacerange <00> <FF> endcodespacerange "
        f"{len(pairs)} beginbfchar "
        + " ".join(f"<{a:02X}> <{b:04X}>" for a, b in pairs)
        + " endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PDF_LINES = [
    "CHÍNH PHỦ",
    "Số: 124/2020/NĐ-CP",
    "NGHỊ ĐỊNH",
    "Quy định chi tiết một số điều và biện pháp thi hành Luật Khiếu nại",
    "Điều 1. Phạm vi điều chỉnh",
]


def test_read_pdf_text_layer(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    extracted = read_file(_write(tmp_path, "nd.pdf", _minimal_pdf(PDF_LINES)))
    assert (extracted.format, extracted.text.strip(), extracted.warnings) == (
        "pdf",
        "\n".join(PDF_LINES),
        [],
    )


def test_read_scanned_pdf_without_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UnreadableFile) as caught:
        read_file(path)
    assert caught.value.reason == "scanned PDF needs OCR: install tesseract-ocr-vie"


def test_read_damaged_pdf(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    with pytest.raises(UnreadableFile) as caught:
        read_file(_write(tmp_path, "hong.pdf", b"%PDF-1.4\nnot really a pdf"))
    assert caught.value.reason.startswith("invalid or damaged PDF (")


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_ocr_hook_reads_a_rendered_page(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = _write(tmp_path, "nd.pdf", _minimal_pdf(["NGHI DINH", "Dieu 1. Pham vi dieu chinh"]))
    try:
        texts = ocr_page_images(path)
    except UnreadableFile as exc:  # tesseract without the Vietnamese data
        pytest.skip(exc.reason)
    assert len(texts) == 1
    assert "NGHI DINH" in texts[0].upper()


# -------------------------------------------------------------------- markdown

FRONT_MATTER_MD = """---
so_ky_hieu: 02/2011/QH13
loai: Luật
title: "Luật Khiếu nại"
co_quan_ban_hanh:
  - Quốc hội
ngay_ban_hanh: 2011-11-11
tinh_trang: Còn hiệu lực
---
# LUẬT KHIẾU NẠI

## Chương I
## NHỮNG QUY ĐỊNH CHUNG
### Điều 1. Phạm vi điều chỉnh
Luật này quy định về **khiếu nại** và giải quyết khiếu nại.
"""

INFO_TABLE_MD = """# Luật Khiếu nại

## THÔNG TIN VĂN BẢN

| Thuộc tính | Giá trị |
|---|---|
| Số hiệu | 02/2011/QH13 |
| Loại văn bản | Luật |
| Cơ quan ban hành | Quốc hội |
| Ngày ban hành | 11/11/2011 |
| Ngày hiệu lực | 01/07/2012 |
| Tình trạng | Hết hiệu lực một phần |

## NỘI DUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về khiếu nại và giải quyết khiếu nại.
"""


def test_markdown_front_matter(tmp_path: Path) -> None:
    document = parse_document(_write(tmp_path, "kn.md", FRONT_MATTER_MD))
    meta = document.metadata
    assert document.text.split("\n") == [
        "LUẬT KHIẾU NẠI",
        "",
        "Chương I",
        "NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Luật này quy định về khiếu nại và giải quyết khiếu nại.",
    ]
    assert (str(meta.so_ky_hieu), meta.type_name, meta.title, meta.issuers) == (
        "02/2011/QH13",
        "Luật",
        "Luật Khiếu nại",
        ["Quốc hội"],
    )
    assert (str(meta.issued_on), meta.status) == ("2011-11-11", "in_force")
    assert [(p.kind, p.number, p.heading) for p in document.provisions] == [
        ("chapter", "I", "NHỮNG QUY ĐỊNH CHUNG"),
        ("article", "1", "Phạm vi điều chỉnh"),
    ]


def test_markdown_info_table(tmp_path: Path) -> None:
    extracted = read_file(_write(tmp_path, "kn.md", INFO_TABLE_MD))
    assert extracted.record == {
        "so_ky_hieu": "02/2011/QH13",
        "type": "Luật",
        "issuer": "Quốc hội",
        "issued_on": "11/11/2011",
        "effective_on": "01/07/2012",
        "status": "Hết hiệu lực một phần",
    }
    assert "Số hiệu" not in extracted.text
    meta = parse_document(tmp_path / "kn.md").metadata
    assert (str(meta.issued_on), str(meta.effective_on), meta.status) == (
        "2011-11-11",
        "2012-07-01",
        "partially_expired",
    )


# ------------------------------------------------------------------------ json

GAZETTE_RECORD = {
    "so_hieu": "Nghị định số 124/2020/NĐ-CP",
    "loai": "Nghị định",
    "nam": 2020,
    "topic_key": "khieu_nai",
    "mo_ta": "Trong số Công báo này gồm: Nghị định số 124/2020/NĐ-CP",
    "tinh_trang": "con_hieu_luc",
    "ngay_ban_hanh": "19/10/2020",
    "co_quan_ban_hanh": "Chính phủ",
    "preamble": "CHÍNH PHỦ\nSố: 124/2020/NĐ-CP\nNGHỊ ĐỊNH\nQuy định chi tiết một số điều",
    "articles": [
        {
            "head": "Điều 1. Phạm vi điều chỉnh",
            "text": "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định chi tiết.",
        },
        {"head": "Điều 2. Hiệu lực thi hành", "text": "Nghị định này có hiệu lực."},
    ],
}


def test_json_gazette_record(tmp_path: Path) -> None:
    path = _write(tmp_path, "nd.json", json.dumps(GAZETTE_RECORD, ensure_ascii=False))
    document = parse_document(path)
    meta = document.metadata
    assert document.warnings == ["text assembled from the record's articles"]
    assert document.record["year"] == 2020
    assert (str(meta.so_ky_hieu), meta.type_name, meta.issuers, meta.status) == (
        "124/2020/NĐ-CP",
        "Nghị định",
        ["Chính phủ"],
        "in_force",
    )
    assert str(meta.issued_on) == "2020-10-19"
    assert meta.sources["issued_on"] == "record"
    assert [p.heading for p in document.provisions] == ["Phạm vi điều chỉnh", "Hiệu lực thi hành"]


def test_json_record_with_companion_text(tmp_path: Path) -> None:
    record = {"so_hieu": "nghi-dinh-so-124-2020-nd-cp-12345", "loai": "NĐ", "nam": 2020}
    path = _write(tmp_path, "nghi-dinh-so-124.json", json.dumps(record))
    _write(tmp_path, "nghi-dinh-so-124.txt", HEADER)
    document = parse_document(path)
    assert document.warnings == ["text read from companion file nghi-dinh-so-124.txt"]
    assert (str(document.metadata.so_ky_hieu), document.metadata.sources["so_ky_hieu"]) == (
        "124/2020/NĐ-CP",
        "header",
    )


def test_json_record_from_slug_only(tmp_path: Path) -> None:
    record = {"so_hieu": "thong-tu-so-15-2021-tt-bldtbxh-34764", "loai": "Thông tư"}
    document = parse_document(_write(tmp_path, "tt.json", json.dumps(record)))
    meta = document.metadata
    assert (meta.so_ky_hieu and meta.so_ky_hieu.key, meta.issuers) == (
        "15/2021/TT-BLDTBXH",
        ["Bộ Lao động - Thương binh và Xã hội"],
    )
    assert document.warnings == [
        "record has no text",
        "số ký hiệu 15/2021/TT-BLDTBXH was read from the record's URL slug "
        "('thong-tu-so-15-2021-tt-bldtbxh-34764'); letters such as Đ may be lost",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[1, 2]", "JSON holds a list of 2 records, not one document"),
        ('"chuỗi"', "JSON is not an object describing one document"),
        ('{"so_hieu": ', "invalid JSON at line 1: Expecting value"),
    ],
)
def test_json_refusals(tmp_path: Path, content: str, reason: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_file(_write(tmp_path, "x.json", content))
    assert caught.value.reason == reason


def test_json_record_with_unreadable_companion_keeps_its_metadata(tmp_path: Path) -> None:
    record = {"so_hieu": "124/2020/NĐ-CP", "loai": "Nghị định"}
    path = _write(tmp_path, "nd.json", json.dumps(record, ensure_ascii=False))
    _write(tmp_path, "nd.txt", TCVN3)
    document = parse_document(path)
    assert document.warnings == [
        "companion file nd.txt: legacy Vietnamese encoding TCVN3/VNI, convert to Unicode first",
        "record has no text",
    ]
    assert (str(document.metadata.so_ky_hieu), document.metadata.issuers) == (
        "124/2020/NĐ-CP",
        ["Chính phủ"],
    )


def test_json_record_whose_text_is_legacy_encoded(tmp_path: Path) -> None:
    record = {"so_hieu": "124/2020/NĐ-CP", "noi_dung": TCVN3.decode("cp1252")}
    path = _write(tmp_path, "nd.json", json.dumps(record, ensure_ascii=False))
    with pytest.raises(UnreadableFile) as caught:
        read_file(path)
    assert caught.value.reason == "legacy Vietnamese encoding TCVN3/VNI, convert to Unicode first"
