"""Provision trees: levels, numbering, references that are not headings, quoted amendments."""

from __future__ import annotations

from dannguyen.legal.parsing import Provision, parse_structure

LAW = """QUỐC HỘI
Luật số: 02/2011/QH13
LUẬT
KHIẾU NẠI
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992;
Quốc hội ban hành Luật khiếu nại.
Phần thứ nhất
QUY ĐỊNH CHUNG
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về khiếu nại và giải quyết khiếu nại đối với quyết định
hành chính theo quy định tại
Điều 2 của Luật này.
Điều 2. Giải thích từ ngữ
Trong Luật này, các từ ngữ dưới đây được hiểu như sau:
1. Khiếu nại là việc công dân đề nghị xem xét lại quyết định hành chính.
2. Người khiếu nại là công dân thực hiện quyền khiếu nại.
2a. Người bị khiếu nại là cơ quan có quyết định bị khiếu nại.
Điều 3. Áp dụng pháp luật
Trường hợp luật khác có quy định khác thì áp dụng theo luật đó.
Điều 3a. Nguyên tắc khiếu nại
1. Việc khiếu nại phải bảo đảm:
a) Đúng trình tự;
a1) Đúng thủ tục;
b) Đúng thời hạn;
c) Khách quan;
d) Công khai;
đ) Dân chủ;
e) Kịp thời.
2. Thời hạn khiếu nại là 90 ngày, kể từ ngày nhận được quyết định theo
1. lần đầu.
Chương II
GIẢI QUYẾT KHIẾU NẠI
Mục 1
KHIẾU NẠI LẦN ĐẦU
Điều 4. Thẩm quyền giải quyết
Người đứng đầu cơ quan hành chính giải quyết khiếu nại lần đầu.
Mục 2
KHIẾU NẠI LẦN HAI
Tiểu mục 1
THẨM QUYỀN
Điều 5. Thẩm quyền giải quyết lần hai
Thủ trưởng cấp trên trực tiếp giải quyết khiếu nại lần hai.
Phần thứ hai
ĐIỀU KHOẢN THI HÀNH
Chương III
HIỆU LỰC THI HÀNH
Điều 6. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2012.
Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 2 \
thông qua ngày 11 tháng 11 năm 2011.
CHỦ TỊCH QUỐC HỘI
Nguyễn Sinh Hùng
"""

# An amending decree quotes the new wording of another decree's articles, and ends
# with an annex whose sample contract has articles of its own.
AMENDING = """CHÍNH PHỦ
Số: 31/2025/NĐ-CP
NGHỊ ĐỊNH
Sửa đổi, bổ sung một số điều của Nghị định số 124/2020/NĐ-CP
Căn cứ Luật Khiếu nại năm 2011;
Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 124/2020/NĐ-CP
1. Sửa đổi, bổ sung Điều 5 như sau:
“Điều 5. Thời hạn giải quyết
1. Thời hạn giải quyết là 30 ngày.
2. Trường hợp phức tạp thì không quá 45 ngày.”.
2. Bổ sung Chương IIa vào sau Chương II như sau:
“Chương IIa
TIẾP NHẬN TRỰC TUYẾN
Điều 12a. Tiếp nhận khiếu nại trực tuyến
Khiếu nại được tiếp nhận qua Cổng dịch vụ công quốc gia.
Điều 12b. Trả lời trực tuyến
a) Trả lời qua tài khoản định danh;
b) Trả lời qua thư điện tử.”.
Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày ký./.
PHỤ LỤC
Mẫu số 01. Hợp đồng mẫu
Điều 1. Nội dung hợp đồng
1. Bên A đồng ý.
"""


def _outline(provisions: list[Provision]) -> list[tuple[str, str, str, int | None, str]]:
    return [(p.kind, p.number, p.heading, p.parent_index, p.anchor) for p in provisions]


