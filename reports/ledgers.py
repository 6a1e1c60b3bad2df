"""The rows of each Excel report, built from the same querysets and figures as the pages
they come from."""

from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext as _

from grants.models import Grade, Payment, ProjectState
from grants.stages import Stage
from reports.excel import Column, Sheet
from reviews.results import ranking


def project_ledger(projects) -> list[Sheet]:
    columns = [
        Column(_("Project"), 32),
        Column(_("Organisation"), 30),
        Column(_("Unified social credit code"), 22),
        Column(_("Call"), 30),
        Column(_("Year"), 8, "int"),
        Column(_("Street"), 14),
        Column(_("Community"), 14),
        Column(_("State"), 14),
        Column(_("Requested amount"), 16, "money", total=True),
        Column(_("Approved amount"), 16, "money", total=True),
        Column(_("Paid so far"), 16, "money", total=True),
        Column(_("Review score"), 10, "score"),
        Column(_("Final score"), 10, "score"),
        Column(_("Grade"), 8),
        Column(_("Last submitted"), 12, "date"),
    ]
    states = {code: str(label) for code, label in ProjectState.choices}
    grades = {code: str(label) for code, label in Grade.choices} | {"": ""}
    fields = [
        "title",
        "organisation__name",
        "organisation__credit_code",
        "call__title",
        "call__year",
        "community__street__name",
        "community__name",
        "state",
        "requested_amount",
        "approved_amount",
        "paid_amount",
        "panel_score",
        "final_score",
        "grade",
        "submitted_at",
    ]
    state_at, grade_at = fields.index("state"), fields.index("grade")

    def rows():
        for values in projects.values_list(*fields).iterator(chunk_size=5000):
            row = list(values)
            row[state_at] = states[row[state_at]]
            row[grade_at] = grades[row[grade_at]]
            yield row

    return [Sheet(_("Project ledger"), columns, rows())]


def disbursement_ledger(tranches) -> list[Sheet]:
    tranches = tranches.select_related("project__organisation", "project__call").annotate(
        last_paid_on=Max("payments__paid_on")
    )
    schedule = Sheet(
        _("Tranche schedule"),
        [
            Column(_("Project"), 32),
            Column(_("Organisation"), 30),
            Column(_("Agreement"), 18),
            Column(_("Tranche"), 8, "int"),
            Column(_("Paid when"), 26),
            Column(_("Share"), 10, "percent"),
            Column(_("Amount"), 16, "money", total=True),
            Column(_("Paid so far"), 16, "money", total=True),
            Column(_("Still due"), 16, "money", total=True),
            Column(_("Status"), 12),
            Column(_("Last payment"), 12, "date"),
        ],
        (
            [
                t.project.title,
                t.project.organisation.name,
                t.project.agreement_number,
                t.sequence,
                t.get_trigger_display(),
                t.percent,
                t.amount,
                t.paid_amount,
                t.amount - t.paid_amount if t.status != "cancelled" else Decimal("0"),
                t.get_status_display(),
                t.last_paid_on,
            ]
            for t in tranches.order_by("project__title", "sequence").iterator(chunk_size=2000)
        ),
    )
    payments = Payment.objects.filter(tranche__in=tranches.values("pk")).select_related(
        "tranche__project__organisation"
    )
    paid = Sheet(
        _("Payments"),
        [
            Column(_("Payment date"), 12, "date"),
            Column(_("Voucher number"), 18),
            Column(_("Project"), 32),
            Column(_("Organisation"), 30),
            Column(_("Tranche"), 8, "int"),
            Column(_("Amount"), 16, "money", total=True),
        ],
        (
            [
                p.paid_on,
                p.voucher_number,
                p.tranche.project.title,
                p.tranche.project.organisation.name,
                p.tranche.sequence,
                p.amount,
            ]
            for p in payments.order_by("paid_on", "id").iterator(chunk_size=2000)
        ),
    )
    return [schedule, paid]


