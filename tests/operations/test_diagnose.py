"""`manage.py diagnose` tells a support engineer what runs where, and no secret."""

import io
import json

import pytest
from django.core.management import call_command

from operations.diagnosis import MASK, mask_url


def test_a_url_keeps_everything_but_its_password():
    assert mask_url("redis://:s3cret@cache.local:6380/1") == f"redis://:{MASK}@cache.local:6380/1"
    assert mask_url("postgres://gongyi:pw@db/gongyi") == f"postgres://gongyi:{MASK}@db/gongyi"
    assert mask_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


@pytest.mark.django_db
def test_diagnose_prints_every_section_with_secrets_masked(settings):
    settings.SECRET_KEY = "production-secret-" * 4
    settings.EMAIL_HOST_PASSWORD = "mail-password-42"
    settings.TASKS_BACKEND = "django_tasks_rq.RQBackend"
    settings.REDIS_URL = "redis://:queue-password-7@127.0.0.1:1/0"
    settings.RQ_QUEUES = {"default": {"URL": settings.REDIS_URL}}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://:cache-password-9@127.0.0.1:1/1",
        }
    }
    out = io.StringIO()

    call_command("diagnose", "--json", stdout=out)

    text = out.getvalue()
    report = json.loads(text)
    for secret in ("production-secret", "mail-password-42", "queue-password-7", "cache-password-9"):
        assert secret not in text
    assert set(report) == {
        "product",
        "security",
        "database",
        "queue",
        "cache",
        "storage",
        "mail",
        "backups",
        "logging",
    }
    assert report["security"]["secret_key"] == "set, 72 characters"
    assert report["queue"]["redis"] == f"redis://:{MASK}@127.0.0.1:1/0"
    assert "error" in report["queue"]  # nothing listens on port 1: said, not raised
    assert report["database"]["unapplied_migrations"] == 0
    assert report["mail"]["password"] == MASK
    assert report["product"]["packages"]["Django"].startswith("5.2")


@pytest.mark.django_db
def test_diagnose_reads_as_text_for_people():
    out = io.StringIO()
    call_command("diagnose", stdout=out)
    assert "[database]" in out.getvalue()
    assert "unapplied_migrations: 0" in out.getvalue()
