"""End to end in a real browser: Debian's Chromium driven by Playwright.

The server runs as a separate process on a throw-away SQLite file, exactly as `make run`
starts it (migrate, seed_demo, runserver), so this also proves the two-command set-up.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    workdir = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANNGUYEN_")}
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DANNGUYEN_DEBUG": "1",
            "DANNGUYEN_SQLITE_PATH": str(workdir / "db.sqlite3"),
            "DANNGUYEN_MEDIA_ROOT": str(workdir / "media"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    manage = [sys.executable, "-m", "dannguyen"]
    for step in (["migrate", "--no-input", "-v0"], ["seed_demo"]):
        subprocess.run([*manage, *step], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/accounts/login/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError((workdir / "server.log").read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    from playwright.sync_api import ConsoleMessage, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []

        def collect(message: ConsoleMessage) -> None:
            if message.type == "error":
                errors.append(message.text)

        page.on("console", collect)
        page.console_errors = errors  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


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
