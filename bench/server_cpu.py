"""The CPU time a serving process spends on a page ÷ what it spends on ``/healthz``
(issue 17; target ≤ 4 for the project list, the officer's home page and a project page).

    python bench/server_cpu.py --database postgres://…/gongyi_1k

It starts gunicorn with ``config/gunicorn.py`` and one sync worker (production settings:
DEBUG off, the JSON access log on, no second factor asked) on the database named, logs in
as ``demo_officer`` over loopback, and for each page reads the worker's user + system
CPU time from ``/proc/<pid>/stat`` before and after a run of requests. The database
server's own time is not the worker's and is not counted. The database must hold the
demo (``seed_demo``; ``seed_demo --projects N`` for a larger one).
Figures belong in the closing note, never in assertions.
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
PASSWORD = "gongyi-demo-2026"  # noqa: S105 - the demo accounts' published password
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROJECT_LINK = re.compile(r'href="/grants/projects/(\d+)/"')
# Each run long enough for the 10 ms clock ticks of /proc to be ≤ 1 % of it.
CPU_SECONDS_PER_RUN = 2.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system time of a process, from /proc/<pid>/stat (fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def worker_of(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise SystemExit("gunicorn started no worker")


def start_server(database_url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GONGYI_TWO_FACTOR_ROLES": "",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_MAX_REQUESTS": "0",  # one worker for the whole run
        "GUNICORN_ACCESS_LOG": os.devnull,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def log_in(client: httpx.Client) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            page = client.get("/login/")
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    token = CSRF.search(page.text).group(1)
    done = client.post(
        "/login/",
        data={"username": "demo_officer", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    if done.status_code != 302:
        raise SystemExit(f"the login answered {done.status_code}")


def cpu_per_request(client: httpx.Client, worker: int, url: str) -> float:
    for _ in range(5):  # warm
        if client.get(url).status_code != 200:
            raise SystemExit(f"{url} answered {client.get(url).status_code}")
    count, spent = 0, 0.0
    while spent < CPU_SECONDS_PER_RUN:
        started = cpu_seconds(worker)
        for _ in range(50):
            client.get(url)
        count += 50
        spent += cpu_seconds(worker) - started
    return spent / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="DATABASE_URL of a seeded database")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each page")
    args = parser.parse_args()
    port = free_port()
    server = start_server(args.database, port)
    try:
        worker = worker_of(server.pid)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            log_in(client)
            listed = PROJECT_LINK.search(client.get("/grants/projects/?state=in_progress").text)
            pages = {
                "/healthz": "/healthz",
                "list, first page": "/grants/projects/",
                "list, filtered": "/grants/projects/?state=submitted&sort=-requested",
                "officer home page": "/",
                "project page": f"/grants/projects/{listed.group(1)}/",
            }
            results: dict[str, list[float]] = {label: [] for label in pages}
            for _ in range(args.repeat):  # alternating, so drift touches every page alike
                for label, url in pages.items():
                    results[label].append(cpu_per_request(client, worker, url))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    # The least of the runs: what another process on the machine does only ever adds CPU
    # time (shared caches, a busy sibling core), so the least is the page's own cost.
    healthz = min(results["/healthz"])
    print(f"{'page':<20}{'cpu ms':>9}{'÷ /healthz':>12}")
    for label, runs in results.items():
        least = min(runs)
        print(f"{label:<20}{least * 1000:>9.2f}{least / healthz:>12.1f}")


if __name__ == "__main__":
    main()
