import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_passes_with_production_values():
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="gongyi.yuhuatai.gov.cn,10.0.0.5",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_with_the_development_key():
    result = _run(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="x"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_nonsense_boolean_is_refused():
    result = _run("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_settings_follow_the_issue():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert {code for code, _ in settings.LANGUAGES} == {"zh-hans", "en"}
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert any(
        validator.get("OPTIONS", {}).get("min_length") == 12
        for validator in settings.AUTH_PASSWORD_VALIDATORS
    )


@pytest.mark.django_db
def test_database_is_the_one_database_url_names():
    from django.db import connection

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
    if expected == "sqlite":
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
