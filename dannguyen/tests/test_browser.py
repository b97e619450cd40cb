"""End to end in a real browser: Debian's Chromium driven by Playwright, on the demo site.

The server (`live_site`, conftest.py) runs as a separate process on a throw-away SQLite
file, exactly as `make run` starts it (migrate, seed_demo, runserver), so this also proves
the two-command set-up. The site is built once per test process (about two minutes).
"""

from __future__ import annotations

import pytest
from django.utils import translation

from dannguyen.submissions import challenge
from dannguyen.submissions.tests.conftest import pdf_bytes

from .browser import shot as _shot

pytestmark = pytest.mark.browser


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


# --- A citizen sends a petition online with an attachment, receives a tracking code and
# looks the petition up with it; the check question is read off the page and answered as
# a person would.


def _answer(question: str) -> str:
    # The server speaks Vietnamese; the words are read with the same catalogue.
    with translation.override("vi"):
        for operation, result in (
            ("plus", lambda a, b: a + b),
            ("minus", lambda a, b: a - b),
            ("times", lambda a, b: a * b),
        ):
            for a in range(11):
                for b in range(11):
                    if challenge.question(a, operation, b) == question:
                        return str(result(a, b))
    raise AssertionError(f"unreadable question: {question}")


def test_citizen_sends_a_petition_with_an_attachment_and_looks_it_up(
    live_site: str,
    page,
) -> None:
    page.goto(live_site + "/portal/don/gui-don/")

    page.check('input[name="kind"][value="petition"]')
    # Our own script hides the notice on denunciations unless one is chosen (CSP allows it).
    assert page.locator("#denunciation-notice").is_hidden()
    page.select_option("#id_receiving_subject", "na_delegation")
    page.fill("#id_summary", "Chậm bồi thường khi thu hồi đất")
    page.fill(
        "#id_content",
        "Gia đình tôi bị thu hồi 320 m² đất nông nghiệp tại xóm 3, xã Gia Vân nhưng đến nay "
        "chưa được bồi thường. Đề nghị Đoàn ĐBQH tỉnh xem xét, đôn đốc giải quyết.",
    )
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.fill("#id_full_name", "Nguyễn Thị Lan")
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_address", "Xóm 3, xã Gia Vân, tỉnh Ninh Bình")
    page.fill("#id_answer", _answer(page.locator("#check-question").inner_text().strip()))
    page.check("#id_declaration")
    # Nobody writes a petition in less time than the form waits for.
    page.wait_for_timeout((challenge.MIN_FILL_SECONDS + 1) * 1000)
    page.locator("form button[type=submit]").click()

    code_box = page.locator("[data-tracking-code]")
    code_box.wait_for()
    code = code_box.inner_text().strip()
    assert code.startswith("DN-") and len(code) == 14
    _shot(page, "submission-received")

    page.goto(live_site + "/portal/don/tra-cuu/")
    page.fill("#id_code", code.lower())
    page.fill("#id_contact", "0912345678")
    page.locator("form button[type=submit]").click()

    stage = page.locator("[data-stage]")
    stage.wait_for()
    assert stage.get_attribute("data-stage") == "received"
    assert page.locator("[data-steps] li").count() == 1
    _shot(page, "submission-status")

    # A wrong phone gets the neutral answer, the form empty again.
    page.goto(live_site + "/portal/don/tra-cuu/")
    page.fill("#id_code", code)
    page.fill("#id_contact", "0987000111")
    page.locator("form button[type=submit]").click()
    page.locator("[data-not-found]").wait_for()
    assert page.locator("#id_code").input_value() == ""
    assert page.console_errors == []
