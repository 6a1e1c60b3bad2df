"""Backups and restore, with the database's own tools.

One backup is one tar file, ``gongyi-backup-<UTC time>.tar``, readable by the owner only:

- ``database.pgdump`` (PostgreSQL: ``pg_dump`` custom format) or ``database.sqlite3``
  (SQLite: a copy made with SQLite's online backup API, consistent while the site runs);
- ``media/…``: every uploaded file;
- ``manifest.json``: when, from which database engine, the applied migrations, the
  SHA-256 and size of every file above, and a fingerprint of the data (each table's row
  count, and per money column its sum and a SHA-256 over the values in key order).

On PostgreSQL the fingerprint and the dump read one snapshot (``pg_export_snapshot`` and
``pg_dump --snapshot``), so they agree even while people work. A restore checks every
file against the manifest before touching the database, loads it only into an empty
database (unless forced), puts the files back, and then compares the restored data with
the fingerprint: a restore that does not match says so and fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
PREFIX = "gongyi-backup-"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024

Fingerprint = dict[str, dict[str, Any]]


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the operator."""


# --- the fingerprint of the data ---------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _money_columns() -> dict[str, list[tuple[str, int]]]:
    """db table → its decimal columns with their decimal places, from every model."""
    columns: dict[str, list[tuple[str, int]]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        decimals = [
            (field.column, field.decimal_places or 0)
            for field in meta.concrete_fields
            if isinstance(field, models.DecimalField)
        ]
        if decimals:
            columns[meta.db_table] = decimals
    return columns


def _pk_column(table: str) -> str | None:
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            return str(model._meta.pk.column)
    return None


def fingerprint(connection: BaseDatabaseWrapper) -> Fingerprint:
    """Row count of every table in the database; for each decimal column of a model, the
    sum and a SHA-256 over the values in primary-key order (quantized to the field)."""
    money = _money_columns()
    result: Fingerprint = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - a table name from the database itself
            entry: dict[str, Any] = {"rows": cursor.fetchone()[0]}
            pk = _pk_column(table)
            if table in money and pk is not None:
                names = ", ".join(_quote(column) for column, _ in money[table])
                cursor.execute(
                    f"SELECT {names} FROM {_quote(table)} ORDER BY {_quote(pk)}"  # noqa: S608
                )
                entry["money"] = _money_digest(cursor, money[table])
            result[table] = entry
    return result


def _money_digest(cursor: Any, columns: list[tuple[str, int]]) -> dict[str, dict[str, str]]:
    sums = [Decimal(0)] * len(columns)
    hashes = [hashlib.sha256() for _ in columns]
    exponents = [Decimal(1).scaleb(-places) for _, places in columns]
    while rows := cursor.fetchmany(5000):
        for row in rows:
            for index, value in enumerate(row):
                if value is None:
                    hashes[index].update(b"-;")
                    continue
                exact = Decimal(str(value)).quantize(exponents[index])
                sums[index] += exact
                hashes[index].update(f"{exact};".encode())
    return {
        column: {"sum": str(sums[index]), "sha256": hashes[index].hexdigest()}
        for index, (column, _) in enumerate(columns)
    }


def fingerprint_differences(expected: Fingerprint, actual: Fingerprint) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"table {table} is missing")
        elif table not in expected:
            problems.append(f"table {table} was not in the backup")
        elif expected[table] != actual[table]:
            problems.append(f"table {table}: expected {expected[table]}, found {actual[table]}")
    return problems


# --- files ------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR)


def archives(directory: Path) -> list[Path]:
    """The backups in a directory, oldest first (their names sort by time)."""
    return sorted(directory.glob(f"{PREFIX}*.tar"))


def prune(directory: Path, keep: int) -> list[Path]:
    """Removes all but the newest ``keep`` backups; returns what it removed."""
    old = archives(directory)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


# --- making a backup --------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    removed: list[Path]


def _applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """Read with plain SQL: the connection may be one the ORM does not know."""
    applied: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            applied.setdefault(app, []).append(name)
    return applied


