"""Dates in a legal text: the dateline, the effective date and the adoption date."""

from __future__ import annotations

import datetime
import re

from dannguyen.lib.vietnamese import parse_date

from .labels import MOTTO
from .textutil import fold_line, squeeze

__all__ = ["ADOPTED", "effective_date", "find_dateline"]

_DATELINE = re.compile(r",\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}")
_YEAR_FOOTNOTE = re.compile(r"(năm\s+\d{4})\d{1,2}\b", re.IGNORECASE)

_EFFECT = re.compile(
    r"co\s+hieu\s+luc(?:\s+thi\s+hanh)?(?:\s+ke)?\s+tu\s+ngay\s+"
    r"(?:(?P<signed>ky|ban\s+hanh|thong\s+qua)|(?P<date>\d))"
)
_SELF_EFFECT = re.compile(
    r"(?:luat|nghi dinh|nghi quyet|thong tu|quyet dinh|phap lenh|chi thi|lenh|hien phap)"
    r"(?:\s+lien\s+tich)?\s+nay\s+co\s+hieu\s+luc"
)
_EFFECT_ARTICLE = re.compile(
    r"^dieu\s+\d+[a-z]?\s*[.:]\s*(?:hieu\s+luc\s*$|dieu\s+khoan\s+thi\s+hanh|.*hieu\s+luc\s+thi\s+hanh)",
    re.MULTILINE,
)
ADOPTED = re.compile(r"thong\s+qua\s+ngay\s+(?=\d)")


def effective_date(text: str, folded: str, issued: datetime.date | None) -> datetime.date | None:
    regions: list[tuple[int, int]] = []
    # The last such article: final provisions close the text, and a consolidated text
    # or an annex may quote earlier ones.
    articles = list(_EFFECT_ARTICLE.finditer(folded))
    if articles:
        article = articles[-1]
        following = re.compile(r"^dieu\s+\d+", re.MULTILINE).search(folded, article.end())
        regions.append((article.start(), following.start() if following else len(folded)))
    self_ref = _SELF_EFFECT.search(folded)
    if self_ref:
        regions.append((self_ref.start(), self_ref.end() + 120))
    regions.append((0, len(folded)))
    for start, end in regions:
        match = _EFFECT.search(folded, start, min(end, len(folded)))
        if match is None:
            continue
        if match["signed"]:
            return issued
        return parse_date(text[match.start("date") : match.start("date") + 40])
    return None


def find_dateline(
    lines: list[str], *, short: bool = False
) -> tuple[str | None, datetime.date | None, int] | None:
    for i, line in enumerate(lines):
        match = _DATELINE.search(fold_line(line))
        if match is None or (short and (len(line) > 80 or match.start() > 40)):
            continue
        # "… năm 20264": a footnote marker glued to the year in consolidated texts.
        date = parse_date(_YEAR_FOOTNOTE.sub(r"\1", line[match.start() :]))
        if date is None:
            continue
        place = line[: match.start()]
        motto = MOTTO.search(fold_line(place))
        if motto:
            place = place[motto.end() :]
        place = squeeze(re.sub(r"^[\s\-_*.]+", "", place))
        words = place.split(" ")
        return (" ".join(words[-4:]) if place else None), date, i
    return None
