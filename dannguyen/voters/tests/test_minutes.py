"""Pasted minutes cut into opinions (framework-free)."""

from __future__ import annotations

from dannguyen.voters.minutes import MAX_PIECES, Piece, split_minutes

MINUTES = """BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI
Cử tri có các ý kiến, kiến nghị sau:
1. Cử tri Nguyễn Văn An (thôn Đông): Đề nghị nâng cấp tuyến đường ĐT 477
đoạn qua xã vì xuống cấp.
2) Bà Lê Thị Hoa: Đề nghị tăng lương hưu.
3. Bà con phản ánh: tình trạng ô nhiễm ở cụm công nghiệp.
- Đề nghị xây kè sông Hoàng Long.
"""


def test_numbered_items_dashes_and_speakers_are_cut():
    assert split_minutes(MINUTES) == [
        Piece(
            "Đề nghị nâng cấp tuyến đường ĐT 477 đoạn qua xã vì xuống cấp.",
            "Cử tri Nguyễn Văn An (thôn Đông)",
        ),
        Piece("Đề nghị tăng lương hưu.", "Bà Lê Thị Hoa"),
        # "Bà con" names nobody: the sentence stays whole.
        Piece("Bà con phản ánh: tình trạng ô nhiễm ở cụm công nghiệp."),
        Piece("Đề nghị xây kè sông Hoàng Long."),
    ]


def test_a_speaker_line_alone_starts_an_opinion():
    text = "Ông Trần Văn Bình:\nĐề nghị sửa cầu.\nCầu đã hỏng hai năm.\nÔng Lê Cường: Đề nghị khác."
    assert split_minutes(text) == [
        Piece("Đề nghị sửa cầu. Cầu đã hỏng hai năm.", "Ông Trần Văn Bình"),
        Piece("Đề nghị khác.", "Ông Lê Cường"),
    ]


def test_without_markers_each_paragraph_is_an_opinion():
    assert split_minutes("Đề nghị làm đường.\n\r\nĐề nghị sửa trường.\nCó mái dột.") == [
        Piece("Đề nghị làm đường."),
        Piece("Đề nghị sửa trường. Có mái dột."),
    ]


def test_blank_and_huge_input():
    assert split_minutes("") == []
    assert split_minutes(" \n\t\n ") == []
    many = "\n".join(f"- Đề nghị số {n}." for n in range(MAX_PIECES + 50))
    assert len(split_minutes(many)) == MAX_PIECES
    # A long line without a colon is read in linear time (no runaway backtracking).
    assert split_minutes("Cử tri " + "Nguyễn " * 20_000) == [
        Piece("Cử tri " + "Nguyễn " * 19_999 + "Nguyễn")
    ]