def other_connection(alias: str, **overrides: Any) -> BaseDatabaseWrapper:
    """A connection of its own, with the default's settings (and any overrides), so a
    backup's snapshot transaction never mixes with the caller's."""
    default = connections[DEFAULT_DB_ALIAS]
    wrapper: BaseDatabaseWrapper = type(default)({**default.settings_dict, **overrides}, alias)
    return wrapper


def postgres_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for pg_dump and pg_restore: the password never on a command line."""
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    sslmode = settings_dict.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        environment["PGSSLMODE"] = str(sslmode)
    return environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _dump_postgres(target: Path) -> tuple[Fingerprint, dict[str, list[str]]]:
    connection = other_connection("operations_backup")
    try:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            dump = subprocess.Popen(  # noqa: S603 - pg_dump with fixed arguments
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                env=postgres_environment(connection.settings_dict),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                data = fingerprint(connection)
                migrations = _applied_migrations(connection)
            finally:
                _, errors = dump.communicate()
            cursor.execute("COMMIT")
    finally:
        connection.close()
    if dump.returncode != 0:
        raise BackupError(f"pg_dump failed: {errors.strip()}")
    return data, migrations


def _copy_sqlite(target: Path) -> tuple[Fingerprint, dict[str, list[str]]]:
    _sqlite_backup(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"], target)
    copy = other_connection("operations_backup", NAME=str(target))
    try:
        return fingerprint(copy), _applied_migrations(copy)
    finally:
        copy.close()


def make_backup(*, directory: Path, keep: int) -> BackupResult:
    connection = connections[DEFAULT_DB_ALIAS]
    media_root = Path(settings.MEDIA_ROOT)
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    started = datetime.now(UTC)
    name = f"{PREFIX}{started:%Y%m%dT%H%M%S%fZ}.tar"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".work-") as work:
        if connection.vendor == "postgresql":
            database_name = "database.pgdump"
            data, migrations = _dump_postgres(Path(work) / database_name)
        elif connection.vendor == "sqlite":
            database_name = "database.sqlite3"
            data, migrations = _copy_sqlite(Path(work) / database_name)
        else:
            raise BackupError(f"Cannot back up a {connection.vendor} database.")
        database_file = Path(work) / database_name
        files = {
            database_name: {
                "sha256": sha256_of(database_file),
                "size": database_file.stat().st_size,
            }
        }
        partial = directory / (name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(database_file, arcname=database_name)
            for path in _media_files(media_root):
                arcname = "media/" + path.relative_to(media_root).as_posix()
                files[arcname] = {"sha256": sha256_of(path), "size": path.stat().st_size}
                archive.add(path, arcname=arcname)
            manifest = {
                "format": FORMAT,
                "created_at": started.isoformat(),
                "django": django.get_version(),
                "engine": connection.vendor,
                "database": database_name,
                "migrations": migrations,
                "files": files,
                "fingerprint": data,
            }
            payload = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(started.timestamp())
            info.mode = 0o600
            archive.addfile(info, _Reader(payload))
        partial.chmod(0o600)
        final = directory / name
        partial.rename(final)
    return BackupResult(final, manifest, prune(directory, keep))


class _Reader:
    """A file-like object over bytes, for tarfile.addfile."""

    def __init__(self, payload: bytes) -> None:
        self._payload = payload
        self._offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._payload) if size < 0 else self._offset + size
        chunk = self._payload[self._offset : end]
        self._offset += len(chunk)
        return chunk


# --- restoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    rows: int
    files: int
    migrations_to_apply: int


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError as error:
        raise BackupError("This file is not a backup of this product: no manifest.") from error
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError("The manifest cannot be read.")
    manifest: dict[str, Any] = json.loads(handle.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _extract_checked(archive: tarfile.TarFile, manifest: dict[str, Any], work: Path) -> None:
    """Every file of the manifest, and nothing else, checked against its SHA-256."""
    expected = manifest["files"]
    seen = set()
    for member in archive.getmembers():
        if member.name == MANIFEST:
            continue
        if member.name not in expected or not member.isfile() or not _safe_name(member.name):
            raise BackupError(f"Unexpected entry in the backup: {member.name!r}.")
        # Written by hand, not extract(): the name is checked above, and Debian 12's
        # Python 3.11.2 has no extraction filters.
        target = work / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = archive.extractfile(member)
        if source is None:
            raise BackupError(f"{member.name} cannot be read.")
        with source, target.open("wb") as written:
            shutil.copyfileobj(source, written, CHUNK)
        if sha256_of(work / member.name) != expected[member.name]["sha256"]:
            raise BackupError(f"{member.name} does not match its checksum: the backup is damaged.")
        seen.add(member.name)
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"The backup lacks {len(missing)} files, e.g. {sorted(missing)[0]}.")


def database_is_empty(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _media_conflicts(manifest: dict[str, Any], root: Path) -> list[str]:
    """Uploaded files already in place with other content than the backup's. The same file
    already there is no conflict (restoring the database of a server whose files survived)."""
    conflicts = []
    for name, entry in manifest["files"].items():
        if not name.startswith("media/"):
            continue
        target = root / name.removeprefix("media/")
        if target.exists() and sha256_of(target) != entry["sha256"]:
            conflicts.append(name.removeprefix("media/"))
    return sorted(conflicts)


def _restore_postgres(dump: Path, *, force: bool) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    command = [
        _tool("pg_restore"),
        "--exit-on-error",
        "--single-transaction",
        "--no-owner",
        "--no-privileges",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    if force:
        command += ["--clean", "--if-exists"]
    environment = postgres_environment(connection.settings_dict)
    connection.close()
    done = subprocess.run(  # noqa: S603 - pg_restore with fixed arguments
        [*command, str(dump)], env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")


def _restore_sqlite(copy: Path) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    _sqlite_backup(copy, target)


def _sqlite_backup(source_path: str | Path, target: Path) -> None:
    """SQLite's online backup of one database file into another, page by page."""
    source = sqlite3.connect(source_path)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _migrations_to_apply(manifest: dict[str, Any]) -> int:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    restored = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(restored - known)
    if unknown:
        raise BackupError(
            "The backup holds migrations this version of the product does not have "
            f"(e.g. {unknown[0][0]}.{unknown[0][1]}): restore it with the version that made it."
        )
    return len(known - restored)


