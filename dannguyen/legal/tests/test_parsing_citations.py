"""Citations of other documents, by number and by name and year."""

from __future__ import annotations

import datetime

from dannguyen.legal.parsing import Citation, find_citations, name_key

PREAMBLE = """Căn cứ Luật Khiếu nại năm 2011; Bộ luật Dân sự năm 2015 và Luật Tố cáo số \
25/2018/QH14;
Căn cứ Nghị định số 124/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ quy định chi tiết;
Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 và Luật sửa đổi, bổ sung một số \
điều của Luật Ban hành văn bản quy phạm pháp luật số 87/2025/QH15;
Căn cứ Luật Bảo hiểm
xã hội số 41/2024/QH15; Luật Đấu thầu ngày 26 tháng 11 năm 2013;
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;
Mẫu số 01/TCD ban hành kèm theo; Luật này có hiệu lực từ năm 2012; pháp luật số 5/2020/QH14."""


def _rows(citations: list[Citation]) -> list[tuple[object, ...]]:
    return [
        (
            c.text,
            str(c.number) if c.number else None,
            c.type_name,
            c.name,
            c.year,
            c.issued_on,
            c.name_key,
        )
        for c in citations
    ]


def test_find_citations() -> None:
    citations = find_citations(PREAMBLE)
    assert _rows(citations) == [
        ("Luật Khiếu nại năm 2011", None, "Luật", "Khiếu nại", 2011, None, "luat khieu nai 2011"),
        ("Bộ luật Dân sự năm 2015", None, "Bộ luật", "Dân sự", 2015, None, "bo luat dan su 2015"),
        (
            "Luật Tố cáo số 25/2018/QH14",
            "25/2018/QH14",
            "Luật",
            "Tố cáo",
            2018,
            None,
            "luat to cao 2018",
        ),
        (
            "Nghị định số 124/2020/NĐ-CP",
            "124/2020/NĐ-CP",
            "Nghị định",
            None,
            2020,
            datetime.date(2020, 10, 19),
            None,
        ),
        (
            "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15",
            "64/2025/QH15",
            "Luật",
            "Ban hành văn bản quy phạm pháp luật",
            2025,
            None,
            "luat ban hanh van ban quy pham phap luat 2025",
        ),
        # The number belongs to the amending law, not to the law it amends.
        (
            "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật "
            "số 87/2025/QH15",
            "87/2025/QH15",
            "Luật",
            "sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật",
            2025,
            None,
            "luat sua doi bo sung mot so dieu cua luat ban hanh van ban quy pham phap luat 2025",
        ),
        (
            "Luật Bảo hiểm\nxã hội số 41/2024/QH15",
            "41/2024/QH15",
            "Luật",
            "Bảo hiểm xã hội",
            2024,
            None,
            "luat bao hiem xa hoi 2024",
        ),
        (
            "Luật Đấu thầu ngày 26 tháng 11 năm 2013",
            None,
            "Luật",
            "Đấu thầu",
            2013,
            datetime.date(2013, 11, 26),
            "luat dau thau 2013",
        ),
        (
            "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013",
            None,
            "Hiến pháp",
            None,
            2013,
            None,
            "hien phap 2013",
        ),
        # Lower-case "pháp luật" names no document: only the number is known.
        ("5/2020/QH14", "05/2020/QH14", None, None, 2020, None, None),
    ]


def test_citation_offsets_point_into_the_text() -> None:
    for citation in find_citations(PREAMBLE):
        assert PREAMBLE[citation.start : citation.end] == citation.text


def test_name_key_matches_a_catalogue_title() -> None:
    assert name_key("Luật Khiếu nại", 2011) == "luat khieu nai 2011"
    assert name_key("LUẬT PHÒNG, CHỐNG MA TÚY", 2021) == "luat phong chong ma tuy 2021"
    assert name_key("Bộ luật Dân sự") == "bo luat dan su"


def test_no_citations() -> None:
    assert find_citations("") == []
    assert find_citations("Luật này quy định về khiếu nại; theo Mẫu số 02/XLD.") == []
