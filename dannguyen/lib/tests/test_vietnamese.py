"""Vietnamese text helpers; document numbers are the real ones listed in domain.md §4.2."""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata

import pytest

from dannguyen.lib.vietnamese import (
    DOCUMENT_TYPES,
    DocumentNumber,
    find_dates,
    find_document_numbers,
    fold,
    normalize,
    parse_date,
    parse_document_number,
    slugify,
    tokenize,
)

# ------------------------------------------------------------------- normalize


def test_normalize_composes_decomposed_letters() -> None:
    decomposed = unicodedata.normalize("NFD", "Nghị định Đồng Nai")
    assert decomposed != "Nghị định Đồng Nai"
    assert normalize(decomposed) == "Nghị định Đồng Nai"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghị\u00a0định", "Nghị định"),  # no-break space
        ("Nghị\u202fđịnh", "Nghị định"),  # narrow no-break space
        ("Nghị\u2009định", "Nghị định"),  # thin space
        ("Nghị\u3000định", "Nghị định"),  # ideographic space
        ("\ufeffNghị định", "Nghị định"),  # BOM
        ("Ngh\u200bị định", "Nghị định"),  # zero-width space
        ("tiếp\u00adcông dân", "tiếpcông dân"),  # soft hyphen
        ("Nghị\u200d định", "Nghị định"),  # zero-width joiner
    ],
)
def test_normalize_unifies_spaces_and_drops_invisibles(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_keeps_line_breaks_and_runs_of_spaces() -> None:
    assert normalize("Điều 1.\n  Phạm vi") == "Điều 1.\n  Phạm vi"


def test_normalize_empty() -> None:
    assert normalize("") == ""


# ------------------------------------------------------------------------ fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghị định", "nghi dinh"),
        ("ĐỒNG", "dong"),
        ("đồng nai", "dong nai"),
        ("Thái Bình", "thai binh"),
        ("Khiếu nại, tố cáo", "khieu nai, to cao"),
        ("Ủy ban Dân nguyện và Giám sát", "uy ban dan nguyen va giam sat"),
        ("  Hội   đồng\tnhân\ndân  ", "hoi dong nhan dan"),
        ("NĐ-CP", "nd-cp"),
        ("Trương Thị Mỹ Hoa", "truong thi my hoa"),
        ("ưởng ỡ ự", "uong o u"),
        ("Nghị\u00a0định", "nghi dinh"),
        ("Ngh\u200bị", "nghi"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_ignores_composition() -> None:
    assert fold(unicodedata.normalize("NFD", "Nghị định")) == "nghi dinh"


# -------------------------------------------------------------------- tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiếp công dân", ["tiếp", "công", "dân"]),
        ("Luật số 02/2011/QH13", ["luật", "số", "02", "2011", "qh13"]),
        ("Điều 3a, khoản 2", ["điều", "3a", "khoản", "2"]),
        ("“Khiếu nại” \u2013 (tố cáo)!", ["khiếu", "nại", "tố", "cáo"]),
        ("snake_case", ["snake", "case"]),
        ("  ", []),
        ("", []),
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_tokenize_composes_before_splitting() -> None:
    # Decomposed marks are not word characters; without NFC "nại" would split.
    assert tokenize(unicodedata.normalize("NFD", "Khiếu nại")) == ["khiếu", "nại"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghị định 154/2026/NĐ-CP", ["nghi", "dinh", "154", "2026", "nd", "cp"]),
        ("ĐỒNG Nai", ["dong", "nai"]),
    ],
)
def test_tokenize_folded(text: str, expected: list[str]) -> None:
    assert tokenize(text, folded=True) == expected


# --------------------------------------------------------------------- slugify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nghị định 154/2026/NĐ-CP: Tiếp công dân",
            "nghi-dinh-154-2026-nd-cp-tiep-cong-dan",
        ),
        ("Đồng Nai", "dong-nai"),
        ("  --  ", ""),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


