"""Production settings refuse dev secrets, and Django's deployment checks pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANNGUYEN_")}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "dannguyen", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DANNGUYEN_DEBUG": "0",
    "DANNGUYEN_SECRET_KEY": "k" * 20 + "-production-secret-for-the-test-only-" + "z" * 20,
    "DANNGUYEN_FIELD_KEY": Fernet.generate_key().decode(),
    "DANNGUYEN_ALLOWED_HOSTS": "dannguyen.ninhbinh.gov.vn",
}


def test_production_refuses_to_start_without_secret_key():
    env = dict(PRODUCTION)
    del env["DANNGUYEN_SECRET_KEY"]

    result = run_manage("check", env_extra=env)

    assert result.returncode != 0
    assert "DANNGUYEN_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_field_key():
    env = dict(PRODUCTION)
    del env["DANNGUYEN_FIELD_KEY"]

    result = run_manage("check", env_extra=env)

    assert result.returncode != 0
    assert "DANNGUYEN_FIELD_KEY must be set" in result.stderr


@pytest.mark.parametrize("secret_from_file", [False, True])
def test_check_deploy_reports_nothing_in_production(tmp_path, secret_from_file):
    env = dict(PRODUCTION)
    if secret_from_file:
        secret = tmp_path / "secret"
        secret.write_text(env.pop("DANNGUYEN_SECRET_KEY"))
        env["DANNGUYEN_SECRET_KEY_FILE"] = str(secret)

    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env_extra=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_seed_demo_refused_when_debug_is_off():
    result = run_manage("seed_demo", env_extra=PRODUCTION)

    assert result.returncode != 0
    assert "refused when debug is off" in result.stderr


def test_sqlite_runs_in_wal_mode_with_busy_timeout(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; files get WAL.
    assert mode in {"wal", "memory"}
    assert connection.settings_dict["OPTIONS"]["timeout"] == 20


def test_language_time_zone_and_date_format(settings):
    import datetime

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2026, 3, 5), "SHORT_DATE_FORMAT") == "05/03/2026"
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
