"""What each document a bureau prints says: the figures and wording of the 立项通知书, the
申报书, the 项目协议书, the 结项证书, the 拨付通知, an expert's 评分表 and the 评审汇总表,
gathered once for the PDF (``reports.pdf`` on the kit's templates) and, for the notice and
the agreement, the editable Word copy (``reports.word``) — so both say the same.

Documents are Chinese official documents whatever the reader's interface language; their
file names are Chinese too and unique per document, stage and object (``filename``).
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from grants.arithmetic import format_quantity, format_yuan, split_by_percent
from grants.models import (
    AttachmentKind,
    BudgetCategory,
    Payment,
    Project,
    ProjectState,
    ProjectVersion,
    TrancheTrigger,
    TransitionLog,
)
from grants.models.projects import Grade
from grants.payments import DEFAULT_SCHEDULE
from grants.privacy import CONTACT_NAME, CONTACT_PHONE, ContactView, shown_fields
from grants.stages import Stage
from reports.chinese_amounts import yuan_in_words
from reviews.models import ScoreSheet, SheetState
from reviews.sheets import total

# A stage's name in the documents, which are Chinese whatever the interface language.
STAGE_NAMES = {Stage.INITIAL: "立项评审", Stage.MIDTERM: "中期评估", Stage.FINAL: "结项评估"}

# --- file names ---------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def filename(*parts: object, extension: str) -> str:
    """``立项通知书-雨民创〔2026〕007号-银龄守望.pdf``: the parts joined by hyphens, with
    the characters file systems refuse taken out and each part kept to a sane length."""
    cleaned = [_UNSAFE.sub("", str(part)).strip()[:60] for part in parts]
    return "-".join(part for part in cleaned if part) + f".{extension}"


def money(amount: Decimal | None) -> str:
    """¥90,000.00（人民币玖万元整）: figures and capitals, no space anywhere."""
    if amount is None:
        return "—"
    return f"¥{format_yuan(amount)}（人民币{yuan_in_words(amount)}）"


def issued_on(moment) -> date:
    return timezone.localtime(moment).date() if moment else timezone.localdate()


# --- 立项通知书 ---------------------------------------------------------------------------


def with_approval_moment(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects, each with when it was (last) approved, read in the same query: a
    batch of notices asks no query per notice."""
    approvals = TransitionLog.objects.filter(project=OuterRef("pk"), transition="approve")
    return projects.annotate(approved_at=Subquery(approvals.order_by("-at").values("at")[:1]))


def approval_date(project: Project) -> date:
    if hasattr(project, "approved_at"):  # read with ``with_approval_moment``
        return issued_on(project.approved_at)
    approval = project.transition_logs.filter(transition="approve").order_by("-at").first()
    return issued_on(approval.at if approval else None)


def notice_number(project: Project, year: int) -> str:
    return f"{settings.NOTICE_PREFIX}〔{year}〕{project.pk:03d}号"


def service_period(project: Project) -> str:
    if project.period_start and project.period_end:
        return f"{project.period_start:%Y年%-m月%-d日}至{project.period_end:%Y年%-m月%-d日}"
    return ""


def notice_paragraphs(project: Project) -> list[str]:
    """The notice's body, one string a paragraph (the PDF and the Word copy print these)."""
    served = f"{project.community.street.name}{project.community.name}"
    period = service_period(project)
    return [
        f"你单位申报的“{project.title}”项目（{project.call.title}），经资格审查、专家评审和"
        f"社会公示，现予立项，核定资助金额{money(project.approved_amount)}。",
        f"项目服务社区为{served}"
        + (f"，服务期为{period}" if period else "")
        + "。请你单位自接到本通知之日起十五个工作日内，与我局签订项目协议书，按协议约定"
        "开展服务；资金按协议分期拨付，项目接受中期评估和结项评估。",
        "特此通知。",
    ]


