"""Metadata from document text: header, final articles, signature; statuses and types."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.legal.parsing import (
    Metadata,
    clean_text,
    extract_metadata,
    find_gazette_issue,
    issuers_from_code,
    normalize_status,
    normalize_type_name,
    parse_number_text,
)

# A decree as the Công báo prints it: running headers, the portal's signature stamp
# cutting a sentence in two, the gazette's section label and a repeated issuer.
DECREE = """CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025
3
VĂN BẢN QUY PHẠM PHÁP LUẬT
CHÍNH PHỦ
CHÍNH PHỦ
_________
Số: 158/2025/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 25 tháng 6 năm 2025

NGHỊ ĐỊNH
Quy định chi tiết và hướng dẫn thi hành một số điều
của Luật Bảo hiểm xã hội về bảo hiểm xã hội bắt buộc

Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;
Căn cứ Luật Bảo hiểm xã hội ngày 29 tháng 6 năm 2024;
Theo đề nghị của Bộ trưởng Bộ Nội vụ;
Chính phủ ban hành Nghị định quy định chi tiết và hướng dẫn thi hành một số
điều của Luật Bảo hiểm xã hội về bảo hiểm xã hội bắt buộc.

Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết một số điều của Luật Bảo hiểm xã hội về bảo
Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ
Email: thongtinchinhphu@chinhphu.vn
Cơ quan: VĂN PHÒNG CHÍNH PHỦ
Thời gian ký: 08.07.2025 14:58:33 +07:00

4
CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025
hiểm xã hội bắt buộc.
Điều 2. Đối tượng áp dụng
1. Người lao động quy định tại khoản 1 Điều 2 của Luật Bảo hiểm xã hội.
2. Người sử dụng lao động quy định tại khoản 3 Điều 2 của Luật Bảo hiểm
xã hội.
Chương II
ĐIỀU KHOẢN THI HÀNH
Điều 3. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2025./.

Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Lưu: VT, KGVX.
TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG

Lê Thành Long
"""

JOINT_RESOLUTION = """ỦY BAN THƯỜNG VỤ QUỐC HỘI - CHÍNH PHỦ - \
ĐOÀN CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM
--------
Số: 72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Nội, ngày 10 tháng 01 năm 2025

NGHỊ QUYẾT LIÊN TỊCH
Quy định chi tiết việc tổ chức hội nghị cử tri

Căn cứ Luật Tổ chức Quốc hội số 57/2014/QH13;
Điều 1. Phạm vi điều chỉnh
Nghị quyết liên tịch này quy định chi tiết việc tổ chức hội nghị cử tri.
Điều 2. Hiệu lực thi hành
Nghị quyết liên tịch này có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2025./.
"""

JOINT_CIRCULAR = """VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO -
TÒA ÁN NHÂN DÂN TỐI CAO -
BỘ CÔNG AN - BỘ QUỐC PHÒNG -
BỘ LAO ĐỘNG - THƯƠNG BINH
VÀ XÃ HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 01/2022/TTLT-VKSNDTC-
TANDTC-BCA-BQP-BLĐTBXH
Hà Nội, ngày 18 tháng 02 năm 2022
THÔNG TƯ LIÊN TỊCH
Quy định về phối hợp giữa các cơ quan có thẩm quyền trong tiếp nhận,
giải quyết tố giác, tin báo về tội phạm
Căn cứ Bộ luật Tố tụng hình sự ngày 27 tháng 11 năm 2015;
"""

# A law in the older style: the number on its own line, the legislature in the
# header, no "./." and the adoption sentence before the signature.
OLD_LAW = """QUỐC HỘI *****
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc *********
Số:
64/2006/QH11
Hà Nội, ngày 29 tháng 6 năm 2006
QUỐC HỘI NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Khoá XI, Kỳ họp thứ 9 (Từ ngày 16 tháng 5 đến ngày 29 tháng 6 năm 2006)
LUẬT
PHÒNG, CHỐNG NHIỄM VI RÚT GÂY RA HỘI CHỨNG SUY GIẢM MIỄN DỊCH MẮC PHẢI Ở NGƯỜI (HIV/AIDS)
Căn cứ vào Hiến pháp nước Cộng hoà xã hội chủ nghĩa Việt Nam năm 1992;
Điều 1. Phạm vi điều chỉnh
Luật này quy định về phòng, chống HIV/AIDS.
Điều 2. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2007.
Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khoá XI, kỳ họp thứ 9 \
thông qua ngày 29 tháng 6 năm 2006.
CHỦ TỊCH QUỐC HỘI
Nguyễn Phú Trọng
"""

LOCAL_RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
TỈNH ĐỒNG NAI
-------
Số: 03/NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đồng Nai, ngày 12 tháng 7 năm 2021
NGHỊ QUYẾT
Về kết quả giám sát việc giải quyết kiến nghị của cử tri
HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG NAI
KHÓA X - KỲ HỌP THỨ 2
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT NGHỊ:
Điều 1. Tán thành kết quả giám sát.
Điều 2. Nghị quyết này có hiệu lực kể từ ngày ký./.
CHỦ TỊCH
Thái Bảo
"""

