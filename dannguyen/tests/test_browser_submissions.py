"""A citizen in a real browser (Debian's Chromium): sends a petition online with an
attachment, receives a tracking code and looks the petition up with it.

The server is the one test_browser.py starts (migrate, seed_demo, runserver on a throw-away
SQLite file); the check question is read off the page and answered as a person would.
"""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from pypdf import PdfWriter

from dannguyen.submissions import challenge

from .browser import shot as _shot
from .test_browser import live_site  # noqa: F401 -- the demo site, as `make run` starts it

pytestmark = pytest.mark.browser


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


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_citizen_sends_a_petition_with_an_attachment_and_looks_it_up(
    live_site: str,  # noqa: F811 -- the fixture
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
        files=[{"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": _pdf()}],
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