def notice(project: Project) -> dict:
    approved_on = approval_date(project)
    return {
        "project": project,
        "number": notice_number(project, approved_on.year),
        "date": approved_on,
        "title": f"关于“{project.title}”项目立项的通知",
        "addressee": f"{project.organisation.name}：",
        "paragraphs": notice_paragraphs(project),
        "copy_to": f"{project.community.street.name}社会组织服务中心，"
        f"{project.community.name}居民委员会。",
        "amount_words": yuan_in_words(project.approved_amount or Decimal("0")),
    }


def notice_filename(project: Project, extension: str = "pdf") -> str:
    number = notice_number(project, approval_date(project).year)
    return filename("立项通知书", number, project.title, extension=extension)


# --- 申报书 ----------------------------------------------------------------------------------

APPLICATION_SECTIONS = [
    ("一、服务对象", "service_targets"),
    ("二、需求分析", "needs_analysis"),
    ("三、服务内容", "service_content"),
    ("四、目标与指标", "goals"),
]


def application(version: ProjectVersion, contact: ContactView) -> dict:
    """The 申报书 as the applicant submitted it (the frozen version), laid out as the form:
    a cover, the basic facts, the four parts, the indicators, the budget, the attachments
    and the declaration; the contact as ``contact`` allows (``grants.privacy``)."""
    project = version.project
    content = version.content
    fields = shown_fields(content["fields"], contact)
    amount = Decimal(fields.get("requested_amount") or "0")
    matching = Decimal(fields.get("matching_funds") or "0")
    budget = [
        {
            "category": BudgetCategory(line["category"]).label,
            "amount": Decimal(line["amount"]),
            "note": line["note"],
        }
        for line in content["budget_lines"]
    ]
    budget_total = sum((line["amount"] for line in budget), Decimal("0"))
    for line in budget:
        line["share"] = (line["amount"] * 100 / budget_total) if budget_total else None
    period = ""
    if fields.get("period_start") and fields.get("period_end"):
        start, end = (
            date.fromisoformat(fields["period_start"]),
            date.fromisoformat(fields["period_end"]),
        )
        period = f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"
    basics = [
        ("项目名称", fields.get("title", "")),
        ("申报单位", project.organisation.name),
        ("统一社会信用代码", project.organisation.credit_code),
        ("单位类型", project.organisation.get_org_type_display()),
        ("法定代表人", project.organisation.legal_representative),
        ("服务社区", f"{project.community.street.name}{fields.get('community', '')}"),
        ("项目指引", fields.get("guide_item") or "—"),
        ("服务期", period or "—"),
        ("预计受益人数", fields.get("beneficiaries") or "—"),
        ("申请资助金额", money(amount)),
        ("配套资金", money(matching)),
    ]
    if contact is not ContactView.HIDDEN:
        basics.append(("项目联系人", fields.get(CONTACT_NAME) or "—"))
        basics.append(("联系电话", fields.get(CONTACT_PHONE) or "—"))
    return {
        "project": project,
        "version": version,
        "submitted_on": issued_on(version.submitted_at),
        "basics": basics,
        "sections": [(label, fields.get(name, "")) for label, name in APPLICATION_SECTIONS],
        "indicators": [
            {
                "name": item["name"],
                "unit": item["unit"],
                "target": format_quantity(Decimal(item["target"])),
                "measured_by": item["measured_by"],
            }
            for item in content.get("indicators", [])
        ],
        "budget": budget,
        "budget_total": budget_total,
        "attachments": [
            (AttachmentKind(item["kind"]).label, item["name"]) for item in content["attachments"]
        ],
    }


def application_filename(version: ProjectVersion) -> str:
    project = version.project
    return filename("申报书", project.title, f"第{version.number}版", extension="pdf")


# --- 项目协议书 ------------------------------------------------------------------------------

TRIGGER_CONDITIONS = {
    TrancheTrigger.AGREEMENT: "协议签订后",
    TrancheTrigger.MIDTERM: "项目通过中期评估后",
    TrancheTrigger.FINAL: "项目结项评估等级为合格及以上后",
}


@dataclass(frozen=True)
class Instalment:
    sequence: int
    condition: str
    percent: Decimal
    amount: Decimal

    @property
    def amount_text(self) -> str:
        return money(self.amount)


