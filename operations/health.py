"""``/healthz`` and ``/readyz`` for load balancers and monitoring, in JSON, without login.

``/healthz`` (liveness) says only that this process answers: a restart would not help a
database outage, so it does not look at one. ``/readyz`` (readiness) says whether this
server can serve: the database answers and holds every migration, the cache answers, and
the task queue answers, with its depth and the age of its oldest waiting task. Any check
failing makes it 503, so a load balancer sends the traffic elsewhere.
"""

import logging
import time
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations.queue import queue_state

logger = logging.getLogger(__name__)

Check = Callable[[], dict[str, object]]

_migrations_complete = False  # once all are applied they stay applied: stop asking


def database() -> dict[str, object]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connections[DEFAULT_DB_ALIAS].vendor}


def migrations() -> dict[str, object]:
    global _migrations_complete  # a per-process memo
    if _migrations_complete:
        return {"unapplied": 0}
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migrations not applied")
    _migrations_complete = True
    return {"unapplied": 0}


def cache_roundtrip() -> dict[str, object]:
    key = "operations:readyz"
    value = str(time.time())
    cache = caches["default"]
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")
    return {"backend": type(cache).__name__}


def task_queue() -> dict[str, object]:
    return queue_state().as_dict()


CHECKS: dict[str, Check] = {
    "database": database,
    "migrations": migrations,
    "cache": cache_roundtrip,
    "queue": task_queue,
}


def run_checks() -> tuple[bool, dict[str, dict[str, object]]]:
    results: dict[str, dict[str, object]] = {}
    healthy = True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            result: dict[str, object] = {"ok": True, **check()}
        except Exception as error:  # every failure is reported, none raised
            logger.warning("readiness check %s failed: %s", name, error)
            result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
            healthy = False
        result["ms"] = round((time.monotonic() - started) * 1000, 1)
        results[name] = result
    return healthy, results


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    healthy, results = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
