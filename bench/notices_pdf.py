"""300 approval notices of a call as one PDF: our path from the database against
WeasyPrint laying out the same 300 letters from prepared HTML strings, each on its own
(each letter is numbered on its own, 第 1 页 共 1 页) and joined into one file. Target:
time ratio ≤ 1.1 (our queries and templates must cost little) and a number of queries that
does not grow with the notices (it prints the queries for the whole batch and for a tenth).

    DATABASE_URL=postgres://…/gongyi_bench python bench/notices_pdf.py --notices 300

A first render pays a one-off font-cache cost; both sides are measured after a warm-up.
"""

import argparse
import io
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup  # noqa: F401
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from weasyprint import HTML

from accounts.models import SocialOrganisation, User
from grants.models import Call, Programme, Project, ProjectState
from reports import builders, documents
from reports.pdf import NoFetching, _kit

TITLE = "基准测试：立项通知书批次"


def bench_call(count: int, title: str = TITLE) -> Call:
    call, _created = Call.objects.get_or_create(
        programme=Programme.objects.first(),
        title=title,
        defaults={
            "year": timezone.localdate().year,
            "total_budget": Decimal("99999999.00"),
            "opens_at": timezone.now() - timedelta(days=30),
            "closes_at": timezone.now() + timedelta(days=30),
        },
    )
    missing = count - call.projects.count()
    organisations = list(SocialOrganisation.objects.all())
    Project.objects.bulk_create(
        Project(
            call=call,
            organisation=organisations[i % len(organisations)],
            community=organisations[i % len(organisations)].home_community,
            title=f"基准测试立项项目{i:04d}",
            requested_amount=Decimal("80000.00"),
            approved_amount=Decimal("72000.00"),
            state=ProjectState.APPROVED,
        )
        for i in range(max(0, missing))
    )
    return call


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    call = bench_call(args.notices)
    officer = User.objects.get(username="demo_officer")
    stylesheet, fonts = _kit()  # the same parsed kit and fonts as ours, so only the
    # database and the templates differ
    HTML(string="<p>预热字体缓存</p>").write_pdf(stylesheets=[stylesheet], font_config=fonts)

    projects = builders.notice_projects(officer).filter(call=call)
    letters = [
        render_to_string(
            "reports/pdf/approval_notice.html",
            builders.pdf_context({"notice": documents.notice(project)}),
        )
        for project in projects
    ]
    started = time.perf_counter()
    pages = [
        page
        for html in letters
        for page in HTML(string=html, url_fetcher=NoFetching())
        .render(stylesheets=[stylesheet], font_config=fonts)
        .pages
    ]
    HTML(string=letters[0]).render(stylesheets=[stylesheet], font_config=fonts).copy(
        pages
    ).write_pdf()
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        output, _name = builders.call_notices_file(officer, call.pk)
    ours = time.perf_counter() - started
    output.close()
    few = bench_call(args.notices // 10, title=f"{TITLE}（十分之一）")
    with CaptureQueriesContext(connection) as few_queries:
        builders.call_notices_file(officer, few.pk)[0].close()

    print(f"notices: {len(letters)}")
    print(f"baseline (prepared HTML strings):  {baseline:.2f} s")
    print(f"ours (database → templates → PDF):   {ours:.2f} s")
    print(f"time ratio: {ours / baseline:.2f} (target ≤ 1.1)")
    print(f"queries: {len(queries)} for {len(letters)} notices, {len(few_queries)} for a tenth")


if __name__ == "__main__":
    main()
