"""The pages an officer reads, at a district's scale and at a province's (issue 17).

    python bench/province_pages.py --small postgres://…/gongyi_1k --large postgres://…/gongyi_20k

The small database holds the demo (``seed_demo``, 19 communities); the large one the demo
and ``seed_demo --communities 20000``: 20,000 communities, each with a plan, a registry
and a running project. Each side runs in a fresh process, alternately; the script prints
per page the size of the HTML and the median time on each side, and large ÷ small. The
list pages stay flat; the compliance page and the delivery figures judge every community
or running project they cover, so they grow with it (issue 17 says how far).
Figures belong in the closing note, never in assertions.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUNDS = 5
PAGES = {
    "project list": "/grants/projects/",
    "home page": "/",
    "delivery overview": "/grants/delivery/",
    "compliance page": "/community/compliance/",
    "compliance, failing": "/community/compliance/?breaking=on",
}


def measure() -> None:
    sys.path.insert(0, str(HERE))
    import _setup  # noqa: F401
    from django.test import Client

    from accounts.models import Community, User

    client = Client()
    client.force_login(User.objects.get(username="demo_officer"))
    results: dict = {"communities": Community.objects.count()}
    for label, url in PAGES.items():
        response = client.get(url)  # warm
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
        results[label] = {"seconds": statistics.median(timings), "kb": len(response.content) / 1024}
    print(json.dumps(results))


def run(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    out = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--measure"], env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", help="DATABASE_URL of the demo database")
    parser.add_argument("--large", help="DATABASE_URL of the province-sized database")
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs per side")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure()
        return
    runs: dict[str, list[dict]] = {"small": [], "large": []}
    for _ in range(args.repeat):
        runs["small"].append(run(args.small))
        runs["large"].append(run(args.large))
    small, large = runs["small"][0], runs["large"][0]
    print(f"communities: {small['communities']:,} (small) and {large['communities']:,} (large)")
    print(f"{'page':<22}{'small KB':>9}{'large KB':>9}{'small ms':>10}{'large ms':>10}{'ratio':>8}")
    for label in PAGES:
        s = statistics.median(r[label]["seconds"] for r in runs["small"])
        m = statistics.median(r[label]["seconds"] for r in runs["large"])
        print(
            f"{label:<22}{small[label]['kb']:>9.0f}{large[label]['kb']:>9.0f}"
            f"{s * 1000:>10.1f}{m * 1000:>10.1f}{m / s:>8.1f}"
        )


if __name__ == "__main__":
    main()