CONSOLIDATED = """CÔNG BÁO/Số 1021 + 1022/Ngày 06-12-2021
91
VĂN BẢN HỢP NHẤT -
BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
THÔNG TƯ
Hướng dẫn về bảo vệ việc làm của người tố cáo
Thông tư số 08/2020/TT-BLĐTBXH ngày 15 tháng 10 năm 2020 của Bộ trưởng Bộ Lao động -
Thương binh và Xã hội, có hiệu lực thi hành kể từ ngày 01 tháng 12 năm 2020, được sửa
đổi, bổ sung bởi:
Thông tư số 09/2021/TT-BLĐTBXH ngày 07 tháng 9 năm 2021, có hiệu lực kể từ ngày 01 \
tháng 11 năm 2021.
Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018;
Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn về bảo vệ việc làm của người tố cáo.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 12 năm 2020./.
BỘ LAO ĐỘNG - THƯƠNG BINH
VÀ XÃ HỘI
Số: 4246/VBHN-BLĐTBXH
XÁC NHẬN VĂN BẢN HỢP NHẤT
Hà Nội, ngày 24 tháng 11 năm 2021
BỘ TRƯỞNG

Đào Ngọc Dung
"""


def _summary(meta: Metadata) -> tuple[object, ...]:
    return (
        str(meta.so_ky_hieu) if meta.so_ky_hieu else None,
        meta.type_name,
        meta.title,
        meta.issuers,
        meta.place,
        meta.issued_on,
        meta.effective_on,
    )


def test_gazette_decree() -> None:
    meta = extract_metadata(DECREE)
    assert _summary(meta) == (
        "158/2025/NĐ-CP",
        "Nghị định",
        "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo hiểm xã hội "
        "về bảo hiểm xã hội bắt buộc",
        ["Chính phủ"],
        "Hà Nội",
        datetime.date(2025, 6, 25),
        datetime.date(2025, 7, 1),
    )
    assert (meta.signer_name, meta.signer_position, meta.signing_authority) == (
        "Lê Thành Long",
        "Phó Thủ tướng",
        "KT. Thủ tướng",
    )
    assert (meta.gazette_number, meta.gazette_date) == ("851 + 852", datetime.date(2025, 7, 1))
    assert meta.sources == {
        "gazette_number": "header",
        "gazette_date": "header",
        "so_ky_hieu": "header",
        "type_name": "header",
        "title": "header",
        "issuers": "header",
        "issued_on": "header",
        "place": "header",
        "effective_on": "body",
        "signer_name": "body",
        "signer_position": "body",
        "signing_authority": "body",
    }


def test_clean_text_removes_gazette_furniture_and_rejoins_the_sentence() -> None:
    cleaned = clean_text(DECREE)
    assert "CÔNG BÁO" not in cleaned
    assert "thongtinchinhphu" not in cleaned
    assert (
        "Luật Bảo hiểm xã hội về bảo\nhiểm xã hội bắt buộc.\nĐiều 2. Đối tượng áp dụng" in cleaned
    )
    assert clean_text(cleaned) == cleaned


