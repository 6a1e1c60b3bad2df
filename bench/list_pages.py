"""Query count and time of the project list at growing sizes.

    DATABASE_URL=postgres://…/gongyi_bench python bench/list_pages.py --sizes 1000 100000

Run it against a database of its own: it migrates, loads the demo data and adds bulk
projects (``seed_demo --projects``) until each size is reached. For each size it requests
the officer's project list (first page, a filtered page, the last page) through Django's
test client and prints the number of queries and the median time of five requests.
Figures belong in the session note, not in assertions.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
# The benches measure pages, not the second login factor.
os.environ.setdefault("GONGYI_TWO_FACTOR_ROLES", "")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from grants.models import Project  # noqa: E402

# Keep one connection across requests, as the test runner does.
request_started.disconnect(close_old_connections)
request_finished.disconnect(close_old_connections)


def measure(client: Client, url: str, repeat: int = 5) -> tuple[int, float]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    count = len(queries)  # now: the log is reset by the requests that follow
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return count, statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as in production
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="demo_officer"))
    print(f"database: {connection.vendor}")
    print(f"{'projects':>9}  {'page':<22}{'queries':>8}{'median ms':>11}")
    for size in sorted(args.sizes):
        missing = size - Project.objects.count()
        if missing > 0:
            started = time.perf_counter()
            call_command("seed_demo", projects=missing, stdout=io.StringIO())
            print(f"  (added {missing} projects in {time.perf_counter() - started:.1f} s)")
        total = Project.objects.count()
        last_page = (total + 24) // 25
        pages = {
            "first page": "/grants/projects/",
            "filtered (submitted)": "/grants/projects/?state=submitted&sort=-requested",
            "last page": f"/grants/projects/?page={last_page}",
        }
        for label, url in pages.items():
            queries, seconds = measure(client, url)
            print(f"{total:>9}  {label:<22}{queries:>8}{seconds * 1000:>11.1f}")


if __name__ == "__main__":
    main()
