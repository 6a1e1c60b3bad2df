"""A bounded load test of a running server (`make serve`), over loopback only.

    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --users 20 --duration 60

N virtual users (asyncio, httpx) log in as the demo accounts (`seed_demo`: the officer,
finance, street and community staff, the applicants and the experts, round-robin; several
users may share an account, each with a session of its own) and then, until the time or
the request budget runs out, read the home page, the project list (plain and filtered)
and project pages, and write: applicants save their drafts (the edit form posted back as
the page gave it) and experts save their score sheets (the form posted with "save").
Closed loop without think time: it measures what the server sustains, not a day's
traffic. It prints, per kind of request, the count, errors and p50/p95/p99 in ms, and
the throughput; `--json FILE` keeps the figures.

The server is assumed to run with production settings behind nginx: requests say
`X-Forwarded-Proto: https` (the server needs DJANGO_BEHIND_PROXY=1), so its secure
cookies are kept by hand. It must not ask for a second factor
(GONGYI_TWO_FACTOR_ROLES empty): the load test measures pages, not the login.
"""

import argparse
import asyncio
import ipaddress
import json
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx

PASSWORD = "gongyi-demo-2026"  # noqa: S105 - the demo accounts' published password
ACCOUNTS = (
    ["demo_officer", "demo_finance", "demo_street", "demo_community"]
    + [f"demo_applicant{n}" for n in range(1, 6)]
    + [f"demo_expert{n}" for n in range(1, 16)]
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROJECT_LINK = re.compile(r'href="/grants/projects/(\d+)/"')
SHEET_LINK = re.compile(r'href="(/reviews/mine/panels/\d+/sheet/)"')


class FormReader(HTMLParser):
    """The fields of the first POST form without an action (the page's own form), as a
    browser would send them unchanged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._depth = 0  # inside the form when > 0
        self._done = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and not self._done and self._depth == 0:
            if a.get("method", "").lower() == "post" and not a.get("action"):
                self._depth = 1
            return
        if self._depth == 0:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_value, self._first_option = name, None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._select_value = value

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 0:
            return
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            value = self._select_value if self._select_value is not None else self._first_option
            self.fields.append((self._select, value or ""))
            self._select = None
        elif tag == "form":
            self._depth = 0
            self._done = True


def form_fields(html: str) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(html)
    fields: dict[str, list[str]] = defaultdict(list)
    for name, value in reader.fields:
        fields[name].append(value)
    return dict(fields)


@dataclass
class Results:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)
    requests: int = 0

    def record(self, kind: str, seconds: float, ok: bool, detail: str) -> None:
        self.requests += 1
        self.timings[kind].append(seconds)
        if not ok:
            self.errors[kind] += 1
            if len(self.examples) < 10:
                self.examples.append(f"{kind}: {detail}")


class User:
    def __init__(self, client: httpx.AsyncClient, username: str, results: Results) -> None:
        self.client = client
        self.username = username
        self.results = results
        self.cookies: dict[str, str] = {}
        self.projects: list[str] = []
        self.drafts: list[str] = []
        self.sheets: list[str] = []

    async def request(
        self, kind: str, method: str, path: str, *, data=None, expect=(200,)
    ) -> httpx.Response | None:
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Referer"] = f"https://{self.client.base_url.netloc.decode()}{path}"
        started = time.perf_counter()
        try:
            response = await self.client.request(method, path, data=data, headers=headers)
        except httpx.HTTPError as error:
            self.results.record(kind, time.perf_counter() - started, False, repr(error))
            return None
        elapsed = time.perf_counter() - started
        for name, value in response.cookies.items():
            self.cookies[name] = value
        ok = response.status_code in expect
        self.results.record(kind, elapsed, ok, f"{method} {path} → {response.status_code}")
        return response if ok else None

    async def login(self) -> bool:
        page = await self.request("login page", "GET", "/login/")
        token = CSRF.search(page.text) if page is not None else None
        if token is None:
            return False
        done = await self.request(
            "login",
            "POST",
            "/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            expect=(302,),
        )
        return done is not None

    async def discover(self) -> None:
        listing = await self.request("project list", "GET", "/grants/projects/")
        if listing is not None:
            self.projects = sorted(set(PROJECT_LINK.findall(listing.text)))
        if self.username.startswith("demo_applicant"):
            for pk in self.projects:
                edit = await self.request(
                    "draft page", "GET", f"/grants/projects/{pk}/edit/", expect=(200, 403, 404)
                )
                if edit is not None and edit.status_code == 200:
                    self.drafts.append(pk)
        if self.username.startswith("demo_expert"):
            mine = await self.request("my reviews", "GET", "/reviews/mine/")
            if mine is not None:
                self.sheets = sorted(set(SHEET_LINK.findall(mine.text)))

    async def save_draft(self, pk: str) -> None:
        path = f"/grants/projects/{pk}/edit/"
        page = await self.request("draft page", "GET", path)
        if page is None:
            return
        await self.request("save draft", "POST", path, data=form_fields(page.text), expect=(302,))

    async def save_sheet(self, path: str) -> None:
        page = await self.request("score sheet", "GET", path)
        if page is None:
            return
        fields = form_fields(page.text)
        if set(fields) <= {"csrfmiddlewaretoken"}:  # submitted already: read-only now
            return
        await self.request("save sheet", "POST", path, data={**fields, "save": ""}, expect=(302,))

    async def step(self, rng: random.Random) -> None:
        roll = rng.random()
        if roll < 0.2:
            await self.request("home", "GET", "/")
        elif roll < 0.4:
            await self.request("project list", "GET", "/grants/projects/")
        elif roll < 0.5:
            query = rng.choice(
                ["state=in_progress", "state=draft&sort=-requested_amount", "q=社区"]
            )
            await self.request("project list filtered", "GET", f"/grants/projects/?{query}")
        elif roll < 0.8 and self.projects:
            await self.request(
                "project page", "GET", f"/grants/projects/{rng.choice(self.projects)}/"
            )
        elif self.drafts:
            await self.save_draft(rng.choice(self.drafts))
        elif self.sheets:
            await self.save_sheet(rng.choice(self.sheets))
        else:
            await self.request("home", "GET", "/")


async def virtual_user(number: int, args, results: Results, deadline: float) -> None:
    rng = random.Random(number)  # noqa: S311 - a reproducible mix, not a secret
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=args.url, timeout=60, limits=limits) as client:
        user = User(client, ACCOUNTS[number % len(ACCOUNTS)], results)
        if not await user.login():
            return
        await user.discover()
        while time.monotonic() < deadline and results.requests < args.max_requests:
            await user.step(rng)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def report(results: Results, seconds: float) -> dict:
    rows = {}
    for kind, values in sorted(results.timings.items()):
        rows[kind] = {
            "count": len(values),
            "errors": results.errors.get(kind, 0),
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1),
        }
    return {
        "requests": results.requests,
        "errors": sum(results.errors.values()),
        "seconds": round(seconds, 1),
        "throughput_rps": round(results.requests / seconds, 1) if seconds else 0.0,
        "by_kind": rows,
        "error_examples": results.examples,
    }


def print_report(figures: dict) -> None:
    print(f"{'request':<24}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, row in figures["by_kind"].items():
        print(
            f"{kind:<24}{row['count']:>8}{row['errors']:>8}"
            f"{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}"
        )
    print(
        f"{figures['requests']} requests, {figures['errors']} errors in {figures['seconds']} s: "
        f"{figures['throughput_rps']} requests/s"
    )
    for example in figures["error_examples"]:
        print("  error:", example)


def loopback_only(url: str) -> str:
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise argparse.ArgumentTypeError(f"{url}: the load test runs against loopback only")
    return url.rstrip("/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", type=loopback_only, default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=20, help="virtual users (at most 200)")
    parser.add_argument("--duration", type=float, default=60, help="seconds (at most 600)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="request budget")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 0 < args.duration <= 600:
        parser.error("--users must be 1–200 and --duration 1–600 seconds")

    async def run() -> float:
        started = time.monotonic()
        deadline = started + args.duration
        await asyncio.gather(*(virtual_user(n, args, results, deadline) for n in range(args.users)))
        return time.monotonic() - started

    results = Results()
    seconds = asyncio.run(run())
    figures = report(results, seconds)
    print_report(figures)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, ensure_ascii=False, indent=2)
    sys.exit(1 if figures["errors"] else 0)


if __name__ == "__main__":
    main()
