"""Demo delivery for ``seed_demo``: the indicators of every demo proposal, and for the
running demo projects service records (some with photos), spending and site visits — one
project behind schedule, one over-spent, one with an overdue follow-up.

Everything goes through the real use cases; as in the rest of the demo, months are
compressed into one run: records are entered with their own dates, then their recording
time and correction window are moved into the past, as time would have done (so older
records are locked), and an overdue follow-up gets its dates moved back.
"""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from grants import delivery_reports, records, spending, visits
from grants.models import (
    REPORTING_STATES,
    ActivityKind,
    AttachmentKind,
    BudgetCategory,
    Indicator,
    Project,
    ServiceRecord,
    SiteVisit,
)

D = Decimal

# Per demo proposal (grants.demo.PROPOSALS, same order): its indicators (name, unit,
# target, how measured) and the kind of activity its records are.
INDICATORS = [
    (
        [("结对老人", "名", 100, "结对档案"), ("上门探访", "人次", 2400, "探访记录表")],
        ActivityKind.HOME_VISIT,
    ),
    ([("服务儿童", "名", 60, "学员档案"), ("课堂开放", "天", 180, "考勤表")], ActivityKind.GROUP),
    (
        [("服务家庭", "户", 40, "服务档案"), ("上门康复", "人次", 320, "服务记录")],
        ActivityKind.HOME_VISIT,
    ),
    (
        [("个案档案", "份", 30, "个案档案"), ("链接资源", "项", 50, "资源台账")],
        ActivityKind.CASEWORK,
    ),
    (
        [("议事骨干", "名", 20, "骨干名册"), ("议事会", "次", 10, "会议纪要")],
        ActivityKind.CONSULTATION,
    ),
    (
        [("助餐", "人次", 12000, "助餐签到表"), ("送餐上门", "人次", 3600, "送餐登记表")],
        ActivityKind.MEAL,
    ),
    (
        [("小组活动", "节", 24, "活动记录"), ("服务青少年", "人次", 150, "签到表")],
        ActivityKind.GROUP,
    ),
    (
        [("调解纠纷", "起", 40, "调解台账"), ("法律进社区活动", "场", 6, "签到表")],
        ActivityKind.COMMUNITY,
    ),
]
PLACES = ["社区活动室", "社区党群服务中心", "居民楼道", "社区广场", "服务对象家中"]
RECORDS_PER_PROJECT = 8
KIND_BY_FIRST_INDICATOR = {rows[0][0]: kind for rows, kind in INDICATORS}


def add_indicators(project: Project, number: int) -> None:
    """The indicators of demo proposal ``number`` (before it is submitted, so that its
    versions freeze them)."""
    rows, _kind = INDICATORS[(number - 1) % len(INDICATORS)]
    Indicator.objects.bulk_create(
        Indicator(project=project, name=name, unit=unit, target=D(target), measured_by=how)
        for name, unit, target, how in rows
    )


# The demo's first four projects in progress (grants.demo numbers them in STATE_PLAN
# order): one shown off with photos and a draft mid-term report, one behind schedule, one
# over-spent, one with an overdue follow-up. Every other running project is on track.
SHOWCASE, BEHIND, OVERSPENT, OVERDUE = 21, 22, 23, 24


def deliver(project: Project, number: int) -> None:
    """Records, spending and visits for demo project ``number``, just brought into a
    running state by ``grants.demo.bring_project``."""
    if project.state not in REPORTING_STATES or not project.indicators.exists():
        return
    member = project.organisation.members.order_by("pk").first()
    if member is None:
        return
    officer = User.objects.get(username="demo_officer")
    street = User.objects.filter(username="demo_street").first()
    share = D("0.35") if number == BEHIND else D("0.86") + D(number % 3) / 50
    _records(project, member, share=share, photos=number == SHOWCASE or number % 5 == 0)
    _spending(project, member, overspent=number == OVERSPENT)
    _visits(project, officer, street, member, overdue=number == OVERDUE)
    if number == SHOWCASE:
        delivery_reports.save_report(
            project=project,
            kind=AttachmentKind.MIDTERM_REPORT,
            by=member,
            narrative=delivery_reports.Narrative(
                progress_summary="项目按计划推进，已培育楼道议事骨干并召开月度议事会。",
                problems="部分楼栋居民参与不足。",
                next_steps="招募楼栋志愿者，扩大议事覆盖面。",
            ),
        )


