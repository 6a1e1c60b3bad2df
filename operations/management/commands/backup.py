from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backups import BackupError, backup_dir, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or SQLite's online backup) and the "
        "uploaded files into one tar file with a manifest of checksums; keep the newest N."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir", type=Path, default=None, help="where backups go (GONGYI_BACKUP_DIR)"
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="how many backups to keep, oldest removed first (GONGYI_BACKUP_KEEP)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["dir"] or backup_dir()
        keep = settings.BACKUP_KEEP if options["keep"] is None else options["keep"]
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        try:
            result = make_backup(directory=directory, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        data = result.manifest["fingerprint"]
        self.stdout.write(
            f"{result.path} ({result.path.stat().st_size:,} bytes): "
            f"{len(data)} tables, {sum(t['rows'] for t in data.values()):,} rows, "
            f"{len(result.manifest['files']) - 1} uploaded files"
        )
        for path in result.removed:
            self.stdout.write(f"removed {path} (keeping the newest {keep})")
