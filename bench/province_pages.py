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

import json
import statistics
import sys
import time
from pathlib import Path

import _sides

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


def main() -> None:
    args = _sides.arguments(__doc__.splitlines()[0], "the demo")
    if args.measure:
        measure()
        return
    runs = _sides.side_by_side(__file__, args)
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
