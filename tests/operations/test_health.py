"""/healthz and /readyz answer anyone in JSON; readiness fails (503) when a dependency
does; every response and every log line carries the request's id."""

import io
import json
import logging

import pytest
from django.conf import settings as django_settings
from pythonjsonlogger.json import JsonFormatter

from operations.request_id import RequestIdFilter

BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    }
}


def test_liveness_answers_without_login_or_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_reports_database_migrations_cache_and_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    checks = body["checks"]
    assert set(checks) == {"database", "migrations", "cache", "queue"}
    assert all(check["ok"] for check in checks.values())
    assert checks["migrations"]["unapplied"] == 0
    assert checks["queue"] == checks["queue"] | {"kind": "database", "depth": 0}


@pytest.mark.django_db
def test_readiness_fails_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = BROKEN_CACHE
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_the_proxys_request_id_is_kept_and_a_missing_one_made(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "0f3c2a9e-nginx-id"})
    assert kept["X-Request-ID"] == "0f3c2a9e-nginx-id"
    made = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert len(made["X-Request-ID"]) == 32
    assert made["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@pytest.mark.django_db
def test_log_lines_are_json_with_the_request_id(client, settings):
    settings.CACHES = BROKEN_CACHE
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    options = dict(django_settings.LOGGING["formatters"]["json"])
    options.pop("()")
    handler.setFormatter(JsonFormatter(**options))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("operations.health")
    logger.addHandler(handler)
    try:
        client.get("/readyz", headers={"X-Request-ID": "req-1234abcd"})
    finally:
        logger.removeHandler(handler)

    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["request_id"] == "req-1234abcd"
    assert line["level"] == "WARNING"
    assert line["logger"] == "operations.health"
    assert "cache" in line["message"]
    assert {"time", "process"} <= set(line)


@pytest.mark.django_db
def test_djangos_own_line_for_a_404_carries_the_request_id(client):
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/no-such-page/", headers={"X-Request-ID": "req-404-abcdef"})
    finally:
        logger.removeHandler(handler)

    assert [record.request_id for record in records] == ["req-404-abcdef"]
