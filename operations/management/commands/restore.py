from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured, empty database and media "
        "folder; checks every checksum first and the restored data against the manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="a gongyi-backup-….tar file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace what a non-empty database and media folder hold",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["archive"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {result.manifest['created_at']}: {result.tables} tables, "
            f"{result.rows:,} rows and {result.files} files, all matching the manifest."
        )
        if result.migrations_to_apply:
            self.stdout.write(
                f"This version has {result.migrations_to_apply} newer migrations: "
                "run `python manage.py migrate` before starting the site."
            )
