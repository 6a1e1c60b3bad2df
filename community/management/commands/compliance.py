"""``python manage.py compliance --year 2026 [--format table|json]``

Prints both community rules per community for monitoring and exits 1 when any community
breaks a rule (or has no plan or registry for the year).
"""

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Community
from community.compliance import compliance_for
from grants.refusals import Refused


class Command(BaseCommand):
    help = "Show each community's service-fund and service-space compliance for a year."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, year: int, format: str, **options) -> None:
        try:
            rows = compliance_for(Community.objects.all(), year)
        except Refused as refused:
            raise CommandError(refused.problems[0]) from refused
        if format == "json":
            self.stdout.write(
                json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2)
            )
        else:
            self._table(rows)
        failing = [row for row in rows if not row.passes]
        if failing:
            self.stderr.write(f"{len(failing)} of {len(rows)} communities break a rule in {year}.")
            raise SystemExit(1)

    def _table(self, rows) -> None:
        columns = [
            ("street", 12),
            ("community", 14),
            ("project_share", 14),
            ("R1", 5),
            ("total_area", 11),
            ("designated_share", 17),
            ("home_care_share", 16),
            ("open_share", 11),
            ("R2", 4),
        ]
        self.stdout.write("".join(_pad(name, width) for name, width in columns))
        for row in rows:
            data = row.as_json()
            data["R1"] = "ok" if row.fund_passes else "FAIL"
            data["R2"] = "ok" if row.space_passes else "FAIL"
            self.stdout.write("".join(_pad(data[name], width) for name, width in columns))


def _pad(value, width: int) -> str:
    """Left-align in a terminal where Chinese characters take two columns."""
    text = "—" if value is None else str(value)
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - used)
