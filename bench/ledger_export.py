"""The 100,000-project ledger: our export from the database against xlsxwriter in
``constant_memory`` mode writing the same rows, with the same formats, from memory.
Target (issue 17): time ratio ≤ 1.2, our peak memory ≤ 150 MB.

    DATABASE_URL=postgres://…/gongyi_bench python bench/ledger_export.py --projects 100000

Each side runs in a fresh process, so its peak resident memory is its own; the sides
alternate ``--repeat`` times and the medians are compared. ``--writer`` also times the
ledger written by openpyxl's write-only mode (lxml installed) from the same rows in
memory, the other writer the issue names.
"""

import argparse
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rows_in_memory():
    from django.http import QueryDict

    from accounts.models import User
    from reports import builders, ledgers

    officer = User.objects.get(username="demo_officer")
    projects = builders.filtered_projects(officer, QueryDict(""))
    sheet = ledgers.project_ledger(projects)[0]
    return sheet, list(sheet.rows)


def _xlsxwriter_from_memory(sheet, rows) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        "/dev/null", {"constant_memory": True, "strings_to_numbers": False}
    )
    kinds = {"money": "#,##0.00", "score": "0.00", "percent": "0.00%", "date": "yyyy-mm-dd"}
    formats = [
        workbook.add_format({"num_format": kinds[c.kind]}) if c.kind in kinds else None
        for c in sheet.columns
    ]
    header = workbook.add_format({"bold": True, "bg_color": "#E8F1F8", "text_wrap": True})
    out = workbook.add_worksheet("ledger")
    for index, column in enumerate(sheet.columns):
        out.set_column(index, index, column.width)
    out.freeze_panes(1, 0)
    for index, column in enumerate(sheet.columns):
        out.write_string(0, index, column.header, header)
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime):
                out.write_datetime(number, index, value.replace(tzinfo=None), formats[index])
            elif isinstance(value, date):
                out.write_datetime(number, index, value, formats[index])
            elif isinstance(value, (int, float, Decimal)):
                out.write_number(number, index, value, formats[index])
            else:
                out.write_string(number, index, value)
    out.autofilter(0, 0, len(rows), len(sheet.columns) - 1)
    workbook.close()


def _openpyxl_from_memory(sheet, rows) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    out = workbook.create_sheet("ledger")
    for row in rows:
        out.append(
            [
                str(v) if v is not None and not isinstance(v, (int, float, Decimal)) else v
                for v in row
            ]
        )
    workbook.save("/dev/null")


def measure(side: str) -> None:
    sys.path.insert(0, str(HERE))
    import _setup  # noqa: F401
    from django.http import QueryDict

    from accounts.models import User
    from reports import builders

    if side == "ours":
        officer = User.objects.get(username="demo_officer")
        started = time.perf_counter()
        output, _name = builders.project_ledger_file(officer, QueryDict(""))
        output.close()
    else:
        sheet, rows = _rows_in_memory()  # read before the clock starts
        started = time.perf_counter()
        if side == "xlsxwriter":
            _xlsxwriter_from_memory(sheet, rows)
        else:
            _openpyxl_from_memory(sheet, rows)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{side} {seconds:.3f} {peak_mb:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--writer", action="store_true", help="also time openpyxl from memory")
    parser.add_argument("--measure", choices=["ours", "xlsxwriter", "openpyxl"])
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    sys.path.insert(0, str(HERE))
    import io

    import _setup  # noqa: F401
    from django.core.management import call_command

    from grants.models import Project

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    missing = args.projects - Project.objects.count()
    if missing > 0:
        call_command("seed_demo", projects=missing, stdout=io.StringIO())
    sides = ["xlsxwriter", "ours"] + (["openpyxl"] if args.writer else [])
    results: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
    for _ in range(args.repeat):
        for side in sides:
            out = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--measure", side],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            results[side].append((float(out[1]), float(out[2])))
    seconds = {side: statistics.median(t for t, _ in runs) for side, runs in results.items()}
    peak = {side: max(m for _, m in runs) for side, runs in results.items()}
    print(f"projects: {Project.objects.count()}")
    print(f"baseline (xlsxwriter constant_memory from memory): {seconds['xlsxwriter']:.2f} s")
    if args.writer:
        print(f"openpyxl write-only from memory:                   {seconds['openpyxl']:.2f} s")
    print(
        f"ours (database → styled workbook):                 {seconds['ours']:.2f} s, "
        f"peak {peak['ours']:.0f} MB"
    )
    ratio = seconds["ours"] / seconds["xlsxwriter"]
    print(f"time ratio: {ratio:.2f} (target ≤ 1.2); peak memory target ≤ 150 MB")


if __name__ == "__main__":
    main()