# ------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 11 tháng 11 năm 2011", datetime.date(2011, 11, 11)),
        ("Ngày 01 tháng 7 năm 2026", datetime.date(2026, 7, 1)),
        ("NGÀY 1 THÁNG 7 NĂM 2026", datetime.date(2026, 7, 1)),
        ("ngay 11 thang 11 nam 2011", datetime.date(2011, 11, 11)),
        ("11 tháng 11 năm 2011", datetime.date(2011, 11, 11)),
        ("ngày 20 tháng 02, năm 2025", datetime.date(2025, 2, 20)),
        ("ngày  15  tháng\u00a05  năm 2026", datetime.date(2026, 5, 15)),
        (unicodedata.normalize("NFD", "ngày 9 tháng 12 năm 2025"), datetime.date(2025, 12, 9)),
        ("11/11/2011", datetime.date(2011, 11, 11)),
        ("1/7/2026", datetime.date(2026, 7, 1)),
        ("01/07/2026", datetime.date(2026, 7, 1)),
        ("11-11-2011", datetime.date(2011, 11, 11)),
        ("11.11.2011", datetime.date(2011, 11, 11)),
        ("2011-11-11", datetime.date(2011, 11, 11)),
        ("2026-07-01", datetime.date(2026, 7, 1)),
        ("29/02/2024", datetime.date(2024, 2, 29)),
        ("  30/9/2025  ", datetime.date(2025, 9, 30)),
    ],
)
def test_parse_date_formats(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hà Nội, ngày 11 tháng 11 năm 2011", datetime.date(2011, 11, 11)),
        ("Đồng Nai, ngày 03 tháng 8 năm 2021", datetime.date(2021, 8, 3)),
        ("theo Nghị định số 124/2020/NĐ-CP ngày 19/10/2020", datetime.date(2020, 10, 19)),
        ("Có hiệu lực từ ngày 01/7/2026.", datetime.date(2026, 7, 1)),
        ("(ban hành 2025-12-24)", datetime.date(2025, 12, 24)),
    ],
)
def test_parse_date_inside_sentence(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2020",  # no such day
        "29/02/2023",  # not a leap year
        "12/31/2020",  # month-first is never assumed
        "ngày 32 tháng 1 năm 2020",
        "ngày 1 tháng 13 năm 2020",
        "2020-02-30",
        "00/01/2020",
        "11/11/11",  # two-digit years are not recognised
        "1/7-2026",  # mixed separators
        "tháng 11 năm 2011",  # no day
        "ngày … tháng … năm 20…",  # blank form template
        "124/2020/NĐ-CP",
        "11/2011",
        "2011",
        "",
        "abc",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_parse_date_skips_invalid_to_first_valid() -> None:
    assert parse_date("31/02/2020 hoặc 01/03/2020") == datetime.date(2020, 3, 1)


def test_find_dates_in_order_with_duplicates() -> None:
    text = (
        "Nghị định 154/2026/NĐ-CP ngày 15/5/2026, có hiệu lực từ ngày 01 tháng 7 năm 2026; "
        "thay thế văn bản ký 2014-11-14 và văn bản ngày 15.5.2026."
    )
    assert find_dates(text) == [
        datetime.date(2026, 5, 15),
        datetime.date(2026, 7, 1),
        datetime.date(2014, 11, 14),
        datetime.date(2026, 5, 15),
    ]


def test_find_dates_splits_a_range() -> None:
    assert find_dates("từ 01/7/2026-31/12/2026") == [
        datetime.date(2026, 7, 1),
        datetime.date(2026, 12, 31),
    ]


def test_find_dates_none() -> None:
    assert find_dates("Không có ngày tháng") == []


# ------------------------------------------------------------- document numbers


def _parts(text: str) -> tuple[str, int | None, str | None, str, str]:
    document = parse_document_number(text)
    assert document is not None
    return (document.number, document.year, document.type_code, document.issuer_code, document.key)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("64/2025/QH15", ("64", 2025, None, "QH15", "64/2025/QH15")),
        ("29/2026/QH16", ("29", 2026, None, "QH16", "29/2026/QH16")),
        ("02/2011/QH13", ("2", 2011, None, "QH13", "02/2011/QH13")),
        ("116/2025/UBTVQH15", ("116", 2025, None, "UBTVQH15", "116/2025/UBTVQH15")),
        ("154/2026/NĐ-CP", ("154", 2026, "NĐ", "CP", "154/2026/ND-CP")),
        ("124/2020/NĐ-CP", ("124", 2020, "NĐ", "CP", "124/2020/ND-CP")),
        ("33/2017/QĐ-TTg", ("33", 2017, "QĐ", "TTg", "33/2017/QD-TTG")),
        ("05/2021/TT-TTCP", ("5", 2021, "TT", "TTCP", "05/2021/TT-TTCP")),
        ("02/2007/NQ-HĐND", ("2", 2007, "NQ", "HĐND", "02/2007/NQ-HDND")),
        ("05/2025/L-CTN", ("5", 2025, "L", "CTN", "05/2025/L-CTN")),
    ],
)
def test_parse_document_number_normative(
    text: str, expected: tuple[str, int | None, str | None, str, str]
) -> None:
    assert _parts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1656/NQ-UBTVQH15", ("1656", None, "NQ", "UBTVQH15", "1656/NQ-UBTVQH15")),
        ("03/NQ-HĐND", ("3", None, "NQ", "HĐND", "03/NQ-HDND")),
        ("35/NQ-HĐND", ("35", None, "NQ", "HĐND", "35/NQ-HDND")),
        ("123/QĐ-UBND", ("123", None, "QĐ", "UBND", "123/QD-UBND")),
        ("45/BC-ĐĐBQH", ("45", None, "BC", "ĐĐBQH", "45/BC-DDBQH")),
        ("12/TTr-UBND", ("12", None, "TTr", "UBND", "12/TTR-UBND")),
        ("7/KH-HĐND", ("7", None, "KH", "HĐND", "07/KH-HDND")),
    ],
)
def test_parse_document_number_without_year(
    text: str, expected: tuple[str, int | None, str | None, str, str]
) -> None:
    assert _parts(text) == expected


