"""``seed_demo`` on a fresh database against ``migrate`` on the same database (issue 17).
Target: ratio ≤ 1.5.

    DATABASE_URL=postgres://gongyi:…@127.0.0.1:5432/gongyi python bench/seed.py

Each round creates an empty database beside the one DATABASE_URL names (the role needs
CREATEDB), times ``manage.py migrate`` and then ``manage.py seed_demo`` on it, each a fresh
process as a person would run them, and drops it. Medians of ``--repeat`` rounds.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = "gongyi_bench_seed"


def _admin(url: str):
    parts = urlsplit(url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def _timed(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    scratch = urlunsplit(urlsplit(url)._replace(path=f"/{SCRATCH}"))
    env = {**os.environ, "DATABASE_URL": scratch}
    migrate, seed = [], []
    for _ in range(args.repeat):
        with _admin(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
            admin.execute(f'CREATE DATABASE "{SCRATCH}"')
        migrate.append(_timed(["migrate", "--noinput", "-v0"], env))
        seed.append(_timed(["seed_demo"], env))
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
    m, s = statistics.median(migrate), statistics.median(seed)
    print(f"migrate on a fresh database: {m:.1f} s")
    print(f"seed_demo after it:          {s:.1f} s")
    print(f"ratio: {s / m:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
