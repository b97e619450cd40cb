"""iCalendar lines: folded at 75 octets between characters, text escaped."""

from __future__ import annotations

import pytest

from dannguyen.lib import icalendar


def test_folding_never_splits_a_vietnamese_character():
    line = "DESCRIPTION:" + "Đoàn đại biểu Quốc hội tỉnh Ninh Bình tiếp công dân định kỳ " * 4

    parts = icalendar.fold(line)

    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("a,b;c\\d", "a\\,b\\;c\\\\d"), ("dòng 1\r\ndòng 2\ndòng 3", "dòng 1\\ndòng 2\\ndòng 3")],
)
def test_text_is_escaped(text, escaped):
    assert icalendar.escape(text) == escaped
