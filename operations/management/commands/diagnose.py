import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from operations.diagnosis import diagnose


class Command(BaseCommand):
    help = (
        "Print what a support engineer needs to know about this installation (versions, "
        "security settings, database, queue, cache, storage, mail, backups), secrets masked."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        report = diagnose()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str))
            return
        for name, section in report.items():
            self.stdout.write(self.style.MIGRATE_HEADING(f"[{name}]"))
            self._write(section, indent=2)

    def _write(self, section: dict[str, Any], indent: int) -> None:
        for key, value in section.items():
            if isinstance(value, dict):
                self.stdout.write(f"{' ' * indent}{key}:")
                self._write(value, indent + 2)
            else:
                shown = ", ".join(map(str, value)) if isinstance(value, list) else value
                line = f"{' ' * indent}{key}: {shown}"
                self.stdout.write(self.style.ERROR(line) if key == "error" else line)