def restore(archive_path: Path, *, force: bool) -> RestoreResult:
    connection = connections[DEFAULT_DB_ALIAS]
    media_root = Path(settings.MEDIA_ROOT)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} does not exist.")
    with tarfile.open(archive_path, "r") as archive:
        manifest = read_manifest(archive)
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"This is a {manifest['engine']} backup; the configured database is "
                f"{connection.vendor}. Point DATABASE_URL at a {manifest['engine']} database."
            )
        to_apply = _migrations_to_apply(manifest)
        with tempfile.TemporaryDirectory(prefix="gongyi-restore-") as work_dir:
            work = Path(work_dir)
            _extract_checked(archive, manifest, work)
            if not force and not database_is_empty(connection):
                raise BackupError(
                    "The database is not empty. Restore into a new, empty database, or add "
                    "--force to replace what it holds."
                )
            conflicts = [] if force else _media_conflicts(manifest, media_root)
            if conflicts:
                raise BackupError(
                    f"{len(conflicts)} files in {media_root} differ from the backup's (e.g. "
                    f"{conflicts[0]}). Restore into an empty folder, or add --force to overwrite."
                )
            database_file = work / manifest["database"]
            if connection.vendor == "postgresql":
                _restore_postgres(database_file, force=force)
            else:
                _restore_sqlite(database_file)
            restored_files = 0
            media_source = work / "media"
            for path in _media_files(media_source):
                target = media_root / path.relative_to(media_source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                restored_files += 1
    connection.close()
    found = fingerprint(connection)
    problems = fingerprint_differences(manifest["fingerprint"], found)
    if problems:
        raise BackupError("The restored data differ from the backup: " + "; ".join(problems[:5]))
    return RestoreResult(
        manifest=manifest,
        tables=len(found),
        rows=sum(entry["rows"] for entry in found.values()),
        files=restored_files,
        migrations_to_apply=to_apply,
    )