def test_find_gazette_issue() -> None:
    issue = find_gazette_issue("  CÔNG BÁO/ Số 1523 + 1524/Ngày 29-12-2024 \n3\nLUẬT")
    assert issue is not None
    assert (issue.number, issue.date, issue.continued) == (
        "1523 + 1524",
        datetime.date(2024, 12, 29),
        False,
    )
    assert find_gazette_issue("Không có tiêu đề công báo") is None


def test_joint_resolution_names_every_issuer() -> None:
    meta = extract_metadata(JOINT_RESOLUTION)
    assert _summary(meta) == (
        "72/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN",
        "Nghị quyết liên tịch",
        "Quy định chi tiết việc tổ chức hội nghị cử tri",
        [
            "Ủy ban Thường vụ Quốc hội",
            "Chính phủ",
            "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        ],
        "Hà Nội",
        datetime.date(2025, 1, 10),
        datetime.date(2025, 3, 1),
    )


def test_joint_circular_with_wrapped_issuers_and_number() -> None:
    meta = extract_metadata(JOINT_CIRCULAR)
    assert _summary(meta) == (
        "01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH",
        "Thông tư liên tịch",
        "Quy định về phối hợp giữa các cơ quan có thẩm quyền trong tiếp nhận, giải quyết "
        "tố giác, tin báo về tội phạm",
        [
            "Viện kiểm sát nhân dân tối cao",
            "Tòa án nhân dân tối cao",
            "Bộ Công an",
            "Bộ Quốc phòng",
            "Bộ Lao động - Thương binh và Xã hội",
        ],
        "Hà Nội",
        datetime.date(2022, 2, 18),
        None,
    )


# The gazette's section label names the ministry on one line, the header table breaks
# the same name after its dash.
BROKEN_MINISTRY = """CÔNG BÁO/Số 437 + 438/Ngày 31-5-2022
VĂN BẢN QUY PHẠM PHÁP LUẬT
BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
BỘ LAO ĐỘNG -
THƯƠNG BINH VÀ XÃ HỘI
Số: 10/2022/TT-BLĐTBXH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 31 tháng 5 năm 2022
THÔNG TƯ
Hướng dẫn thực hiện chế độ hợp đồng
Điều 1. Phạm vi điều chỉnh
"""


@pytest.mark.parametrize("label", [True, False])
def test_a_ministry_name_broken_after_its_dash_is_one_issuer(label) -> None:
    text = (
        BROKEN_MINISTRY
        if label
        else BROKEN_MINISTRY.replace("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n", "", 1)
    )

    meta = extract_metadata(text)

    assert (meta.issuers, meta.issued_on) == (
        ["Bộ Lao động - Thương binh và Xã hội"],
        datetime.date(2022, 5, 31),
    )


def test_a_joint_header_broken_after_a_dash_still_names_both_bodies() -> None:
    text = "BỘ TÀI CHÍNH -\nBỘ Y TẾ\nSố: 12/2020/TTLT-BTC-BYT\nHà Nội, ngày 05 tháng 3 năm 2020\n"

    assert extract_metadata(text).issuers == ["Bộ Tài chính", "Bộ Y tế"]


def test_a_ministry_name_cut_by_a_line_break_is_the_name_printed_whole_above() -> None:
    text = BROKEN_MINISTRY.replace("BỘ LAO ĐỘNG -\nTHƯƠNG BINH", "BỘ LAO ĐỘNG - THƯƠNG\nBINH")

    assert extract_metadata(text).issuers == ["Bộ Lao động - Thương binh và Xã hội"]


# The end of a Văn bản hợp nhất: the consolidated decree's header is reprinted at the top,
# the body that consolidates and certifies it signs at the bottom.
CONSOLIDATED_DECREE = """VĂN BẢN HỢP NHẤT
CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
NGHỊ ĐỊNH
Quy định chi tiết một số điều của Bộ luật Lao động
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết một số điều của Bộ luật Lao động.
BỘ LAO ĐỘNG - THƯƠNG BINH
VÀ XÃ HỘI
Số: 1798/VBHN-BLĐTBXH
XÁC THỰC VĂN BẢN HỢP NHẤT
Hà Nội, ngày 28 tháng 4 năm 2023
BỘ TRƯỞNG
"""


def test_a_consolidated_text_is_issued_by_the_body_that_consolidates_it() -> None:
    meta = extract_metadata(CONSOLIDATED_DECREE)

    assert (str(meta.so_ky_hieu), meta.type_name, meta.issuers) == (
        "1798/VBHN-BLĐTBXH",
        "Văn bản hợp nhất",
        ["Bộ Lao động - Thương binh và Xã hội"],
    )


def test_old_law_with_number_on_the_next_line_and_uppercase_title() -> None:
    meta = extract_metadata(OLD_LAW)
    assert _summary(meta) == (
        "64/2006/QH11",
        "Luật",
        "Luật Phòng, chống nhiễm vi rút gây ra hội chứng suy giảm miễn dịch mắc phải ở người "
        "(HIV/AIDS)",
        ["Quốc hội"],
        "Hà Nội",
        datetime.date(2006, 6, 29),
        datetime.date(2007, 1, 1),
    )
    assert (meta.signer_name, meta.signer_position, meta.signing_authority) == (
        "Nguyễn Phú Trọng",
        "Chủ tịch Quốc hội",
        None,
    )


def test_local_resolution_effective_from_signing() -> None:
    meta = extract_metadata(LOCAL_RESOLUTION)
    assert _summary(meta) == (
        "03/NQ-HĐND",
        "Nghị quyết",
        "Về kết quả giám sát việc giải quyết kiến nghị của cử tri",
        ["Hội đồng nhân dân tỉnh Đồng Nai"],
        "Đồng Nai",
        datetime.date(2021, 7, 12),
        datetime.date(2021, 7, 12),
    )
    assert (meta.signer_name, meta.signer_position) == ("Thái Bảo", "Chủ tịch")


def test_consolidated_text_is_numbered_and_dated_by_its_authentication() -> None:
    meta = extract_metadata(CONSOLIDATED)
    assert _summary(meta) == (
        "4246/VBHN-BLĐTBXH",
        "Văn bản hợp nhất",
        "Hướng dẫn về bảo vệ việc làm của người tố cáo",
        ["Bộ Lao động - Thương binh và Xã hội"],
        "Hà Nội",
        datetime.date(2021, 11, 24),
        None,  # a consolidated text has no effect of its own
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Luật số:" split from a legislature written with a space.
        (
            "QUỐC HỘI\nLuật số: 57/2014/QH 13\nLUẬT\nTỔ CHỨC QUỐC HỘI",
            ("57/2014/QH13", "Luật", "Luật Tổ chức Quốc hội", ["Quốc hội"]),
        ),
        # Pre-2000 numbers put a dash after the number; the title repeats it.
        (
            "QUỐC HỘI\nSố: 18-L/CTN\nHà Nội, ngày 06 tháng 7 năm 1993\nLUẬT\n"
            "SỐ 18-L/CTN NGÀY 06/07/1993 CỦA QUỐC HỘI VỀ DẦU KHÍ\nChương 1:",
            ("18/L/CTN", "Luật", "Luật Dầu khí", ["Quốc hội"]),
        ),
        # Special Government resolutions carry a dotted number.
        (
            "CHÍNH PHỦ\nSố: 66.16/2026/NQ-CP\nNGHỊ QUYẾT\n"
            "Cắt giảm, đơn giản hóa thủ tục hành chính",
            (
                "66.16/2026/NQ-CP",
                "Nghị quyết",
                "Cắt giảm, đơn giản hóa thủ tục hành chính",
                ["Chính phủ"],
            ),
        ),
        # A bare law text: the type heading is all there is; Luật implies Quốc hội.
        (
            "LUẬT CƯ TRÚ\n\nĐiều 1. Phạm vi điều chỉnh\nLuật này quy định về cư trú.",
            (None, "Luật", "Luật Cư trú", ["Quốc hội"]),
        ),
        (
            "BỘ LUẬT\nDÂN SỰ\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
            (None, "Bộ luật", "Bộ luật Dân sự", ["Quốc hội"]),
        ),
    ],
)
def test_header_variants(text: str, expected: tuple[object, ...]) -> None:
    meta = extract_metadata(text)
    number = str(meta.so_ky_hieu) if meta.so_ky_hieu else None
    assert (number, meta.type_name, meta.title, meta.issuers) == expected