def test_every_level_of_a_law() -> None:
    provisions = parse_structure(LAW)
    assert _outline(provisions) == [
        ("part", "1", "QUY ĐỊNH CHUNG", None, "phan-1"),
        ("chapter", "I", "NHỮNG QUY ĐỊNH CHUNG", 0, "chuong-i"),
        ("article", "1", "Phạm vi điều chỉnh", 1, "dieu-1"),
        ("article", "2", "Giải thích từ ngữ", 1, "dieu-2"),
        ("clause", "1", "", 3, "dieu-2-khoan-1"),
        ("clause", "2", "", 3, "dieu-2-khoan-2"),
        ("clause", "2a", "", 3, "dieu-2-khoan-2a"),
        ("article", "3", "Áp dụng pháp luật", 1, "dieu-3"),
        ("article", "3a", "Nguyên tắc khiếu nại", 1, "dieu-3a"),
        ("clause", "1", "", 8, "dieu-3a-khoan-1"),
        ("point", "a", "", 9, "dieu-3a-khoan-1-diem-a"),
        ("point", "a1", "", 9, "dieu-3a-khoan-1-diem-a1"),
        ("point", "b", "", 9, "dieu-3a-khoan-1-diem-b"),
        ("point", "c", "", 9, "dieu-3a-khoan-1-diem-c"),
        ("point", "d", "", 9, "dieu-3a-khoan-1-diem-d"),
        ("point", "đ", "", 9, "dieu-3a-khoan-1-diem-dd"),
        ("point", "e", "", 9, "dieu-3a-khoan-1-diem-e"),
        ("clause", "2", "", 8, "dieu-3a-khoan-2"),
        ("chapter", "II", "GIẢI QUYẾT KHIẾU NẠI", 0, "chuong-ii"),
        ("section", "1", "KHIẾU NẠI LẦN ĐẦU", 18, "chuong-ii-muc-1"),
        ("article", "4", "Thẩm quyền giải quyết", 19, "dieu-4"),
        ("section", "2", "KHIẾU NẠI LẦN HAI", 18, "chuong-ii-muc-2"),
        ("subsection", "1", "THẨM QUYỀN", 21, "chuong-ii-muc-2-tieu-muc-1"),
        ("article", "5", "Thẩm quyền giải quyết lần hai", 22, "dieu-5"),
        ("part", "2", "ĐIỀU KHOẢN THI HÀNH", None, "phan-2"),
        ("chapter", "III", "HIỆU LỰC THI HÀNH", 24, "chuong-iii"),
        ("article", "6", "Hiệu lực thi hành", 25, "dieu-6"),
    ]
    assert [p.order for p in provisions] == list(range(len(provisions)))


def test_provision_texts() -> None:
    by_anchor = {p.anchor: p.text for p in parse_structure(LAW)}
    assert by_anchor["phan-1"] == "Phần thứ nhất\nQUY ĐỊNH CHUNG"
    # A wrapped reference ("…tại\nĐiều 2 của Luật này.") stays in the article.
    assert by_anchor["dieu-1"] == (
        "Điều 1. Phạm vi điều chỉnh\n"
        "Luật này quy định về khiếu nại và giải quyết khiếu nại đối với quyết định\n"
        "hành chính theo quy định tại\n"
        "Điều 2 của Luật này."
    )
    assert by_anchor["dieu-3a-khoan-1"] == (
        "1. Việc khiếu nại phải bảo đảm:\na) Đúng trình tự;\na1) Đúng thủ tục;\n"
        "b) Đúng thời hạn;\nc) Khách quan;\nd) Công khai;\nđ) Dân chủ;\ne) Kịp thời."
    )
    assert by_anchor["dieu-3a-khoan-1-diem-dd"] == "đ) Dân chủ;"
    # "1. lần đầu." is out of sequence after clause 2, so it is text, not a clause.
    assert by_anchor["dieu-3a-khoan-2"] == (
        "2. Thời hạn khiếu nại là 90 ngày, kể từ ngày nhận được quyết định theo\n1. lần đầu."
    )
    # The adoption sentence and the signature close the main text.
    assert by_anchor["dieu-6"] == (
        "Điều 6. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2012."
    )


