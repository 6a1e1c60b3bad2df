"""The pages at a province's scale, as ratios measured side by side in one run (issue 17).

    python bench/scale.py --small postgres://…/gongyi_1k --large postgres://…/gongyi_1m

Each database must hold the demo (``seed_demo``) and its bulk projects
(``seed_demo --projects N``; ``--communities N`` for the compliance bench). The script
measures each page on both, each in a fresh process of its own (same code, same settings),
alternately, and prints for each page: the queries on each side (they must be equal), the
median time on each side and the ratio large ÷ small (target ≤ 1.5). The CPU time a
serving process spends on a page ÷ on ``/healthz`` is bench/server_cpu.py's: a gunicorn
worker's, read from /proc, not this script's (its test client does work no server does).
Figures belong in the closing note, never in assertions.
"""

import json
import statistics
import sys
import time
from pathlib import Path

import _sides

HERE = Path(__file__).resolve().parent
ROUNDS = 15


def measure() -> None:
    sys.path.insert(0, str(HERE))
    import _setup  # noqa: F401
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from grants.models import Project, ProjectState

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        import grants.keyset  # noqa: F401

        last = "/grants/projects/?page=last"
    except ImportError:  # the code before keyset pages: the last page by number
        last = f"/grants/projects/?page={(Project.objects.count() + 24) // 25}"
    detail = Project.objects.filter(state=ProjectState.IN_PROGRESS).order_by("pk").first()
    pages = {
        "list, first page": "/grants/projects/",
        "list, filtered": "/grants/projects/?state=submitted&sort=-requested",
        "list, last page": last,
        "officer home page": "/",
        "project page": f"/grants/projects/{detail.pk}/",
    }
    client = Client()
    client.force_login(User.objects.get(username="demo_officer"))
    results = {}
    for label, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        count = len(queries)
        for _ in range(3):
            client.get(url)  # warm
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
        results[label] = {"queries": count, "seconds": statistics.median(timings)}
    results["projects"] = Project.objects.count()
    print(json.dumps(results))


def main() -> None:
    args = _sides.arguments(__doc__.splitlines()[0], "1,000 projects")
    if args.measure:
        measure()
        return
    runs = _sides.side_by_side(__file__, args)
    small, large = runs["small"][0], runs["large"][0]
    print(f"projects: {small['projects']:,} (small) and {large['projects']:,} (large)")
    print(f"{'page':<20}{'queries':>10}{'small ms':>10}{'large ms':>10}{'ratio':>7}")

    def median_of(side: str, label: str, key: str) -> float:
        return statistics.median(result[label][key] for result in runs[side])

    for label in small:
        if label == "projects":
            continue
        s, m = median_of("small", label, "seconds"), median_of("large", label, "seconds")
        queries = f"{small[label]['queries']}/{large[label]['queries']}"
        print(f"{label:<20}{queries:>10}{s * 1000:>10.1f}{m * 1000:>10.1f}{m / s:>7.2f}")


if __name__ == "__main__":
    main()
