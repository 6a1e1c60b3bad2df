"""PDFs read back: the Chinese title, organisation and amounts are in the text, the CJK
font is embedded, and hostile text fetches nothing."""

import http.server
import io
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from grants import lifecycle
from grants.guards import PanelOutcome
from grants.models import ProjectState
from reports import downloads
from tests.factories import (
    CallFactory,
    FundPlanFactory,
    ProjectFactory,
    district_policy,
    user_with_role,
)

pytestmark = pytest.mark.django_db
D = Decimal


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    """The text of every page, with the line breaks of the layout removed."""
    return "".join(page.extract_text().replace("\n", "") for page in reader.pages)


def _embedded_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            if any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                names.add(str(font["/BaseFont"]))
    return names


@pytest.fixture
def approved(officer):
    project = ProjectFactory(
        title="银龄守望结对关爱", state=ProjectState.UNDER_REVIEW, requested_amount=D("100000.00")
    )
    return lifecycle.approve_project(
        project=project, by=officer, outcome=PanelOutcome(5, 5, D("85.00")), amount=D("90000.00")
    )


def test_approval_notice_reads_as_an_official_document(client, approved, officer):
    client.force_login(officer)
    reader = _pdf(client.get(reverse("reports:approval_notice_pdf", args=[approved.pk])))
    text = _text(reader)
    assert reader.metadata.title.startswith("立项通知书")
    assert "关于“银龄守望结对关爱”项目立项的通知" in text
    assert approved.organisation.name in text
    assert "¥90,000.00（人民币玖万元整）" in text  # no stray space
    assert "（印章）" in text
    assert f"雨民创〔{timezone.localdate().year}〕{approved.pk:03d}号" in text
    assert "第 1 页 共 1 页" in text
    assert any("CJK" in name for name in _embedded_fonts(reader))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4


def test_another_organisations_notice_is_404_and_own_is_200(client, approved):
    outsider = user_with_role(Role.APPLICANT)
    client.force_login(outsider)
    assert client.get(reverse("reports:approval_notice_pdf", args=[approved.pk])).status_code == 404
    member = user_with_role(Role.APPLICANT, organisations=[approved.organisation])
    client.force_login(member)
    assert client.get(reverse("reports:approval_notice_pdf", args=[approved.pk])).status_code == 200


def test_no_notice_before_approval(client, officer):
    project = ProjectFactory(state=ProjectState.UNDER_REVIEW)
    client.force_login(officer)
    assert client.get(reverse("reports:approval_notice_pdf", args=[project.pk])).status_code == 404


def test_all_notices_of_a_call_in_one_pdf_made_in_the_background(
    client, officer, django_capture_on_commit_callbacks
):
    call = CallFactory()
    for number in range(3):
        project = ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW, title=f"项目{number}")
        outcome = PanelOutcome(5, 5, D("80"))
        lifecycle.approve_project(project=project, by=officer, outcome=outcome, amount=D("1000"))
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(reverse("reports:call_notices_pdf", args=[call.pk]))
    job_page = client.get(started.url)
    assert job_page.context["job"].status == "done"
    assert 'value="100"' in job_page.content.decode()
    download = client.get(reverse("reports:job_download", args=[job_page.context["job"].pk]))
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(reader.pages) == 3
    for page in reader.pages:  # each letter numbered on its own
        assert "第 1 页 共 1 页" in page.extract_text()
    assert "共 3 页" not in _text(reader)


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):
        type(self).hits += 1
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_hostile_text_fetches_nothing_and_embeds_nothing(client, officer, member):
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    hostile = (
        f'<img src="http://127.0.0.1:{port}/x.png">'
        '<link rel="attachment" href="file:///etc/passwd">'
    )
    project = ProjectFactory(
        title="项目" + hostile[:60],
        service_content=hostile,
        organisation=member.organisations.get(),
    )
    project = lifecycle.submit_project(project=project, by=member)
    client.force_login(officer)
    reader = _pdf(client.get(reverse("reports:application_pdf", args=[project.pk])))
    server.shutdown()
    assert _CountingHandler.hits == 0
    assert "127.0.0.1" in _text(reader)  # shown as text, not fetched
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])
    assert "root:" not in _text(reader)