def test_quoted_amendments_stay_inside_the_amending_article() -> None:
    provisions = parse_structure(AMENDING)
    assert _outline(provisions) == [
        (
            "article",
            "1",
            "Sửa đổi, bổ sung một số điều của Nghị định số 124/2020/NĐ-CP",
            None,
            "dieu-1",
        ),
        ("clause", "1", "", 0, "dieu-1-khoan-1"),
        ("clause", "2", "", 0, "dieu-1-khoan-2"),
        ("article", "2", "Hiệu lực thi hành", None, "dieu-2"),
    ]
    assert provisions[2].text == (
        "2. Bổ sung Chương IIa vào sau Chương II như sau:\n“Chương IIa\nTIẾP NHẬN TRỰC TUYẾN\n"
        "Điều 12a. Tiếp nhận khiếu nại trực tuyến\n"
        "Khiếu nại được tiếp nhận qua Cổng dịch vụ công quốc gia.\n"
        "Điều 12b. Trả lời trực tuyến\na) Trả lời qua tài khoản định danh;\n"
        "b) Trả lời qua thư điện tử.”."
    )
    # The annex after "./." is not part of Điều 2.
    assert provisions[3].text == (
        "Điều 2. Hiệu lực thi hành\nNghị định này có hiệu lực thi hành kể từ ngày ký./."
    )


def test_gazette_page_break_inside_an_article() -> None:
    text = (
        "Điều 1. Phạm vi điều chỉnh\n"
        "Nghị định này quy định chi tiết một số điều của Luật Bảo hiểm xã hội về bảo\n"
        "Người ký: Cổng Thông tin điện tử Chính phủ\nEmail: thongtinchinhphu@chinhphu.vn\n"
        "Cơ quan: Văn phòng Chính phủ\nThời gian ký: 08.07.2025 14:58:33 +07:00\n\n"
        "4\nCÔNG BÁO/Số 851 + 852/Ngày 01-7-2025\n"
        "hiểm xã hội bắt buộc.\n"
        "Điều 2. Đối tượng áp dụng\n"
        "Người lao động."
    )
    provisions = parse_structure(text)
    assert [(p.number, p.text) for p in provisions] == [
        (
            "1",
            "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định chi tiết một số điều "
            "của Luật Bảo hiểm xã hội về bảo\nhiểm xã hội bắt buộc.",
        ),
        ("2", "Điều 2. Đối tượng áp dụng\nNgười lao động."),
    ]


def test_unnamed_articles_and_legacy_forms() -> None:
    text = (
        "Chương 1:\nNHỮNG QUY ĐỊNH CHUNG\n"
        "Điều 1\nTài nguyên dầu khí thuộc sở hữu toàn dân.\n"
        "Điều 2. Tán thành kết quả giám sát.\n"
        "1- Công dân có quyền được bảo vệ sức khoẻ.\n"
        "2- Bảo vệ sức khoẻ là sự nghiệp của toàn dân.\n"
        "Điều 3.4 (được bãi bỏ)\n"
        "Điều 4. Hiệu lực thi hành18\n"
        "Luật này có hiệu lực."
    )
    assert [(p.kind, p.number, p.heading) for p in parse_structure(text)] == [
        ("chapter", "1", "NHỮNG QUY ĐỊNH CHUNG"),
        ("article", "1", ""),
        ("article", "2", ""),
        ("clause", "1", ""),
        ("clause", "2", ""),
        ("article", "3", "(được bãi bỏ)"),  # "4" is a footnote marker
        ("article", "4", "Hiệu lực thi hành"),
    ]


def test_wrapped_article_heading() -> None:
    text = (
        "Điều 7. Trách nhiệm của cơ quan, tổ chức trong việc thực hiện chính sách\n"
        "hỗ trợ người lao động\n"
        "Cơ quan, tổ chức có trách nhiệm thực hiện."
    )
    assert [p.heading for p in parse_structure(text)] == [
        "Trách nhiệm của cơ quan, tổ chức trong việc thực hiện chính sách hỗ trợ người lao động"
    ]


def test_no_structure() -> None:
    assert parse_structure("") == []
    assert parse_structure("Căn cứ Điều 5 của Luật Khiếu nại;\nChương II của Luật này.") == []
