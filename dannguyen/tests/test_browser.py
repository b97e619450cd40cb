"""End to end in a real browser: Debian's Chromium driven by Playwright.

The server runs as a separate process on a throw-away SQLite file, exactly as `make run`
starts it (migrate, seed_demo, runserver), so this also proves the two-command set-up.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .browser import serve
from .browser import shot as _shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("site"), [["seed_demo"]], "/accounts/login/") as url:
        yield url


def test_demo_user_logs_in_sees_home_in_vietnamese_and_logs_out(live_site: str, page) -> None:
    page.goto(live_site + "/")

    assert page.url == f"{live_site}/accounts/login/?next=/"
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.get_by_label("Tên đăng nhập").fill("tiepdan")
    page.get_by_label("Mật khẩu").fill("DanNguyen@2026")
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url(live_site + "/")
    assert page.locator("h1").inner_text() == "Việc của tôi"
    assert page.get_by_test_id("greeting").inner_text().startswith("Xin chào, Lê Thị Hồng.")
    assert page.locator("html").get_attribute("lang") == "vi"
    _shot(page, "home")

    # The user menu is a Bootstrap dropdown: it opens only if our local JS ran under the CSP.
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()

    page.wait_for_url(live_site + "/accounts/login/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert page.console_errors == []


def test_wrong_password_shows_vietnamese_error(live_site: str, page) -> None:
    page.goto(live_site + "/accounts/login/")

    page.get_by_label("Tên đăng nhập").fill("tiepdan")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()

    assert "Sai tên đăng nhập hoặc mật khẩu" in page.locator(".alert-danger").inner_text()


def test_agency_search_updates_results_as_you_type(live_site: str, page) -> None:
    page.goto(live_site + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("truongphong")
    page.get_by_label("Mật khẩu").fill("DanNguyen@2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_site + "/")

    page.goto(live_site + "/agencies/")
    page.get_by_placeholder("Tên cơ quan, gõ có dấu hoặc không dấu").fill("toa an")

    page.wait_for_url("**/agencies/?q=toa*an*")
    names = page.locator("#results tbody tr td:first-child a").all_inner_texts()
    assert names and all("Tòa án" in n for n in names)
    _shot(page, "agencies")
    assert page.console_errors == []
