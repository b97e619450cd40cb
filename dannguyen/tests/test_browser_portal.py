"""The public portal in a real browser (Debian's Chromium driven by Playwright): a visitor
opens the home page, searches a law, and lands on the article's anchor; finds a deputy,
reads the profile and the electoral unit.

The server runs as a separate process on a throw-away SQLite file, as in
test_browser.py; the law is imported with `legal_import`, as an office would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .browser import serve
from .browser import shot as _shot

pytestmark = pytest.mark.browser

LAW = """QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Luật số: 42/2013/QH13

LUẬT
TIẾP CÔNG DÂN

Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về trách nhiệm tiếp công dân.

Chương III
TIẾP CÔNG DÂN CỦA ĐẠI BIỂU QUỐC HỘI

Điều 21. Tiếp công dân của đại biểu Quốc hội
Đại biểu Quốc hội có trách nhiệm tiếp công dân tại Trụ sở tiếp công dân của tỉnh.

Điều 36. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2014.
"""


@pytest.fixture(scope="module")
def live_portal(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Callable[[Path], Path]
) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("portal")
    law = workdir / "luat-tiep-cong-dan.txt"
    law.write_text(LAW, encoding="utf-8")
    steps = [
        ["load_reference_data"],
        ["legal_import", str(law)],
        # The demo's deputies: two terms, three electoral units, committees and groups.
        ["shell", "-c", "from dannguyen.deputies import demo; demo.seed()"],
    ]
    with serve(workdir, migrated_sqlite_file, steps, "/portal/") as url:
        yield url


def test_visitor_searches_a_law_and_opens_the_article(live_portal: str, page) -> None:
    page.goto(live_portal + "/portal/")

    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("main h1").count() == 1
    assert page.locator("a[href^='/accounts/'], a[href^='/legal/']").count() == 0
    _shot(page, "portal-home")
    page.locator("#home-q").fill("đại biểu quốc hội tiếp công dân")
    page.locator("#home-q").press("Enter")

    page.wait_for_url("**/portal/van-ban/?q=*")
    first = page.get_by_test_id("hits").locator("li a").first
    assert first.inner_text().startswith("Điều 21")
    assert page.get_by_test_id("hits").locator("mark").count() > 0
    _shot(page, "portal-search")
    first.click()

    page.wait_for_url("**/portal/van-ban/*/#*")
    anchor = page.url.split("#", 1)[1]
    article = page.locator(f"article[id='{anchor}']")
    assert article.locator("h3").inner_text().startswith("Điều 21.")
    assert article.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == anchor
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert 0 <= top < 900
    _shot(page, "portal-article")
    assert page.console_errors == []


def test_portal_fits_a_phone_screen(live_portal: str, page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})

    for path in (
        "/portal/",
        "/portal/lich/",
        "/portal/van-ban/",
        "/portal/tra-loi-cu-tri/",
        "/portal/dai-bieu/",
    ):
        page.goto(live_portal + path)

        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0, path
    assert page.console_errors == []


def test_visitor_reads_a_deputys_page_and_the_electoral_unit(live_portal: str, page) -> None:
    page.goto(live_portal + "/portal/")
    page.locator("[data-section='deputies'] a").first.click()

    page.wait_for_url("**/portal/dai-bieu/")
    assert page.get_by_test_id("count").inner_text() == "9 đại biểu"
    card = page.locator("a.deputy-card").first
    name = card.locator("span.fw-semibold").inner_text()
    card.click()

    page.wait_for_url("**/portal/dai-bieu/*/")
    assert page.locator("main h1").inner_text() == name
    positions = page.get_by_test_id("positions")
    assert "khóa" in positions.inner_text()
    _shot(page, "portal-deputy")
    unit = positions.locator("a").first
    unit_name = unit.inner_text()
    unit.click()

    page.wait_for_url("**/portal/dai-bieu/don-vi-bau-cu/*/")
    assert unit_name in page.locator("main h1").inner_text()
    assert page.get_by_role("link", name=name).count() >= 1
    assert page.console_errors == []