def test_type_and_issuer_inferred_from_the_number() -> None:
    # No type heading and no issuer line: "NQ" gives the type, "TTg"/"BTC" the issuer.
    meta = extract_metadata("Số: 33/2017/QĐ-TTg\nCăn cứ Luật Tổ chức Chính phủ;")
    assert (meta.type_name, meta.issuers, meta.sources["type_name"], meta.sources["issuers"]) == (
        "Quyết định",
        ["Thủ tướng Chính phủ"],
        "number",
        "number",
    )
    # A bare "số/năm/QH15" is a law or a resolution: the text's own wording decides.
    resolution = extract_metadata(
        "Số: 142/2024/QH15\nCăn cứ Hiến pháp;\nNghị quyết này quy định. Nghị quyết này có hiệu lực."
    )
    assert (resolution.type_name, resolution.issuers) == ("Nghị quyết", ["Quốc hội"])


def test_extract_metadata_is_total() -> None:
    assert extract_metadata("") == Metadata()
    assert extract_metadata("xin chào") == Metadata()


def test_effective_date_prefers_the_effect_article() -> None:
    text = (
        "BỘ TÀI CHÍNH\nSố: 95/2025/TT-BTC\nHà Nội, ngày 20 tháng 10 năm 2025\nTHÔNG TƯ\n"
        "Sửa đổi Thông tư số 44/2022/TT-BTC\nCăn cứ Luật Ngân sách nhà nước;\n"
        "Điều 1. Chuyển tiếp\nThẻ có hiệu lực kể từ ngày 01 tháng 01 năm 2024.\n"
        "Điều 2. Hiệu lực thi hành\n"
        "1. Thông tư này có hiệu lực thi hành từ ngày 05/12/2025.\n"
        "2. Khoản 3 Điều 1 có hiệu lực từ ngày 01 tháng 01 năm 2026./."
    )
    assert extract_metadata(text).effective_on == datetime.date(2025, 12, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02/2011/QH13", "02/2011/QH13"),
        ("  01/2022/TTLT-VKSNDTC- TANDTC-BCA ", "01/2022/TTLT-VKSNDTC-TANDTC-BCA"),
        ("57/2014/QH 13 ngày 20 tháng 11", "57/2014/QH13"),
        ("21-LCT/HĐNN8", "21/LCT-HĐNN8"),
        ("102-SL/L-004", "102/SL/L-004"),
        ("không phải số", None),
    ],
)
def test_parse_number_text(text: str, expected: str | None) -> None:
    number = parse_number_text(text)
    assert (str(number) if number else None) == expected