def review_summary(call, stage: str) -> list[Sheet]:
    ranked, _available = ranking(call, stage)
    criteria_names: list[str] = []
    for row in ranked:
        for criterion in row.result.panel.rubric.criteria.all():
            if criterion.name not in criteria_names:
                criteria_names.append(criterion.name)
    detail_rows = []
    for row in ranked:
        for line in row.result.lines:
            points = {s.criterion.name: s.points for s in line.sheet.scores.all()}
            detail_rows.append(
                [
                    row.result.panel.project.title,
                    line.sheet.expert.name,
                    *[points.get(name) for name in criteria_names],
                    line.total,
                    _("yes") if line.dropped else _("no"),
                    _("yes") if line.flagged else "",
                ]
            )
    detail = Sheet(
        _("Review details"),
        [
            Column(_("Project"), 32),
            Column(_("Expert"), 12),
            *[Column(name, 10, "score") for name in criteria_names],
            Column(_("Total"), 10, "score"),
            Column(_("Dropped"), 8),
            Column(_("Far from the mean"), 10),
        ],
        detail_rows,
    )
    summary = Sheet(
        _("Review summary"),
        [
            Column(_("Rank"), 6, "int"),
            Column(_("Project"), 32),
            Column(_("Organisation"), 30),
            Column(_("Panel score"), 10, "score"),
            Column(_("Sheets submitted"), 10),
            Column(_("Flags"), 8, "int"),
            Column(_("Requested amount"), 16, "money", total=True),
            Column(_("Approved amount"), 16, "money", total=True),
            *([Column(_("Funding line"), 16)] if stage == Stage.INITIAL else []),
        ],
        [
            [
                row.rank,
                row.result.panel.project.title,
                row.result.panel.project.organisation.name,
                row.result.outcome.score,
                f"{row.result.outcome.submitted}/{row.result.outcome.assigned}",
                sum(1 for line in row.result.lines if line.flagged),
                row.requested,
                row.result.panel.project.approved_amount,
                *([row.standing_label] if stage == Stage.INITIAL else []),
            ]
            for row in ranked
        ],
    )
    return [summary, detail]  # the workbook opens on its first sheet: the summary


def compliance_sheets(rows) -> list[Sheet]:
    """Both sheets, their rows made as the workbook writes them (``rows`` is read twice:
    a list, or anything that can be iterated again)."""
    fund = Sheet(
        _("Service fund"),
        [
            Column(_("Street"), 14),
            Column(_("Community"), 14),
            Column(_("Plan"), 10),
            Column(_("Annual fund"), 16, "money", total=True),
            Column(_("Project-based services"), 16, "money", total=True),
            Column(_("Share"), 10, "percent"),
            Column(_("Complies"), 8),
        ],
        (
            [
                r.community.street.name,
                r.community.name,
                r.plan.get_state_display() if r.plan else _("No plan"),
                r.fund.fund if r.fund else None,
                r.fund.project_based if r.fund else None,
                r.fund.share if r.fund else None,
                _("yes") if r.fund_passes else _("no"),
            ]
            for r in rows
        ),
    )
    space = Sheet(
        _("Service space"),
        [
            Column(_("Street"), 14),
            Column(_("Community"), 14),
            Column(_("Registry"), 10),
            Column(_("Total area (m²)"), 14, "money", total=True),
            Column(_("Designated uses"), 12, "percent"),
            Column(_("Home-based elderly care"), 12, "percent"),
            Column(_("Open to social organisations"), 14, "percent"),
            Column(_("Complies"), 8),
        ],
        (
            [
                r.community.street.name,
                r.community.name,
                r.registry.get_state_display() if r.registry else _("No registry"),
                r.space.total if r.space else None,
                *([share.share for share in r.space.shares] if r.space else [None, None, None]),
                _("yes") if r.space_passes else _("no"),
            ]
            for r in rows
        ),
    )
    return [fund, space]
