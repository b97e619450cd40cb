"""What the browser tests share: a server process on a throw-away SQLite file, Debian's
Chromium driven by Playwright, screenshots for the CI's artifacts.

The server is a separate process, as an office runs it, so a test sees exactly what a user
would: the real middleware, static files, CSP and the compiled catalogue.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


def sqlite_project_env(database: Path, media: Path) -> dict[str, str]:
    """The environment of a project process (`python -m dannguyen …`) on its own SQLite
    DATABASE and MEDIA folder, whatever settings the test run itself was given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANNGUYEN_")}
    env.pop("DATABASE_URL", None)
    env["DANNGUYEN_SQLITE_PATH"] = str(database)
    env["DANNGUYEN_MEDIA_ROOT"] = str(media)
    return env


@contextmanager
def serve(
    workdir: Path,
    migrated: Callable[[Path], Path],
    steps: Sequence[Sequence[str]],
    ready: str,
) -> Iterator[str]:
    """Run the management commands STEPS on a freshly migrated database (the
    `migrated_sqlite_file` fixture) in WORKDIR, then runserver until the block ends;
    yields the base URL once READY (a path) answers."""
    require_chromium()
    env = sqlite_project_env(migrated(workdir / "db.sqlite3"), workdir / "media")
    env.update({"DANNGUYEN_DEBUG": "1", "PYTHONUNBUFFERED": "1"})
    manage = [sys.executable, "-m", "dannguyen"]
    for step in steps:
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
                urllib.request.urlopen(f"{url}{ready}", timeout=2)
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
def page() -> Iterator[object]:
    """A fresh Chromium page in Vietnamese; `page.console_errors` collects the console's
    errors (a CSP violation shows there)."""
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
        new_page = context.new_page()
        errors: list[str] = []

        def collect(message: ConsoleMessage) -> None:
            if message.type == "error":
                errors.append(message.text)

        new_page.on("console", collect)
        new_page.console_errors = errors  # type: ignore[attr-defined]
        try:
            yield new_page
        finally:
            context.close()
            browser.close()


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
