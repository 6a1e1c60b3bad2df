"""``manage.py compliance --format json`` for every community against one SQL GROUP BY
computing the same verdicts (issue 17). Target: time ratio ≤ 2, our peak memory ≤ 200 MB.

    DATABASE_URL=postgres://…/gongyi_20k python bench/compliance.py --communities 20000

The database gets the demo and ``seed_demo --communities N`` until it holds N bulk
communities. Each side runs in a fresh process (its peak resident memory is its own),
alternately ``--repeat`` times; both print which communities pass each rule, and the
script stops if they differ: the baseline is only a baseline if its verdicts are ours.
"""

import argparse
import contextlib
import hashlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# R1 and R2 in one statement: what each allocation counts (a stopped project's share
# delivered, paid ÷ grant, down to the fen: DIV is exact integer division), summed per
# plan, rooms summed per registry, the shares compared with the policy's minimums.
BASELINE = """
WITH policy AS (
    SELECT * FROM community_policy WHERE effective_year <= %(year)s
    ORDER BY effective_year DESC LIMIT 1
), funds AS (
    SELECT p.community_id, p.fund_amount AS fund,
        COALESCE(SUM(CASE
            WHEN a.use <> 'project_based' THEN 0
            WHEN pr.state = ANY(%(stopped)s) THEN
                CASE WHEN COALESCE(pr.approved_amount, pr.requested_amount) <= 0 THEN 0
                ELSE LEAST(a.amount, DIV(a.amount * pr.paid_amount * 100,
                                         COALESCE(pr.approved_amount, pr.requested_amount)) / 100)
                END
            ELSE a.amount END), 0) AS project_based
    FROM community_fundplan p
    LEFT JOIN community_allocation a ON a.plan_id = p.id
    LEFT JOIN grants_project pr ON pr.id = a.project_id
    WHERE p.year = %(year)s
    GROUP BY p.id
), spaces AS (
    SELECT r.community_id,
        COALESCE(SUM(m.area), 0) AS total,
        COALESCE(SUM(m.area) FILTER (WHERE m.use = ANY(%(designated)s)), 0) AS designated,
        COALESCE(SUM(m.area) FILTER (WHERE m.use = 'home_care'), 0) AS home_care,
        COALESCE(SUM(m.area) FILTER (WHERE m.open_to_organisations), 0) AS open_area
    FROM community_spaceregistry r LEFT JOIN community_room m ON m.registry_id = r.id
    WHERE r.year = %(year)s
    GROUP BY r.id
)
SELECT s.name, c.name, f.fund, f.project_based,
    COALESCE(f.fund > 0 AND f.project_based * 100 >= policy.project_share_min * f.fund, FALSE),
    sp.total, sp.designated, sp.home_care, sp.open_area,
    COALESCE(sp.total > 0
        AND sp.designated * 100 >= policy.designated_space_min * sp.total
        AND sp.home_care * 100 >= policy.home_care_space_min * sp.total
        AND sp.open_area * 100 >= policy.open_space_min * sp.total, FALSE)
FROM accounts_community c
JOIN accounts_street s ON s.id = c.street_id
CROSS JOIN policy
LEFT JOIN funds f ON f.community_id = c.id
LEFT JOIN spaces sp ON sp.community_id = c.id
ORDER BY s.name, c.name
"""


def digest(verdicts: list) -> str:
    return hashlib.sha256(json.dumps(verdicts, ensure_ascii=False).encode()).hexdigest()[:16]


def measure(side: str, year: int) -> None:
    sys.path.insert(0, str(HERE))
    import _setup  # noqa: F401
    from django.core.management import call_command
    from django.db import connection

    from community.models import DESIGNATED_USES
    from community.policy import STOPPED_STATES

    if side == "ours":
        with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
            started = time.perf_counter()
            with contextlib.suppress(SystemExit):  # exit 1: some community breaks a rule
                call_command(
                    "compliance", year=year, format="json", stdout=out, stderr=io.StringIO()
                )
            seconds = time.perf_counter() - started
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            out.seek(0)
            rows = json.load(out)
        verdicts = [
            [r["street"], r["community"], r["fund_passes"], r["space_passes"]] for r in rows
        ]
        print(json.dumps({"seconds": seconds, "peak": peak_mb, "verdicts": digest(verdicts)}))
        return
    else:
        sink = io.StringIO()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                BASELINE,
                {
                    "year": year,
                    "stopped": sorted(STOPPED_STATES),
                    "designated": sorted(DESIGNATED_USES),
                },
            )
            verdicts = []
            for row in cursor:
                sink.write(json.dumps([str(v) for v in row], ensure_ascii=False))
                verdicts.append([row[0], row[1], row[4], row[9]])
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak": peak_mb, "verdicts": digest(verdicts)}))


def run(side: str, year: int) -> dict:
    out = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--measure", side, "--year", str(year)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int)
    parser.add_argument("--measure", choices=["ours", "baseline"])
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.year)
        return
    sys.path.insert(0, str(HERE))
    import _setup  # noqa: F401
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Community
    from community.demo_bulk import PREFIX

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    missing = args.communities - Community.objects.filter(name__startswith=PREFIX).count()
    if missing > 0:
        call_command("seed_demo", communities=missing, stdout=io.StringIO())
    year = args.year or timezone.localdate().year
    runs: dict[str, list[dict]] = {"baseline": [], "ours": []}
    for _ in range(args.repeat):
        for side in runs:
            runs[side].append(run(side, year))
    if len({r["verdicts"] for side in runs.values() for r in side}) != 1:
        raise SystemExit("the baseline's verdicts differ from ours: fix the baseline first")
    seconds = {side: statistics.median(r["seconds"] for r in done) for side, done in runs.items()}
    peak = max(r["peak"] for r in runs["ours"])
    print(f"communities: {Community.objects.count():,}")
    print(f"baseline (one SQL GROUP BY, same verdicts): {seconds['baseline']:.2f} s")
    print(
        f"ours (compliance --format json):            {seconds['ours']:.2f} s, peak {peak:.0f} MB"
    )
    print(f"time ratio: {seconds['ours'] / seconds['baseline']:.2f} (target ≤ 2; peak ≤ 200 MB)")


if __name__ == "__main__":
    main()
