"""The documents a bureau prints, read back: PDF text (pypdf), Word paragraphs
(python-docx), page sizes and numbering, file names, and who may have each."""

import io
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from accounts.models import Role
from grants import versions
from grants.models import ProjectReader
from reports.builders import pdf_context
from reports.chinese_amounts import yuan_in_words
from reports.documents import filename
from reports.downloads import ascii_fallback, disposition
from reports.pdf import render_pdf
from reports.templatetags.documents import keep_money_together, yuan_words
from tests.factories import user_with_role
from tests.reports.document_world import build_world, stop_the_clock

pytestmark = pytest.mark.django_db
D = Decimal
A4 = (595.28, 841.89)


@pytest.fixture
def world(monkeypatch):
    stop_the_clock(monkeypatch)
    return build_world()


def _get(client, user, name: str, pk: int, **query):
    client.force_login(user)
    return client.get(reverse(f"reports:{name}", args=[pk]), query)


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return "".join(page.extract_text().replace("\n", "") for page in reader.pages)


def _size(page) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def _filename(response) -> str:
    header = response["Content-Disposition"]
    assert 'filename="' in header  # the ASCII fallback for old clients (RFC 6266)
    return header.split("filename*=UTF-8''", 1)[1]


# --- money in capitals -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("90000.00", "玖万元整"),
        ("45000.00", "肆万伍仟元整"),
        ("100010.50", "壹拾万零壹拾元伍角"),
        ("1000000.07", "壹佰万元零柒分"),
    ],
)
def test_money_is_printed_in_figures_and_capitals_without_a_space(amount, words):
    assert yuan_in_words(D(amount)) == words
    phrase = yuan_words(D(amount))
    assert phrase.endswith(f"（人民币{words}）")
    assert " " not in phrase


def test_figures_and_capitals_each_stay_on_one_line_and_user_text_is_escaped():
    html = keep_money_together("核定<b>¥90,000.00（人民币玖万元整）")
    assert "&lt;b&gt;" in html
    assert '<span class="nowrap">¥90,000.00</span>' in html
    assert '<span class="nowrap">（人民币玖万元整）</span>' in html


# --- file names --------------------------------------------------------------------------


def test_file_names_are_chinese_safe_and_sent_with_rfc_6266():
    assert filename("评审汇总", 2026, "立项评审", extension="pdf") == "评审汇总-2026-立项评审.pdf"
    assert filename("申报书", 'a/b:c*"d"', extension="pdf") == "申报书-abcd.pdf"
    header = disposition("评审汇总-2026-立项评审.xlsx")
    assert header.startswith('attachment; filename="document-2026.xlsx"; ')
    assert header.endswith("filename*=UTF-8''" + quote("评审汇总-2026-立项评审.xlsx"))
    assert ascii_fallback("立项通知书.pdf") == "document.pdf"


def test_each_stage_of_a_call_has_its_own_summary_file(client, world):
    names = {
        _filename(_get(client, world.officer, "review_summary_pdf", world.call.pk, stage=stage))
        for stage in ("initial", "midterm", "final")
    }
    assert len(names) == 3
    assert quote("评审汇总-2026-立项评审-2026年度雨花台区公益创投项目.pdf") in names


# --- 立项通知书 ---------------------------------------------------------------------------


def test_the_notice_is_one_sealed_page_and_its_word_copy_says_the_same(client, world):
    response = _get(client, world.officer, "approval_notice_pdf", world.project.pk)
    reader = _pdf(response)
    text = _text(reader)
    number = f"雨民创〔2026〕{world.project.pk:03d}号"
    assert len(reader.pages) == 1
    assert _size(reader.pages[0]) == pytest.approx(A4, abs=1)
    assert number in text
    assert "核定资助金额¥90,000.00（人民币玖万元整）" in text
    assert "（印章）" in text
    assert "2026年3月16日" in text
    assert "第 1 页 共 1 页" in text
    assert _filename(response) == quote(f"立项通知书-{number}-银龄守望·独居老人结对关爱.pdf")

    word = _get(client, world.officer, "approval_notice_docx", world.project.pk)
    assert word.status_code == 200
    assert _filename(word).endswith(quote(".docx"))
    paragraphs = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert number in paragraphs
    assert "关于“银龄守望·独居老人结对关爱”项目立项的通知" in paragraphs
    body = [p for p in paragraphs if p.startswith("你单位申报的")]
    assert body
    assert "¥90,000.00（人民币玖万元整）" in body[0]
    assert body[0].replace(" ", "") in text  # the same words as the PDF
    assert "2026年3月16日" in paragraphs


def test_only_officers_get_the_editable_copies(client, world):
    for user in (world.member, world.finance):
        assert _get(client, user, "approval_notice_docx", world.project.pk).status_code == 403
        assert _get(client, user, "agreement_docx", world.project.pk).status_code == 403


# --- 申报书 ------------------------------------------------------------------------------