def instalments(project: Project) -> list[Instalment]:
    """The tranche schedule: as fixed on signing, or before it as the programme's rules
    will fix it (the same arithmetic: the last tranche takes the remainder)."""
    tranches = list(project.tranches.order_by("sequence"))
    if tranches:
        return [
            Instalment(t.sequence, TRIGGER_CONDITIONS[t.trigger], t.percent, t.amount)
            for t in tranches
        ]
    rules = [(r.trigger, r.percent) for r in project.call.programme.tranche_rules.all()]
    rules = rules or DEFAULT_SCHEDULE
    amounts = split_by_percent(project.approved_amount or Decimal("0"), [p for _, p in rules])
    return [
        Instalment(sequence, TRIGGER_CONDITIONS[trigger], percent, amount)
        for sequence, ((trigger, percent), amount) in enumerate(
            zip(rules, amounts, strict=True), start=1
        )
    ]


AGREEMENT_STATES = frozenset(
    {
        ProjectState.APPROVED,
        ProjectState.CONTRACTED,
        ProjectState.IN_PROGRESS,
        ProjectState.MIDTERM_REVIEW,
        ProjectState.RECTIFYING,
        ProjectState.FINAL_REVIEW,
        ProjectState.CLOSED,
        ProjectState.TERMINATED,
    }
)


def agreement_clauses(project: Project, schedule: list[Instalment]) -> list[tuple[str, list[str]]]:
    """The agreement's articles, each a heading and its paragraphs."""
    served = f"{project.community.street.name}{project.community.name}"
    period = service_period(project) or "自本协议签订之日起十二个月"
    return [
        (
            "第一条　项目内容",
            [
                f"乙方按经甲方审定的“{project.title}”项目申报书（以下简称申报书），在{served}"
                f"开展服务，服务期为{period}。申报书所列服务对象、服务内容和目标与指标为本"
                "协议的组成部分。",
            ],
        ),
        (
            "第二条　资助金额",
            [f"甲方资助乙方{money(project.approved_amount)}，专款专用。"],
        ),
        (
            "第三条　拨付方式",
            [
                f"资助资金分{len(schedule)}期拨付至乙方对公账户，各期拨付条件和金额如下表；"
                "未达到拨付条件的，甲方暂停拨付后续资金。"
            ],
        ),
        (
            "第四条　甲方权利义务",
            [
                "（一）按本协议约定及时拨付资助资金；",
                "（二）对项目实施情况进行督导、中期评估和结项评估，评估结果作为后续拨付的依据；",
                "（三）项目执行中出现严重违约、挪用资金等情形的，有权终止本协议，停止拨付并"
                "追回已拨付资金。",
            ],
        ),
        (
            "第五条　乙方权利义务",
            [
                "（一）按申报书组织实施项目，如实登记服务记录、资金支出，按时提交中期报告和"
                "结项报告；",
                "（二）资助资金专款专用、单独核算，管理费、人员费等不超过资助计划规定的比例；",
                "（三）接受甲方、街道及社区的督导和居民满意度测评，按期完成整改要求；",
                "（四）项目重大事项变更，应事先书面报甲方同意。",
            ],
        ),
        (
            "第六条　其他",
            [
                "本协议未尽事宜，由双方协商解决。本协议一式三份，甲乙双方及项目服务社区所在"
                "街道各执一份，自双方签字盖章之日起生效。",
            ],
        ),
    ]


def agreement(project: Project) -> dict:
    schedule = instalments(project)
    return {
        "project": project,
        "number": project.agreement_number,
        "signed_on": project.agreement_date,
        "schedule": schedule,
        "clauses": agreement_clauses(project, schedule),
        "amount": money(project.approved_amount),
        "notice_number": notice_number(project, approval_date(project).year),
    }


def agreement_filename(project: Project, extension: str = "pdf") -> str:
    number = project.agreement_number or "待签订"
    return filename("项目协议书", number, project.title, extension=extension)


# --- 结项证书 -------------------------------------------------------------------------------

CERTIFIED_GRADES = frozenset({Grade.EXCELLENT, Grade.GOOD, Grade.PASS})
GRADE_WORDS = {Grade.EXCELLENT: "优秀", Grade.GOOD: "良好", Grade.PASS: "合格"}


