"""Two databases measured side by side: each run is a fresh process of the calling script
(same code, same settings) with ``--measure``, on one database and then the other, so any
drift of the machine touches both alike. The measuring process prints one JSON line."""

import argparse
import json
import os
import subprocess
import sys


def arguments(description: str, small: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--small", help=f"DATABASE_URL of the small database ({small})")
    parser.add_argument("--large", help="DATABASE_URL of the large database")
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs per side")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def measured(script: str, database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    out = subprocess.run(  # noqa: S603 - the calling script, fixed arguments
        [sys.executable, script, "--measure"], env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def side_by_side(script: str, args: argparse.Namespace) -> dict[str, list[dict]]:
    runs: dict[str, list[dict]] = {"small": [], "large": []}
    for _ in range(args.repeat):
        runs["small"].append(measured(script, args.small))
        runs["large"].append(measured(script, args.large))
    return runs