def test_application_pdf_is_the_submitted_version(client, officer, member):
    project = ProjectFactory(organisation=member.organisations.get(), goals="提交时的目标")
    project = lifecycle.submit_project(project=project, by=member)
    project = lifecycle.return_for_revision(
        project=project,
        by=officer,
        reason="补充",
        deadline=timezone.localdate() + timedelta(days=3),
    )
    project.goals = "提交后改过的目标"
    project.save()
    client.force_login(officer)
    text = _text(_pdf(client.get(reverse("reports:application_pdf", args=[project.pk]))))
    assert "申报书" in text
    assert "提交时的目标" in text
    assert "提交后改过的目标" not in text


def test_compliance_pdf_has_the_figures(client, officer):
    district_policy()
    plan = FundPlanFactory()
    client.force_login(officer)
    text = _text(_pdf(client.get(reverse("reports:compliance_pdf", args=[plan.year]))))
    assert f"{plan.year} 年社区合规报告" in text
    assert plan.community.name in text
    assert "¥300,000.00" in text


def test_assessment_and_review_summary_pdfs_render(client, officer):
    project = ProjectFactory(state=ProjectState.MIDTERM_REVIEW)
    client.force_login(officer)
    text = _text(
        _pdf(client.get(reverse("reports:assessment_pdf", args=[project.pk]), {"stage": "midterm"}))
    )
    assert "中期评估报告" in text
    summary = _text(_pdf(client.get(reverse("reports:review_summary_pdf", args=[project.call_id]))))
    assert "评审汇总表" in summary


def test_a_failed_render_gives_a_clear_page(client, officer, approved, monkeypatch):
    def broken(*args, **kwargs):
        raise downloads.RenderFailed("boom")

    monkeypatch.setattr(downloads, "render_pdf", broken)
    client.force_login(officer)
    response = client.get(reverse("reports:approval_notice_pdf", args=[approved.pk]))
    assert response.status_code == 500
    assert "文档无法生成" in response.content.decode()


def test_the_project_page_offers_its_documents_to_its_organisation(client, approved):
    member = user_with_role(Role.APPLICANT, organisations=[approved.organisation])
    client.force_login(member)
    page = client.get(reverse("grants:project_detail", args=[approved.pk])).content.decode()
    assert reverse("reports:approval_notice_pdf", args=[approved.pk]) in page
    client.force_login(user_with_role(Role.COMMUNITY_STAFF, community=approved.community))
    page = client.get(reverse("grants:project_detail", args=[approved.pk])).content.decode()
    assert reverse("reports:approval_notice_pdf", args=[approved.pk]) not in page


def test_the_compliance_report_prints_what_the_page_shows_and_is_made_in_the_background_when_long(
    client, officer, settings, django_capture_on_commit_callbacks
):
    district_policy()
    plan = FundPlanFactory()
    other = FundPlanFactory(year=plan.year)
    client.force_login(officer)
    url = reverse("reports:compliance_pdf", args=[plan.year])
    street = {"street": str(plan.community.street_id), "page": "3"}
    text = _text(_pdf(client.get(url, street)))
    assert plan.community.name in text
    assert other.community.name not in text

    settings.REPORTS_BACKGROUND_COMMUNITIES = 1
    assert client.get(url, street).status_code == 200  # one community: at once
    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(url)
    job = client.get(started.url).context["job"]
    assert job.status == "done"
    assert job.kind == "compliance_pdf"
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    text = _text(PdfReader(io.BytesIO(b"".join(download.streaming_content))))
    assert plan.community.name in text
    assert other.community.name in text