def closed_on(project: Project) -> date:
    closing = project.transition_logs.filter(transition="close").order_by("-at").first()
    return issued_on(closing.at if closing else None)


def certificate(project: Project) -> dict:
    closed = closed_on(project)
    return {
        "project": project,
        "number": f"{settings.NOTICE_PREFIX}结〔{closed.year}〕{project.pk:03d}号",
        "grade": GRADE_WORDS[Grade(project.grade)],
        "date": closed,
        "period": service_period(project) or "—",
    }


def certificate_filename(project: Project) -> str:
    return filename("结项证书", project.title, extension="pdf")


# --- 拨付通知 -------------------------------------------------------------------------------


def payment_notice(payment: Payment) -> dict:
    tranche = payment.tranche
    project = tranche.project
    paid_before = sum(
        (p.amount for p in Payment.objects.filter(tranche__project=project, pk__lt=payment.pk)),
        Decimal("0"),
    )
    paid_to_date = paid_before + payment.amount
    approved = project.approved_amount or Decimal("0")
    return {
        "payment": payment,
        "tranche": tranche,
        "project": project,
        "number": f"{settings.NOTICE_PREFIX}拨〔{payment.paid_on.year}〕{payment.pk:03d}号",
        "condition": TRIGGER_CONDITIONS[TrancheTrigger(tranche.trigger)],
        "body": f"根据你单位与我局签订的项目协议（{project.agreement_number or '—'}），"
        f"“{project.title}”项目第{tranche.sequence}期资助资金"
        f"（{TRIGGER_CONDITIONS[TrancheTrigger(tranche.trigger)]}拨付资助金额的"
        f"{tranche.percent:.0f}%）已于{payment.paid_on.year}年{payment.paid_on.month}月"
        f"{payment.paid_on.day}日拨付{money(payment.amount)}，凭证号{payment.voucher_number}。"
        "请注意查收，并按协议约定专款专用、单独核算。",
        "amount": money(payment.amount),
        "approved": money(approved),
        "paid_to_date": paid_to_date,
        "remaining": approved - paid_to_date,
    }


def payment_notice_filename(payment: Payment) -> str:
    project = payment.tranche.project
    return filename(
        "拨付通知",
        project.title,
        f"第{payment.tranche.sequence}期",
        payment.voucher_number,
        extension="pdf",
    )


# --- 评分表 ----------------------------------------------------------------------------------


def score_sheet(sheet: ScoreSheet) -> dict:
    """An expert's own sheet: criteria, maxima, points, comments, total; the project and
    organisation by name only (never the applicant's contact)."""
    scores = {score.criterion_id: score for score in sheet.scores.all()}
    rows = [
        {
            "order": criterion.order,
            "name": criterion.name,
            "max": criterion.max_points,
            "points": scores[criterion.pk].points if criterion.pk in scores else None,
            "comment": scores[criterion.pk].comment if criterion.pk in scores else "",
        }
        for criterion in sheet.panel.rubric.criteria.order_by("order")
    ]
    return {
        "sheet": sheet,
        "project": sheet.panel.project,
        "expert": sheet.expert,
        "stage_label": STAGE_NAMES[Stage(sheet.panel.stage)],
        "rows": rows,
        "maximum": sum((row["max"] for row in rows), Decimal("0")),
        "total": total(sheet),
        "submitted": sheet.state == SheetState.SUBMITTED,
        "submitted_on": issued_on(sheet.submitted_at) if sheet.submitted_at else None,
    }


def score_sheet_filename(sheet: ScoreSheet) -> str:
    return filename(
        "评分表",
        STAGE_NAMES[Stage(sheet.panel.stage)],
        sheet.panel.project.title,
        sheet.expert.name,
        extension="pdf",
    )


# --- 评审汇总表 ------------------------------------------------------------------------------


def review_summary_filename(call, stage: str, extension: str) -> str:
    return filename(
        "评审汇总", call.year, STAGE_NAMES[Stage(stage)], call.title, extension=extension
    )