def _dates(project: Project, how_many: int) -> list[date]:
    """``how_many`` dates spread over the service period so far, the last yesterday."""
    start = project.period_start or timezone.localdate() - timedelta(days=300)
    last = timezone.localdate() - timedelta(days=1)
    step = max((last - start).days // how_many, 1)
    return [last - timedelta(days=step * n) for n in reversed(range(how_many))]


def _records(project: Project, member: User, *, share: Decimal, photos: bool) -> None:
    indicators = list(project.indicators.all())
    kind = KIND_BY_FIRST_INDICATOR.get(indicators[0].name, ActivityKind.OTHER)
    for number, day in enumerate(_dates(project, RECORDS_PER_PROJECT)):
        increments = {
            indicator.pk: (indicator.target * share / RECORDS_PER_PROJECT).quantize(D("1"))
            for indicator in indicators
        }
        uploads = [_photo(number, n) for n in range(2)] if photos and number >= 5 else []
        record = records.record_activity(
            project=project,
            by=member,
            activity=records.Activity(
                occurred_on=day,
                place=PLACES[number % len(PLACES)],
                community=project.community,
                kind=kind,
                participants=12 + (number * 7) % 25,
                volunteer_hours=D(2 + number % 4),
                note="活动按计划开展，服务对象反馈良好。" if number % 3 == 0 else "",
                increments=increments,
            ),
            photo_uploads=uploads,
        )
        recorded = timezone.make_aware(datetime.combine(day, time(18)))
        ServiceRecord.objects.filter(pk=record.pk).update(
            recorded_at=recorded, editable_until=recorded + timedelta(days=7)
        )


def _spent_on(project: Project, days_ago: int) -> date:
    """``days_ago`` before today, but never before the agreement: the grant pays from the
    signing on (the demo signs its agreements on the day it is seeded)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    return max(day, project.agreement_date) if project.agreement_date else day


def _spending(project: Project, member: User, *, overspent: bool) -> None:
    shares = {
        BudgetCategory.PERSONNEL: D("0.40"),
        BudgetCategory.ACTIVITY: D("0.42"),
        BudgetCategory.MANAGEMENT: D("1.25") if overspent else D("0.38"),
    }
    for number, line in enumerate(project.budget_lines.order_by("pk")):
        total = (line.amount * shares.get(line.category, D("0.4"))).quantize(D("0.01"))
        first = (total * D("0.6")).quantize(D("0.01"))
        for part, (amount, days_ago) in enumerate(((first, 120), (total - first, 20))):
            spending.record_spending(
                project=project,
                by=member,
                expense=spending.Expense(
                    spent_on=_spent_on(project, days_ago),
                    budget_line_id=line.pk,
                    amount=amount,
                    payee="项目社工薪酬"
                    if line.category == BudgetCategory.PERSONNEL
                    else "服务供应商",
                    voucher_number=f"JZ{project.pk:03d}-{number + 1}{part + 1}",
                ),
            )
    project.spendings.filter(spent_on__lt=timezone.localdate() - timedelta(days=7)).update(
        editable_until=timezone.now() - timedelta(days=1)
    )


def _visits(
    project: Project, officer: User, street: User | None, member: User, *, overdue: bool
) -> None:
    today = timezone.localdate()
    first = visits.record_visit(
        project=project,
        by=officer,
        visit=visits.Visit(
            visited_on=today - timedelta(days=60),
            visitors="区民政局 项目主管",
            findings="服务台账基本完整，活动照片与签到表对应。",
            rating="good",
            follow_up="补充 9 月份活动签到表扫描件。",
            follow_up_due=today + timedelta(days=5),
        ),
    )
    visits.answer_follow_up(visit=first, by=member, answer="已补充并上传 9 月签到表扫描件。")
    SiteVisit.objects.filter(pk=first.pk).update(
        follow_up_due=today - timedelta(days=45),
        answered_at=timezone.now() - timedelta(days=50),
    )
    visitor = (
        street
        if street is not None and street.street_id == project.community.street_id
        else officer
    )
    second = visits.record_visit(
        project=project,
        by=visitor,
        visit=visits.Visit(
            visited_on=today - timedelta(days=12),
            visitors="雨花街道 社会组织服务中心" if visitor is street else "区民政局 项目主管",
            findings="服务开展正常；资金支出凭证需按科目归档。",
            rating="fair" if overdue else "good",
            follow_up="按预算科目整理支出凭证并装订成册。",
            follow_up_due=today + timedelta(days=10),
        ),
    )
    if overdue:  # the deadline has passed without an answer
        SiteVisit.objects.filter(pk=second.pk).update(
            visited_on=today - timedelta(days=25), follow_up_due=today - timedelta(days=5)
        )


def _photo(record_number: int, photo_number: int) -> SimpleUploadedFile:
    """A simple picture standing in for an activity photo."""
    colours = [(233, 196, 106), (42, 157, 143), (231, 111, 81), (38, 70, 83)]
    image = Image.new("RGB", (960, 720), colours[(record_number + photo_number) % 4])
    draw = ImageDraw.Draw(image)
    for n in range(6):
        x = 80 + n * 140
        draw.ellipse((x, 380, x + 110, 490), fill=(250, 250, 245))
        draw.rectangle((x + 15, 490, x + 95, 680), fill=(250, 250, 245))
    draw.rectangle((0, 0, 960, 120), fill=(29, 92, 143))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return SimpleUploadedFile(
        f"活动照片{record_number + 1}-{photo_number + 1}.jpg",
        output.getvalue(),
        content_type="image/jpeg",
    )