def test_issuers_from_code() -> None:
    assert issuers_from_code("NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN") == [
        "Ủy ban Thường vụ Quốc hội",
        "Chính phủ",
        "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    ]
    assert issuers_from_code("TT-BLDTBXH") == ["Bộ Lao động - Thương binh và Xã hội"]
    assert issuers_from_code("QĐ-XYZ") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Còn hiệu lực", "in_force"),
        ("còn hiệu lực", "in_force"),
        ("con_hieu_luc", "in_force"),
        ("CHL", "in_force"),
        ("Hết hiệu lực toàn bộ", "expired"),
        ("Het hieu luc", "expired"),
        ("Không còn hiệu lực", "expired"),
        ("Chưa có hiệu lực", "not_yet_in_force"),
        ("Hết hiệu lực một phần", "partially_expired"),
        ("HHL1P2", "partially_expired"),
        ("Tạm ngưng hiệu lực", "suspended"),
        ("Đình chỉ thi hành", "suspended"),
        ("Không xác định", "unknown"),
        ("Đã biết", "unknown"),
        ("", "unknown"),
        (None, "unknown"),
    ],
)
def test_normalize_status(text: str | None, code: str) -> None:
    assert normalize_status(text) == code


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("NGHỊ ĐỊNH", "Nghị định"),
        ("VB HN", "Văn bản hợp nhất"),
        ("NQ", "Nghị quyết"),
        ("QĐ", "Quyết định"),
        ("TT Liên tịch", "Thông tư liên tịch"),
        ("bo luat", "Bộ luật"),
        ("Khác", None),
        (None, None),
    ],
)
def test_normalize_type_name(text: str | None, name: str | None) -> None:
    assert normalize_type_name(text) == name
