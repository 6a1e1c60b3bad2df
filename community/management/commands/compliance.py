"""``python manage.py compliance --year 2026 [--format table|json]``

Prints both community rules per community for monitoring and exits 1 when any community
breaks a rule (or has no plan or registry for the year).
"""

import unicodedata
from json.encoder import encode_basestring  # type: ignore[attr-defined]

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Community
from community.compliance import iter_compliance
from community.records import policy_for
from grants.refusals import Refused

BATCH = 500  # rows written at once


class Command(BaseCommand):
    help = "Show each community's service-fund and service-space compliance for a year."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, year: int, format: str, **options) -> None:
        try:
            policy_for(year)
        except Refused as refused:
            raise CommandError(refused.problems[0]) from refused
        # Rows are written as they are judged, a batch at a time: memory stays flat.
        rows = _counted(iter_compliance(Community.objects.all(), year))
        if format == "json":
            self._json(rows)
        else:
            self._table(rows)
        total, failing = rows.total, rows.failing
        if failing:
            self.stderr.write(f"{failing} of {total} communities break a rule in {year}.")
            raise SystemExit(1)

    def _json(self, rows: "_counted") -> None:
        """The same text as ``json.dumps(list_of_rows, ensure_ascii=False, indent=2)``,
        written a batch of rows at a time."""
        row_text = None
        batch: list[str] = []
        opening = "[\n"
        for data in rows:
            if row_text is None:  # the keys are the same in every row: one template
                row_text = "  {\n" + ",\n".join(f"    {_dumps(k)}: %s" for k in data) + "\n  }"
            # Each value through the C encoder (``indent`` would take the slow one).
            batch.append(row_text % tuple(map(_dumps, data.values())))
            if len(batch) == BATCH:
                self.stdout.write(opening + ",\n".join(batch), ending="")
                batch, opening = [], ",\n"
        if batch:
            self.stdout.write(opening + ",\n".join(batch), ending="")
        self.stdout.write("[]" if row_text is None else "\n]")

    def _table(self, rows: "_counted") -> None:
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
        for data in rows:
            data["R1"] = "ok" if data["fund_passes"] else "FAIL"
            data["R2"] = "ok" if data["space_passes"] else "FAIL"
            self.stdout.write("".join(_pad(data[name], width) for name, width in columns))


def _dumps(value: str | bool | None) -> str:
    """``json.dumps(value, ensure_ascii=False)`` for the values a row holds, without
    building an encoder for each."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return encode_basestring(value)


class _counted:
    """Each row's figures (``as_json``) as they pass, counting the rows and those that
    break a rule."""

    def __init__(self, rows) -> None:
        self.rows, self.total, self.failing = rows, 0, 0

    def __iter__(self):
        for row in self.rows:
            data = row.as_json()
            self.total += 1
            self.failing += not (data["fund_passes"] and data["space_passes"])
            yield data


def _pad(value, width: int) -> str:
    """Left-align in a terminal where Chinese characters take two columns."""
    text = "—" if value is None else str(value)
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - used)
