"""What a support engineer needs to know about an installation, secrets masked: versions,
security settings, database, queue, cache, storage, mail, backups. Every probe that
fails is reported as its error, never raised, so a broken installation can still be
diagnosed."""

import logging
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from operations.backups import archives, backup_dir
from operations.queue import queue_state

MASK = "********"
PACKAGES = [
    "Django",
    "gunicorn",
    "psycopg",
    "django-tasks",
    "django-tasks-db",
    "django-tasks-rq",
    "django-rq",
    "rq",
    "redis",
    "weasyprint",
    "openpyxl",
    "xlsxwriter",
    "whitenoise",
    "django-axes",
    "django-otp",
    "django-auditlog",
]

Section = dict[str, Any]


def mask_url(url: str) -> str:
    """The URL with its password (if any) replaced by asterisks."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{host}"))


def _probe(function: Callable[[], Section]) -> Section:
    try:
        return function()
    except Exception as error:  # a diagnosis reports failures, never raises them
        return {"error": f"{type(error).__name__}: {error}"}


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    root = Path(settings.BASE_DIR)
    if not (root / ".git").exists() or shutil.which("git") is None:
        return "unknown"
    done = subprocess.run(  # noqa: S603 - git with fixed arguments
        ["git", "-C", str(root), "describe", "--always", "--dirty"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def product() -> Section:
    return {
        "commit": _commit(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": {package: _version(package) for package in PACKAGES},
        "settings_module": os.environ.get("DJANGO_SETTINGS_MODULE", ""),
    }


def security() -> Section:
    key = str(settings.SECRET_KEY)
    return {
        "debug": settings.DEBUG,
        "secret_key": (
            "development default (not for production)"
            if key.startswith("django-insecure")
            else f"set, {len(key)} characters"
        ),
        "allowed_hosts": settings.ALLOWED_HOSTS,
        "csrf_trusted_origins": settings.CSRF_TRUSTED_ORIGINS,
        "https": settings.HTTPS,
        "ssl_redirect": settings.SECURE_SSL_REDIRECT,
        "hsts_seconds": settings.SECURE_HSTS_SECONDS,
        "behind_proxy": getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None,
        "two_factor_roles": sorted(settings.TWO_FACTOR_ROLES),
        "time_zone": settings.TIME_ZONE,
        "language": settings.LANGUAGE_CODE,
    }


def database() -> Section:
    connection = connections[DEFAULT_DB_ALIAS]
    config = connection.settings_dict
    section: Section = {
        "engine": config["ENGINE"],
        "name": str(config["NAME"]),
        "host": config.get("HOST") or "",
        "port": config.get("PORT") or "",
        "user": config.get("USER") or "",
        "password": MASK if config.get("PASSWORD") else "",
        "conn_max_age": config.get("CONN_MAX_AGE"),
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version(), pg_database_size(current_database())")
            version, size = cursor.fetchone()
        else:
            cursor.execute("SELECT sqlite_version()")
            version = "SQLite " + cursor.fetchone()[0]
            path = Path(str(config["NAME"]))
            size = path.stat().st_size if path.exists() else 0
    executor = MigrationExecutor(connection)
    section["server"] = version
    section["size_bytes"] = size
    section["unapplied_migrations"] = len(
        executor.migration_plan(executor.loader.graph.leaf_nodes())
    )
    return section


def task_queue() -> Section:
    section: Section = {"backend": settings.TASKS_BACKEND}
    if section["backend"].startswith("django_tasks_rq"):
        section["redis"] = mask_url(settings.REDIS_URL)
    section.update(_probe(lambda: queue_state().as_dict()))
    return section


def cache_section() -> Section:
    config = settings.CACHES["default"]
    section: Section = {
        "backend": config["BACKEND"],
        "location": mask_url(str(config.get("LOCATION", ""))),
    }

    def roundtrip() -> Section:
        cache.set("operations:diagnose", "ok", 10)
        return {"roundtrip": cache.get("operations:diagnose") == "ok"}

    section.update(_probe(roundtrip))
    return section


def _folder(path: Path) -> Section:
    section: Section = {"path": str(path), "exists": path.is_dir()}
    if path.is_dir():
        usage = shutil.disk_usage(path)
        section["writable"] = os.access(path, os.W_OK)
        section["disk_free_bytes"] = usage.free
        section["disk_free_share"] = round(usage.free / usage.total, 3)
    return section


def storage() -> Section:
    static_root = Path(settings.STATIC_ROOT)
    return {
        "media": _folder(Path(settings.MEDIA_ROOT)),
        "static": {
            **_folder(static_root),
            "manifest": (static_root / "staticfiles.json").is_file(),
        },
        "var": _folder(Path(settings.VAR_DIR)),
        "max_upload_bytes": settings.GRANTS_MAX_UPLOAD_BYTES,
    }


def mail() -> Section:
    return {
        "backend": settings.EMAIL_BACKEND,
        "host": settings.EMAIL_HOST,
        "port": settings.EMAIL_PORT,
        "user": getattr(settings, "EMAIL_HOST_USER", ""),
        "password": MASK if getattr(settings, "EMAIL_HOST_PASSWORD", "") else "",
        "from": settings.DEFAULT_FROM_EMAIL,
    }


def backups() -> Section:
    directory = backup_dir()
    found = archives(directory) if directory.is_dir() else []
    section: Section = {
        "dir": str(directory),
        "keep": settings.BACKUP_KEEP,
        "count": len(found),
    }
    if found:
        latest = found[-1]
        modified = datetime.fromtimestamp(latest.stat().st_mtime, tz=UTC)
        section["latest"] = latest.name
        section["latest_age_hours"] = round(
            (datetime.now(UTC) - modified).total_seconds() / 3600, 1
        )
    return section


def logging_section() -> Section:
    return {
        "format": settings.LOG_FORMAT,
        "level": logging.getLevelName(logging.getLogger().level),
    }


SECTIONS: dict[str, Callable[[], Section]] = {
    "product": product,
    "security": security,
    "database": database,
    "queue": task_queue,
    "cache": cache_section,
    "storage": storage,
    "mail": mail,
    "backups": backups,
    "logging": logging_section,
}


def diagnose() -> dict[str, Section]:
    return {name: _probe(section) for name, section in SECTIONS.items()}