def test_parse_document_number_cong_van_has_no_type() -> None:
    assert _parts("02/ĐĐBQH-VP") == ("2", None, None, "ĐĐBQH-VP", "02/DDBQH-VP")
    assert _parts("1234/UBND-VX") == ("1234", None, None, "UBND-VX", "1234/UBND-VX")


def test_parse_document_number_joint_resolution() -> None:
    document = parse_document_number("72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN")
    assert document == DocumentNumber(
        raw="72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN",
        number="72",
        year=2025,
        type_code="NQLT",
        issuer_code="UBTVQH15-CP-ĐCTUBTWMTTQVN",
        separator="/",
    )
    assert document.key == "72/2025/NQLT-UBTVQH15-CP-DCTUBTWMTTQVN"
    assert document.symbol == "NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN"
    assert str(document) == "72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN"
    assert document.type_name == "Nghị quyết liên tịch"


def test_parse_document_number_joint_resolution_separator_does_not_change_key() -> None:
    slash = parse_document_number("72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN")
    dash = parse_document_number("72/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN")
    assert slash is not None
    assert dash is not None
    assert dash.separator == "-"
    assert slash.key == dash.key


@pytest.mark.parametrize(
    "text",
    [
        "154/2026/NĐ-CP",
        "154 / 2026 / NĐ - CP",
        "154/2026/Nđ-CP",
        "154/2026/nđ-cp",
        "154/2026/nd-cp",
        "154/2026/ND-CP",
        "154/2026/NĐ\u2013CP",  # en dash
        "154/2026/NĐ\u2011CP",  # non-breaking hyphen
        "Số: 154/2026/NĐ-CP",
        "SỐ: 154/2026/NĐ-CP",
        "số 154/2026/NĐ-CP",
        "So: 154/2026/ND-CP",
        "số:154/2026/NĐ-CP",
        "No. 154/2026/NĐ-CP",
        "  154/2026/NĐ-CP.  ",
        "154/2026/NĐ-CP;",
        "0154/2026/NĐ-CP",
        "154/2026\u00a0/\u00a0NĐ-CP",
        unicodedata.normalize("NFD", "Số: 154/2026/NĐ-CP"),
    ],
)
def test_parse_document_number_variants_share_key(text: str) -> None:
    document = parse_document_number(text)
    assert document is not None
    assert document.key == "154/2026/ND-CP"
    assert document.type_code == "NĐ"
    assert document.issuer_code == "CP"
    assert str(document) == "154/2026/NĐ-CP"


@pytest.mark.parametrize("text", ["02/2011/QH13", "2/2011/QH13", "002/2011/qh13", "Số 2/2011/QH13"])
def test_parse_document_number_leading_zeros(text: str) -> None:
    document = parse_document_number(text)
    assert document is not None
    assert document.number == "2"
    assert document.key == "02/2011/QH13"
    assert str(document) == "02/2011/QH13"


@pytest.mark.parametrize(
    "text", ["33/2017/QĐ-TTg", "33/2017/QD-TTG", "33/2017/qđ-ttg", "33/2017/QĐ-Ttg"]
)
def test_parse_document_number_canonical_mixed_case(text: str) -> None:
    document = parse_document_number(text)
    assert document is not None
    assert (document.type_code, document.issuer_code) == ("QĐ", "TTg")
    assert document.key == "33/2017/QD-TTG"


@pytest.mark.parametrize(
    ("text", "type_code", "issuer_code"),
    [
        ("02/2007/NQ-HDND", "NQ", "HĐND"),  # Đ restored for known issuers
        ("02/DDBQH-VP", None, "ĐĐBQH-VP"),
        ("5/QYD-UBND", "QyĐ", "UBND"),
        ("5/ttr-ubnd", "TTr", "UBND"),
        # HD/HĐ (Hướng dẫn / Hợp đồng) differ only by Đ, so they stay as written.
        ("5/HD-UBND", "HD", "UBND"),
        ("5/HĐ-UBND", "HĐ", "UBND"),
        ("5/DA-UBND", "DA", "UBND"),
        ("5/ĐA-UBND", "ĐA", "UBND"),
        ("5/NQ-XYZ", "NQ", "XYZ"),  # unknown issuers are uppercased only
    ],
)
def test_parse_document_number_spelling(text: str, type_code: str | None, issuer_code: str) -> None:
    document = parse_document_number(text)
    assert document is not None
    assert (document.type_code, document.issuer_code) == (type_code, issuer_code)