def test_the_application_has_a_cover_sections_and_money_with_separators(client, world):
    reader = _pdf(_get(client, world.officer, "application_pdf", world.project.pk))
    cover = reader.pages[0].extract_text().replace("\n", "")
    assert "项目申报书" in cover
    assert "南京市雨花台区益心社会工作服务中心" in cover
    text = _text(reader)
    for heading in ("基本情况", "一、服务对象", "二、需求分析", "三、服务内容", "四、目标与指标"):
        assert heading in text
    assert "¥100,000.00（人民币壹拾万元整）" in text
    assert "¥60,000.00" in text
    assert "60.00%" in text
    assert "100000.00" not in text
    assert "法定代表人（签字）" in text
    assert "（单位公章）" in text
    assert "13912345678" in text  # the officer sees the contact


def test_an_expert_reading_the_application_never_sees_the_contact(client, world):
    ProjectReader.objects.get_or_create(project=world.project, user=world.expert_user)
    text = _text(_pdf(_get(client, world.expert_user, "application_pdf", world.project.pk)))
    assert "基本情况" in text
    assert "13912345678" not in text
    assert "李明" not in text
    assert "联系电话" not in text


def test_a_long_application_keeps_each_label_with_its_value(client, world):
    """Rows never split; a section's heading never ends a page."""
    project = world.project
    project.service_content = "\n".join(f"第{n}项服务：" + "开展活动" * 20 for n in range(60))
    project.save()
    versions.freeze(project, by=world.member)  # the PDF prints the latest version
    reader = _pdf(_get(client, world.officer, "application_pdf", project.pk))
    assert len(reader.pages) > 4
    for page in reader.pages:
        lines = [line for line in page.extract_text().splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("第 ")]  # the page number
        assert body[-1] not in {"三、服务内容", "四、目标与指标", "五、量化指标", "六、项目预算"}


# --- 项目协议书 ----------------------------------------------------------------------------


def test_the_agreement_names_the_parties_amount_schedule_and_signatures(client, world):
    response = _get(client, world.member, "agreement_pdf", world.project.pk)
    text = _text(_pdf(response))
    assert "甲方（资助方）南京市雨花台区民政局" in text.replace(" ", "")
    assert "乙方（承接方）南京市雨花台区益心社会工作服务中心" in text.replace(" ", "")
    assert "雨民创协〔2026〕015号" in text
    assert "甲方资助乙方¥90,000.00（人民币玖万元整）" in text
    for row in (
        "第1期协议签订后50%¥45,000.00人民币肆万伍仟元整",
        "第2期项目通过中期评估后30%¥27,000.00人民币贰万柒仟元整",
        "第3期项目结项评估等级为合格及以上后20%¥18,000.00人民币壹万捌仟元整",
    ):
        assert row in text.replace(" ", "")
    assert "（甲方印章）" in text
    assert "（乙方印章）" in text
    assert _filename(response) == quote(
        "项目协议书-雨民创协〔2026〕015号-银龄守望·独居老人结对关爱.pdf"
    )


def test_the_agreements_word_copy_has_the_same_clauses_and_schedule(client, world):
    pdf_text = _text(_pdf(_get(client, world.officer, "agreement_pdf", world.project.pk)))
    word = Document(
        io.BytesIO(_get(client, world.officer, "agreement_docx", world.project.pk).content)
    )
    paragraphs = [p.text for p in word.paragraphs if p.text]
    for heading in ("第一条　项目内容", "第三条　拨付方式", "第六条　其他"):
        assert heading in paragraphs
    for paragraph in paragraphs:
        if paragraph.startswith(("甲方资助乙方", "乙方按经甲方审定的")):
            assert paragraph in pdf_text
    schedule = word.tables[1]
    assert [cell.text for cell in schedule.rows[1].cells] == [
        "第1期",
        "协议签订后",
        "50%",
        "¥45,000.00",
        "人民币肆万伍仟元整",
    ]
    header = schedule.rows[0]._tr.trPr
    assert header is not None
    assert (
        header.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
        is not None
    )
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.top_margin.mm)) == (210, 37)


def test_an_approved_project_gets_an_agreement_to_sign_with_blanks(client, world):
    from grants.models import Project, ProjectState, Tranche

    Tranche.objects.filter(project=world.project).update(status="cancelled")
    Project.objects.filter(pk=world.project.pk).update(
        state=ProjectState.APPROVED, agreement_number="", agreement_date=None
    )
    text = _text(_pdf(_get(client, world.officer, "agreement_pdf", world.project.pk)))
    assert "协议编号：" in text
    assert "¥45,000.00" in text


# --- 结项证书, 拨付通知, 评分表 -----------------------------------------------------------


def test_the_certificate_is_one_landscape_page_with_grade_score_and_date(client, world):
    reader = _pdf(_get(client, world.member, "certificate_pdf", world.project.pk))
    assert len(reader.pages) == 1
    width, height = _size(reader.pages[0])
    assert width > height
    text = _text(reader)
    assert "结项证书" in text
    assert "良好" in text
    assert "89.39" in text
    assert "2026年3月16日" in text


