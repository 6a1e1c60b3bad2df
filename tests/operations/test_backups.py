"""A backup restored into a fresh database holds every row and every yuan it held: on
SQLite in `make test`, on PostgreSQL in CI (the same test, on the database DATABASE_URL
names)."""

import io
import os
import subprocess
import sys
import tarfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from grants.models import Project
from operations.backups import archives, fingerprint, other_connection
from tests.factories import ProjectFactory

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    projects = ProjectFactory.create_batch(3)
    Project.objects.filter(pk=projects[0].pk).update(approved_amount=Decimal("88888.88"))
    default_storage.save("attachments/申报书.pdf", ContentFile(b"%PDF-1.4 one"))
    default_storage.save("delivery/1/photo.jpg", ContentFile(b"\xff\xd8 two"))
    return projects


@pytest.fixture
def fresh_database(tmp_path):
    """The DATABASE_URL of a new, empty database of the same engine, and its NAME."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", str(path)
        return
    config = connection.settings_dict
    name = f"{config['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user, password = quote(config["USER"], safe=""), quote(config["PASSWORD"], safe="")
    host, port = config["HOST"] or "127.0.0.1", config["PORT"] or 5432
    yield f"postgres://{user}:{password}@{host}:{port}/{name}", name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_LOG_FORMAT": "text", **env}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_backup_restored_into_a_fresh_database_holds_every_row_and_yuan(
    data, tmp_path, fresh_database
):
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    (archive,) = archives(tmp_path / "backups")
    url, name = fresh_database

    restored = _manage(
        "restore", str(archive), DATABASE_URL=url, DJANGO_MEDIA_ROOT=str(tmp_path / "restored")
    )

    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "all matching the manifest" in restored.stdout
    source = fingerprint(connection)
    target_connection = other_connection("restored", NAME=name)
    try:
        target = fingerprint(target_connection)
    finally:
        target_connection.close()
    assert target == source
    assert target["grants_project"]["rows"] == 3
    money = target["grants_project"]["money"]
    assert money["requested_amount"]["sum"] == "300000.00"
    assert money["approved_amount"]["sum"] == "88888.88"
    assert (tmp_path / "restored/attachments/申报书.pdf").read_bytes() == b"%PDF-1.4 one"
    assert (tmp_path / "restored/delivery/1/photo.jpg").read_bytes() == b"\xff\xd8 two"


def test_restore_refuses_a_database_that_is_not_empty(data, tmp_path):
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    (archive,) = archives(tmp_path / "backups")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))

    assert Project.objects.count() == 3


def test_restore_refuses_a_damaged_backup_before_touching_anything(data, tmp_path):
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    (archive,) = archives(tmp_path / "backups")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "media/attachments/申报书.pdf":
                content = b"%PDF-1.4 forged"
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))

    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), force=True)


def test_backups_beyond_the_count_to_keep_are_removed_oldest_first(data, tmp_path):
    directory = tmp_path / "backups"
    for _ in range(3):
        call_command("backup", dir=directory, keep=2, stdout=io.StringIO())
    kept = archives(directory)
    assert len(kept) == 2
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in kept)


def test_the_backup_manifest_records_each_file_with_its_checksum(data, tmp_path):
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    (archive,) = archives(tmp_path / "backups")
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    database = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert names == {
        "manifest.json",
        database,
        "media/attachments/申报书.pdf",
        "media/delivery/1/photo.jpg",
    }


def test_restore_keeps_the_same_files_but_refuses_to_overwrite_one_that_differs(
    data, tmp_path, settings, fresh_database
):
    call_command("backup", dir=tmp_path / "backups", stdout=io.StringIO())
    (archive,) = archives(tmp_path / "backups")
    (settings.MEDIA_ROOT / "attachments/申报书.pdf").write_bytes(b"%PDF-1.4 changed since")
    url, _ = fresh_database

    refused = _manage(
        "restore", str(archive), DATABASE_URL=url, DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT)
    )

    assert refused.returncode != 0
    assert "1 files in" in refused.stderr
    assert "attachments/申报书.pdf" in refused.stderr