def test_parse_document_number_hd_and_hđ_share_a_key() -> None:
    # The key is accent-folded by design; the cost is this one collision.
    hd = parse_document_number("5/HD-UBND")
    hđ = parse_document_number("5/HĐ-UBND")
    assert hd is not None
    assert hđ is not None
    assert hd.key == hđ.key == "05/HD-UBND"


def test_parse_document_number_keeps_raw_input() -> None:
    document = parse_document_number("  Số: 154 / 2026 / Nđ-CP ")
    assert document is not None
    assert document.raw == "Số: 154 / 2026 / Nđ-CP"


def test_document_number_properties() -> None:
    document = parse_document_number("154/2026/NĐ-CP")
    assert document is not None
    assert document.symbol == "NĐ-CP"
    assert document.type_name == "Nghị định"
    law = parse_document_number("64/2025/QH15")
    assert law is not None
    assert law.symbol == "QH15"
    assert law.type_name is None


def test_document_number_is_frozen() -> None:
    document = parse_document_number("154/2026/NĐ-CP")
    assert document is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.number = "155"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "12/",
        "2020",
        "12/2020",  # number and year but no ký hiệu
        "15/12/2020",  # a date
        "/2020/NĐ-CP",
        "154/2026/",
        "154/2026/NĐ-",
        "154//NĐ-CP",
        "0/2020/NĐ-CP",  # numbering starts at 01
        "154/1800/NĐ-CP",  # implausible year
        "154/2026/NĐ",  # type without issuer
        "154/20/NĐ-CP",
        "154/2026/NĐ-CP/",
        "154/2026/NĐ-CP-",
        "Nghị định 154/2026/NĐ-CP",  # running text: use find_document_numbers
        "154/2026/NĐ CP",
        "154/2026/Nghị-định",
        "1234567/QĐ-UBND",
    ],
)
def test_parse_document_number_rejects_garbage(text: str) -> None:
    assert parse_document_number(text) is None


def test_document_types_table() -> None:
    assert DOCUMENT_TYPES["NĐ"] == "Nghị định"
    assert DOCUMENT_TYPES["QyĐ"] == "Quy định"
    assert "CP" not in DOCUMENT_TYPES


# -------------------------------------------------------- find_document_numbers


def test_find_document_numbers_in_running_text() -> None:
    text = (
        "Căn cứ Luật Khiếu nại số 02/2011/QH13; theo Nghị định số 124/2020/NĐ-CP "
        "ngày 19/10/2020 và Nghị định 154/2026/NĐ-CP; Nghị quyết liên tịch số "
        "72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN; Công văn số 02/ĐĐBQH-VP."
    )
    assert [(d.raw, d.key) for d in find_document_numbers(text)] == [
        ("02/2011/QH13", "02/2011/QH13"),
        ("124/2020/NĐ-CP", "124/2020/ND-CP"),
        ("154/2026/NĐ-CP", "154/2026/ND-CP"),
        (
            "72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN",
            "72/2025/NQLT-UBTVQH15-CP-DCTUBTWMTTQVN",
        ),
        ("02/ĐĐBQH-VP", "02/DDBQH-VP"),
    ]


def test_find_document_numbers_keeps_duplicates_in_order() -> None:
    text = "(33/2017/QĐ-TTg), 1656/NQ-UBTVQH15, lại 33/2017/QĐ-TTg."
    assert [d.key for d in find_document_numbers(text)] == [
        "33/2017/QD-TTG",
        "1656/NQ-UBTVQH15",
        "33/2017/QD-TTG",
    ]


def test_find_document_numbers_normalizes_text() -> None:
    found = find_document_numbers(unicodedata.normalize("NFD", "số\u00a0154/2026/Nđ\u2013CP,"))
    assert [(d.raw, d.key, str(d)) for d in found] == [
        ("154/2026/Nđ\u2013CP", "154/2026/ND-CP", "154/2026/NĐ-CP")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ngày 19/10/2020",
        "trong 15/người",  # Vietnamese words are never ký hiệu groups
        "2/3 số đại biểu",
        "Điều 3/Khoản 2",
        "theo nghị định 154/2026/nđ-cp",  # lowercase only accepted by parse
        "12/2020",
        "số154/2026/NĐ-CP",  # glued to a word
        "a/154/2026/NĐ-CP",
        "154/2026/NĐ-CPế",  # partial symbol is refused, not truncated
        "154/2026/NĐ-CP-các",
        "0/2020/NĐ-CP",
        "",
    ],
)
def test_find_document_numbers_ignores_non_numbers(text: str) -> None:
    assert find_document_numbers(text) == []
