"""The 100,000-project ledger: our export from the database against openpyxl write-only
writing the same rows from memory. Target: time ratio ≤ 1.5, our peak memory ≤ 300 MB.

    DATABASE_URL=postgres://…/gongyi_bench python bench/ledger_export.py --projects 100000

Each side runs in a fresh process, so its peak resident memory is its own.
"""

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(side: str) -> None:
    sys.path.insert(0, str(HERE))
    import _setup  # noqa: F401
    from django.http import QueryDict
    from openpyxl import Workbook

    from accounts.models import User
    from reports import builders, ledgers

    officer = User.objects.get(username="demo_officer")
    if side == "ours":
        started = time.perf_counter()
        output, _name = builders.project_ledger_file(officer, QueryDict(""))
        output.close()
    else:
        projects = builders.filtered_projects(officer, QueryDict(""))
        rows = list(ledgers.project_ledger(projects)[0].rows)  # in memory before the clock
        started = time.perf_counter()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("ledger")
        for row in rows:
            sheet.append(
                [str(v) if v is not None and not isinstance(v, (int, float)) else v for v in row]
            )
        workbook.save("/dev/null")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{side} {seconds:.2f} {peak_mb:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--measure", choices=["ours", "baseline"])
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
    results = {}
    for side in ("baseline", "ours"):
        out = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--measure", side],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        results[side] = (float(out[1]), float(out[2]))
    ours, baseline = results["ours"], results["baseline"]
    print(f"projects: {Project.objects.count()}")
    print(f"baseline (openpyxl write-only from memory): {baseline[0]:.2f} s")
    print(f"ours (database → styled workbook):          {ours[0]:.2f} s, peak {ours[1]:.0f} MB")
    print(f"time ratio: {ours[0] / baseline[0]:.2f} (target ≤ 1.5); peak memory target ≤ 300 MB")


if __name__ == "__main__":
    main()
