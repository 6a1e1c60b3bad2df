"""Several application servers, as a city deploys them: two gunicorn servers on two ports
against one PostgreSQL, one Redis for the task queue (django-tasks-rq) and the cache, one
RQ worker, one shared media folder. A person logs in on A and carries on on B; a file
uploaded on A downloads on B; an export started on A is built by the Redis worker and
served by B; two officers approving one project through A and B at once: one wins.

Run by .ci/run after the unit tests (`make test-multiserver`); left out of a plain
`pytest` by its marker. Everything it starts, it stops.
"""

import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import httpx
import openpyxl
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from experts.models import Expert, Stage
from grants.models import Attachment, ProjectState, TransitionLog
from reports.models import JobStatus, ReportJob
from reviews import panels, sheets
from reviews.models import Panel
from tests.factories import CallFactory, ProjectFactory, UserFactory, user_with_role

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "multi-server-2026"
pytestmark = [pytest.mark.multiserver, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Stack:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.urls: list[str] = []
        self.env: dict[str, str] = {}

    def start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        log = (self.folder / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own servers with fixed arguments
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((name, process))

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for _, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _database_url() -> str:
    config = connection.settings_dict
    user, password = quote(config["USER"], safe=""), quote(config["PASSWORD"], safe="")
    host, port = config["HOST"] or "127.0.0.1", config["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{config['NAME']}"


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Stack]:
    if connection.vendor != "postgresql":
        pytest.fail("The multi-server test runs on PostgreSQL: set DATABASE_URL.")
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        pytest.fail("redis-server is not installed (Debian: apt-get install redis-server).")
    folder = tmp_path_factory.mktemp("multiserver")
    stack = Stack(folder)
    redis_port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GONGYI_", "GUNICORN_"))
    }
    env.update(
        DATABASE_URL=_database_url(),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="0",  # plain HTTP on loopback; nginx does TLS in production
        DJANGO_VAR_DIR=str(folder / "var"),
        DJANGO_MEDIA_ROOT=str(folder / "shared-media"),  # the NFS mount of a real city
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_LOG_FORMAT="json",
        GONGYI_TASKS_BACKEND="django_tasks_rq.RQBackend",
        GONGYI_REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        GONGYI_CACHE_URL=f"redis://127.0.0.1:{redis_port}/1",
        GONGYI_TWO_FACTOR_ROLES="",
        GONGYI_REPORTS_BACKGROUND_ROWS="2",  # three projects make a background export
        GUNICORN_WORKERS="2",
    )
    stack.env = env
    try:
        stack.start(
            "redis",
            [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
            env,
        )
        # django_rq's own tables (the Redis setup installs its app), then the static files.
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v0"]):
            done = subprocess.run(  # noqa: S603 - our own manage.py
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, done.stdout + done.stderr
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        for name in ("a", "b"):
            port = _free_port()
            stack.start(
                f"server-{name}",
                [gunicorn, "-c", "config/gunicorn.py"],
                {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_PROC_NAME": name},
            )
            stack.urls.append(f"http://127.0.0.1:{port}")
        stack.start("worker", [sys.executable, "manage.py", "run_worker"], env)
        for url in stack.urls:
            _wait_until(lambda url=url: httpx.get(f"{url}/healthz").status_code == 200, 60, url)
            ready = httpx.get(f"{url}/readyz", timeout=10)
            assert ready.status_code == 200, ready.text
        yield stack
    finally:
        stack.stop()


def _user(role: str, **kwargs):
    user = user_with_role(role, **kwargs)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def _csrf(client: httpx.Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, url
    return match.group(1)


def _login(base: str, user) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    token = _csrf(client, "/login/")
    form = {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    response = client.post("/login/", data=form)
    assert response.status_code == 302, response.text[:500]
    return client


def _on(base: str, client: httpx.Client) -> httpx.Client:
    """The same browser (its cookies) talking to another server."""
    return httpx.Client(base_url=base, timeout=30, cookies=client.cookies)


def test_a_session_started_on_a_continues_on_b(stack):
    project = ProjectFactory(title="跨服务器会话的项目")
    member = _user(Role.APPLICANT, organisations=[project.organisation])
    on_a = _login(stack.urls[0], member)

    on_b = _on(stack.urls[1], on_a)
    page = on_b.get("/grants/projects/")

    assert page.status_code == 200
    assert "跨服务器会话的项目" in page.text


def test_a_file_uploaded_on_a_downloads_on_b(stack):
    project = ProjectFactory()
    member = _user(Role.APPLICANT, organisations=[project.organisation])
    on_a = _login(stack.urls[0], member)
    token = _csrf(on_a, f"/grants/projects/{project.pk}/edit/")
    content = b"%PDF-1.7\n% uploaded on server A\n"

    uploaded = on_a.post(
        f"/grants/projects/{project.pk}/attachments/",
        data={"kind": "supporting", "csrfmiddlewaretoken": token},
        files={"file": ("预算说明.pdf", content, "application/pdf")},
    )

    assert uploaded.status_code == 302
    attachment = Attachment.objects.get(project=project)
    download = _on(stack.urls[1], on_a).get(f"/grants/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download.content == content


def test_an_export_started_on_a_is_built_by_the_redis_worker_and_served_by_b(stack):
    ProjectFactory.create_batch(3, title="台账项目")
    officer = _user(Role.OFFICER)
    on_a = _login(stack.urls[0], officer)

    started = on_a.get("/reports/projects.xlsx")

    assert started.status_code == 302, "three rows over the limit of two go to the worker"
    job = ReportJob.objects.get(requested_by=officer)
    assert started.headers["location"].endswith(f"/reports/jobs/{job.pk}/")
    on_b = _on(stack.urls[1], on_a)
    _wait_until(
        lambda: ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE, 60, "the export job"
    )
    assert on_b.get(f"/reports/jobs/{job.pk}/").status_code == 200
    download = on_b.get(f"/reports/jobs/{job.pk}/download/")
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.content), read_only=True).active
    rows = [row for row in sheet.iter_rows(values_only=True) if "台账项目" in row]
    assert len(rows) == 3
    assert not DBTaskResult.objects.exists(), "the job went through Redis, not the database"
    assert "build_report" in stack.log("worker")


def _scored_panel():
    """A project under review whose initial panel of five has submitted every sheet."""
    officer = user_with_role(Role.OFFICER)
    for number in range(5):
        user = UserFactory(roles=[Role.EXPERT], full_name=f"评委{number}")
        Expert.objects.create(user=user, name=f"评委{number}", affiliation="大学", fields=[])
    call = CallFactory()
    ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=5)
    panel = Panel.objects.select_related("rubric").get()
    for member in panel.members.select_related("expert__user"):
        sheet = sheets.sheet_for(panel=panel, by=member.expert.user)
        entries = {
            criterion.pk: sheets.Entry(
                (criterion.max_points * Decimal("0.8")).quantize(Decimal("0.01")), "说明"
            )
            for criterion in panel.rubric.criteria.all()
        }
        sheets.save_sheet(sheet=sheet, entries=entries, by=member.expert.user, submit=True)
    return panel


def test_two_officers_approving_one_project_through_a_and_b_at_once_one_wins(stack):
    panel = _scored_panel()
    officers = [_user(Role.OFFICER), _user(Role.OFFICER)]
    clients = [_login(url, officer) for url, officer in zip(stack.urls, officers, strict=True)]
    tokens = [_csrf(client, f"/reviews/panels/{panel.pk}/") for client in clients]
    barrier = threading.Barrier(2)
    responses: list[httpx.Response] = []

    def approve(client: httpx.Client, token: str) -> None:
        barrier.wait()
        responses.append(
            client.post(
                f"/reviews/panels/{panel.pk}/decisions/approve/",
                data={
                    "csrfmiddlewaretoken": token,
                    "seen_state": "under_review",
                    "approve-amount": "90000.00",
                },
            )
        )

    threads = [
        threading.Thread(target=approve, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(response.status_code for response in responses) == [302, 409]
    refused = next(response for response in responses if response.status_code == 409)
    assert "该项目刚刚已被他人处理" in refused.text
    project = panel.project
    project.refresh_from_db()
    assert project.state == ProjectState.APPROVED
    assert project.approved_amount == Decimal("90000.00")
    approvals = TransitionLog.objects.filter(project=project, transition="approve")
    assert approvals.count() == 1


def test_the_servers_log_json_lines_carrying_the_request_id(stack):
    response = httpx.get(f"{stack.urls[0]}/healthz", headers={"X-Request-ID": "ci-probe-0001"})
    assert response.headers["X-Request-ID"] == "ci-probe-0001"
    time.sleep(0.5)
    lines = [line for line in stack.log("server-a").splitlines() if "ci-probe-0001" in line]
    assert lines, "the access log names the request id"
    assert '"path": "/healthz"' in lines[0]
    assert '"status": 200' in lines[0]


class _FormValues(HTMLParser):
    """What a browser would send back of the first form with ``csrfmiddlewaretoken``:
    text and hidden inputs, ticked boxes, chosen options, text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "language":
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.values.append((name, attrs.get("value") or ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea = name
            self.values.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            name, text = self.values.pop()
            self.values.append((name, text + data))


def test_a_programme_renamed_on_a_is_offered_by_its_new_name_on_b_at_once(stack):
    """The lists' chooser options and filter forms are kept (accounts.generations); the
    generation lives in the shared cache (Redis), so a change committed through one
    server is seen by the next page of the other."""
    programme = CallFactory().programme
    officer = _user(Role.OFFICER)
    on_a = _login(stack.urls[0], officer)
    on_b = _on(stack.urls[1], on_a)
    for _ in range(2):  # read, then kept
        assert programme.name in on_b.get("/grants/projects/").text

    edit = f"/grants/programmes/{programme.pk}/edit/"
    form = _FormValues()
    page = on_a.get(edit).text
    form.feed(page.split('<form method="post" novalidate', 1)[1].split("</form>", 1)[0])
    values: dict[str, list[str]] = {}
    for name, value in form.values:
        values.setdefault(name, []).append("跨服务器改名的计划" if name == "name" else value)
    saved = on_a.post(edit, data=values)
    assert saved.status_code == 302, saved.text[:2000]

    listed = on_b.get("/grants/projects/").text
    assert "跨服务器改名的计划" in listed
    assert programme.name not in listed