def test_no_certificate_for_a_failed_project(client, world):
    from grants.models import Project

    Project.objects.filter(pk=world.project.pk).update(grade="fail")
    assert _get(client, world.officer, "certificate_pdf", world.project.pk).status_code == 404


def test_the_payment_notice_gives_the_payment_and_what_remains(client, world):
    response = _get(client, world.member, "payment_notice_pdf", world.payment.pk)
    reader = _pdf(response)
    text = _text(reader)
    assert len(reader.pages) == 1
    assert "关于拨付第1期项目资助资金的通知" in text
    assert "拨付¥45,000.00（人民币肆万伍仟元整）" in text
    assert "记-2026-0316-01" in text
    assert "¥90,000.00" in text
    assert "（印章）" in text
    assert quote("第1期") in _filename(response)
    street = user_with_role(Role.STREET_STAFF, street=world.project.community.street)
    assert _get(client, street, "payment_notice_pdf", world.payment.pk).status_code == 403


def test_the_score_sheet_is_the_experts_own_to_sign(client, world):
    response = _get(client, world.expert_user, "score_sheet_pdf", world.sheet.pk)
    text = _text(_pdf(response))
    assert "立项评审专家评分表" in text
    assert "张明华" in text
    assert "南京大学社会学院" in text
    assert "需求分析2018需求调研扎实" in text.replace(" ", "")
    assert "合计10088.00" in text.replace(" ", "")
    assert "评审专家（签字）" in text
    assert "2026年3月16日" in text
    assert "13912345678" not in text
    assert "李明" not in text
    assert quote("评分表-立项评审-银龄守望·独居老人结对关爱-张明华.pdf") == _filename(response)
    other = world.sheet.panel.sheets.exclude(pk=world.sheet.pk).first()
    assert _get(client, world.expert_user, "score_sheet_pdf", other.pk).status_code == 404


def test_a_draft_sheet_prints_marked_as_a_draft(client, world):
    from reviews.models import ScoreSheet, SheetState

    ScoreSheet.objects.filter(pk=world.sheet.pk).update(state=SheetState.DRAFT, submitted_at=None)
    text = _text(_pdf(_get(client, world.expert_user, "score_sheet_pdf", world.sheet.pk)))
    assert "草稿" in text


# --- 评审汇总表 ----------------------------------------------------------------------------


def test_the_review_summary_is_landscape_with_members_signatures_and_date(client, world):
    reader = _pdf(_get(client, world.officer, "review_summary_pdf", world.call.pk))
    width, height = _size(reader.pages[0])
    assert width > height
    text = _text(reader)
    assert "2026年度雨花台区公益创投项目立项评审汇总表" in text
    assert "83.67" in text
    assert "(77.00)" in text
    assert "(92.00)" in text
    for name in ("张明华", "李静", "王建国", "陈晓燕", "赵立新"):
        assert f"{name}：" in text
    assert "日期：2026年3月16日" in text
    for broken in ("名\n次", "资\n助\n线"):
        assert broken not in reader.pages[0].extract_text()


# --- the project page links them ---------------------------------------------------------


def test_the_project_page_offers_the_documents_to_its_organisation(client, world):
    client.force_login(world.member)
    page = client.get(reverse("grants:project_detail", args=[world.project.pk])).content.decode()
    for name, pk in (
        ("agreement_pdf", world.project.pk),
        ("certificate_pdf", world.project.pk),
        ("payment_notice_pdf", world.payment.pk),
    ):
        assert reverse(f"reports:{name}", args=[pk]) in page
    assert reverse("reports:agreement_docx", args=[world.project.pk]) not in page
    client.force_login(world.officer)
    page = client.get(reverse("grants:project_detail", args=[world.project.pk])).content.decode()
    assert reverse("reports:agreement_docx", args=[world.project.pk]) in page


def test_import_templates_download_under_chinese_names(client):
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)
    header = client.get(reverse("experts:import_template"))["Content-Disposition"]
    assert header.endswith(quote("专家导入模板.xlsx"))
    client.force_login(user_with_role(Role.STREET_STAFF))
    header = client.get(reverse("community:need_import_template"))["Content-Disposition"]
    assert header.endswith(quote("需求导入模板.xlsx"))


def test_long_tables_repeat_their_header_rows_on_every_page():
    def row(rank):
        project = SimpleNamespace(title=f"项目{rank}", organisation=SimpleNamespace(name="机构"))
        outcome = SimpleNamespace(score=D("80.00"), submitted=5, assigned=5)
        result = SimpleNamespace(panel=SimpleNamespace(project=project), lines=[], outcome=outcome)
        return SimpleNamespace(
            rank=rank, requested=D("1000"), running_total=D("1000"), funded=True, result=result
        )

    context = {
        "call": SimpleNamespace(title="长表"),
        "ranked": [row(rank) for rank in range(1, 61)],
        "available": D("0"),
        "stage_label": "立项评审",
        "is_initial": True,
        "members": [],
    }
    reader = PdfReader(
        io.BytesIO(render_pdf("reports/pdf/review_summary.html", pdf_context(context)))
    )
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert "名次" in page.extract_text()
