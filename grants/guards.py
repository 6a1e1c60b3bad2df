"""The guards of the project transitions: each returns every problem found, as sentences
that name the numbers. An empty list means the transition may go ahead."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import eligibility
from grants.arithmetic import format_yuan, money_total, percent_of, share_percent
from grants.models import (
    AttachmentKind,
    BudgetCategory,
    Call,
    Programme,
    Project,
    ProjectState,
)
from grants.models.projects import FUNDED_STATES


@dataclass(frozen=True)
class PanelOutcome:
    """What a review panel concluded, handed to the decisions that depend on it.

    Built by the reviews app; grants never reads score sheets itself.
    """

    assigned: int
    submitted: int
    score: Decimal | None

    @property
    def complete(self) -> bool:
        return self.assigned > 0 and self.submitted == self.assigned and self.score is not None


REQUIRED_TEXT = ["service_targets", "needs_analysis", "service_content", "goals"]


def submission_problems(project: Project, *, now: datetime) -> list[str]:
    problems = _window_problems(project, now)
    problems += _content_problems(project)
    problems += guide_item_problems(project)
    problems += eligibility.eligibility_problems(
        project.organisation, project.programme, year=project.call.year
    )
    problems += _budget_problems(project)
    problems += _attachment_problems(project)
    return problems


def _window_problems(project: Project, now: datetime) -> list[str]:
    call = project.call
    if call.is_open(now):
        return []
    deadline = project.resubmission_deadline
    if project.state == ProjectState.RETURNED and deadline and now.date() <= deadline:
        return []
    if project.state == ProjectState.RETURNED and deadline:
        return [
            _("The resubmission deadline %(deadline)s has passed.")
            % {"deadline": deadline.isoformat()}
        ]
    if now < call.opens_at:
        return [
            _("The call opens on %(opens)s; it does not accept applications yet.")
            % {"opens": _local_date(call.opens_at)}
        ]
    return [
        _("The call closed on %(closes)s; it no longer accepts applications.")
        % {"closes": _local_date(call.closes_at)}
    ]


def _local_date(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _content_problems(project: Project) -> list[str]:
    missing = [
        str(Project._meta.get_field(field).verbose_name)
        for field in REQUIRED_TEXT
        if not getattr(project, field).strip()
    ]
    if not missing:
        return []
    return [_("Please fill in: %(parts)s.") % {"parts": "、".join(missing)}]


def guide_item_problems(project: Project) -> list[str]:
    """A guide item serves its community, or the communities of its street: the project
    answering it serves one of them, in the call the item belongs to."""
    item = project.guide_item
    if item is None:
        return []
    if item.call_id != project.call_id:
        return [_("The guide item “%(item)s” belongs to another call.") % {"item": item.title}]
    community, target_community, target_street = project.community, item.community, item.street
    if target_community is not None and target_community.pk != project.community_id:
        return [
            _("The guide item “%(item)s” serves %(target)s; this project serves %(community)s.")
            % {
                "item": item.title,
                "target": target_community.name,
                "community": community.name if community else "—",
            }
        ]
    if target_street is not None and (community is None or community.street_id != target_street.pk):
        return [
            _(
                "The guide item “%(item)s” serves the communities of %(target)s; this project "
                "serves %(community)s."
            )
            % {
                "item": item.title,
                "target": target_street.name,
                "community": community.name if community else "—",
            }
        ]
    return []


def budget_total_problems(*, amounts: Sequence[Decimal], requested: Decimal | None) -> list[str]:
    """The budget lines against the requested amount: at least one line, the lines adding
    up to the request, a request entered. The submit guard asks this of the saved lines;
    the live total on the proposal form asks it of what is being typed (``requested`` is
    ``None`` when what was typed is not an amount)."""
    problems = []
    if not amounts:
        problems.append(_("Add at least one budget line."))
    total = money_total(amounts)
    if amounts and requested is not None and total != requested:
        problems.append(
            _(
                "The budget totals %(total)s yuan, which differs from the requested amount "
                "of %(requested)s yuan."
            )
            % {"total": format_yuan(total), "requested": format_yuan(requested)}
        )
    if requested is None or requested <= 0:
        problems.append(_("Enter the amount you request."))
    return problems


def _budget_problems(project: Project) -> list[str]:
    programme = project.call.programme
    lines = list(project.budget_lines.all())
    requested = project.requested_amount
    amounts = [line.amount for line in lines]
    problems = budget_total_problems(amounts=amounts, requested=requested)
    problems += max_grant_problems(programme, requested=requested)
    problems += [
        share.problem
        for share in cap_shares(
            [(line.category, line.amount) for line in lines], caps_of(programme)
        )
        if share.over
    ]
    problems += matching_problems(
        programme, requested=requested, matching_funds=project.matching_funds
    )
    return problems


def max_grant_problems(programme: Programme, *, requested: Decimal | None) -> list[str]:
    """The request against the programme's maximum (the submit guard with the saved
    figure; the live total with the typed one, ``None`` when it is not an amount)."""
    if requested is None or requested <= programme.max_grant:
        return []
    return [
        _("The requested %(requested)s yuan is above the programme's maximum of %(max)s yuan.")
        % {"requested": format_yuan(requested), "max": format_yuan(programme.max_grant)}
    ]


def matching_problems(
    programme: Programme, *, requested: Decimal | None, matching_funds: Decimal | None
) -> list[str]:
    """The matching funds against the programme's ratio of the request."""
    if requested is None or matching_funds is None:
        return []
    required = percent_of(requested, programme.matching_ratio)
    if matching_funds >= required:
        return []
    return [
        _(
            "Matching funds of %(matching)s yuan are below the required %(ratio)s%% of "
            "the request, %(required)s yuan."
        )
        % {
            "matching": format_yuan(matching_funds),
            "ratio": programme.matching_ratio,
            "required": format_yuan(required),
        }
    ]


@dataclass(frozen=True)
class CapShare:
    """A capped budget category: what it holds, its share of the budget, and its cap."""

    category: str
    amount: Decimal
    share: Decimal
    cap: Decimal
    over: bool

    @property
    def label(self) -> str:
        return str(BudgetCategory(self.category).label)

    @property
    def problem(self) -> str:
        return _(
            "%(category)s is %(amount)s yuan, %(share)s%% of the budget, above the cap of "
            "%(cap)s%%."
        ) % {
            "category": self.label,
            "amount": format_yuan(self.amount),
            "share": self.share,
            "cap": self.cap,
        }


def caps_of(programme: Programme) -> list[tuple[str, Decimal]]:
    return [(cap.category, cap.max_percent) for cap in programme.budget_caps.all()]


def cap_shares(
    lines: Sequence[tuple[str, Decimal]], caps: Sequence[tuple[str, Decimal]]
) -> list[CapShare]:
    """Each capped category of a budget of ``(category, amount)`` lines, compared exactly
    (over when amount × 100 > cap × total); an empty budget is over no cap."""
    total = money_total([amount for _category, amount in lines])
    by_category: dict[str, Decimal] = {}
    for category, amount in lines:
        by_category[category] = by_category.get(category, Decimal("0.00")) + amount
    shares = []
    for category, cap in caps:
        amount = by_category.get(category, Decimal("0.00"))
        shares.append(
            CapShare(
                category=category,
                amount=amount,
                share=share_percent(amount, total),
                cap=cap,
                over=bool(total) and amount * 100 > cap * total,
            )
        )
    return shares


def _attachment_problems(project: Project) -> list[str]:
    required = project.call.programme.required_attachments or []
    present = set(project.attachments.values_list("kind", flat=True))
    missing = [str(AttachmentKind(kind).label) for kind in required if kind not in present]
    if not missing:
        return []
    return [_("Attach: %(kinds)s.") % {"kinds": "、".join(missing)}]


def reason_problems(reason: str) -> list[str]:
    return [] if reason.strip() else [_("Give a reason; the applicant will read it.")]


def deadline_problems(deadline: date | None, *, today: date) -> list[str]:
    if deadline is None:
        return [_("Set a deadline.")]
    if deadline <= today:
        return [_("The deadline must be after today (%(today)s).") % {"today": today.isoformat()}]
    return []


def remaining_budget(call: Call, *, excluding: Project | None = None) -> Decimal:
    """The call's budget not yet held by approved, contracted or running projects.
    A terminated project holds only what was paid to it."""
    projects = call.projects.filter(state__in=FUNDED_STATES | {ProjectState.TERMINATED})
    if excluding is not None:
        projects = projects.exclude(pk=excluding.pk, state__in=FUNDED_STATES)
    # One aggregate over the call's index on (call, state).
    totals = projects.aggregate(
        approved=Sum("approved_amount", filter=Q(state__in=FUNDED_STATES)),
        paid_out=Sum("paid_amount", filter=Q(state=ProjectState.TERMINATED)),
    )
    zero = Decimal("0.00")
    return call.total_budget - (totals["approved"] or zero) - (totals["paid_out"] or zero)


def held_by(project: Project) -> Decimal | None:
    """What one project holds of its call's budget, as ``remaining_budget`` counts it:
    its grant once approved, what was paid to it once terminated; None before."""
    if project.state in FUNDED_STATES:
        return project.approved_amount or Decimal("0.00")
    if project.state == ProjectState.TERMINATED:
        return project.paid_amount
    return None


def approval_problems(
    project: Project, *, outcome: PanelOutcome, amount: Decimal | None, override_reason: str
) -> list[str]:
    programme = project.call.programme
    problems = panel_problems(outcome)
    below_threshold = outcome.score is not None and outcome.score < programme.pass_threshold
    if below_threshold and not override_reason.strip():
        problems.append(
            _(
                "The panel score %(score)s is below the pass threshold %(threshold)s; "
                "approving anyway needs a written reason."
            )
            % {"score": outcome.score, "threshold": programme.pass_threshold}
        )
    if amount is None or amount <= 0:
        problems.append(_("Enter the approved amount."))
        return problems
    if amount > project.requested_amount:
        problems.append(
            _("The approved %(amount)s yuan is more than the %(requested)s yuan requested.")
            % {
                "amount": format_yuan(amount),
                "requested": format_yuan(project.requested_amount),
            }
        )
    remaining = remaining_budget(project.call, excluding=project)
    if amount > remaining:
        problems.append(
            _("The approved %(amount)s yuan is more than the call's remaining %(remaining)s yuan.")
            % {"amount": format_yuan(amount), "remaining": format_yuan(remaining)}
        )
    return problems


def panel_problems(outcome: PanelOutcome) -> list[str]:
    if outcome.assigned == 0:
        return [_("No expert panel has been assigned to this project yet.")]
    if outcome.submitted < outcome.assigned:
        return [
            _("%(submitted)s of %(assigned)s experts have submitted their score sheets.")
            % {"submitted": outcome.submitted, "assigned": outcome.assigned}
        ]
    if outcome.score is None:
        return [_("The panel has no score yet.")]
    return []


def midterm_pass_problems(project: Project, outcome: PanelOutcome) -> list[str]:
    problems = panel_problems(outcome)
    threshold = project.call.programme.pass_threshold
    if not problems and outcome.score is not None and outcome.score < threshold:
        problems.append(
            _("The mid-term score %(score)s is below the pass threshold %(threshold)s.")
            % {"score": outcome.score, "threshold": threshold}
        )
    return problems


def agreement_problems(
    project: Project, *, number: str, signed_on: date | None, today: date
) -> list[str]:
    problems = []
    if project.publicity_ends_on and today <= project.publicity_ends_on:
        problems.append(
            _("The publicity period runs until %(end)s; sign the agreement after it.")
            % {"end": project.publicity_ends_on.isoformat()}
        )
    if not number.strip():
        problems.append(_("Enter the agreement number."))
    elif Project.objects.filter(agreement_number=number.strip()).exclude(pk=project.pk).exists():
        problems.append(
            _("Agreement number %(number)s is already used by another project.")
            % {"number": number.strip()}
        )
    if signed_on is None:
        problems.append(_("Enter the date the agreement was signed."))
    elif signed_on > today:
        problems.append(_("The signing date cannot be in the future."))
    return problems


def report_problems(project: Project, kind: str, *, since: datetime | None = None) -> list[str]:
    reports = project.attachments.filter(kind=kind)
    if since is not None:
        reports = reports.filter(uploaded_at__gte=since)
    if reports.exists():
        return []
    return [_("Upload the %(kind)s first.") % {"kind": AttachmentKind(kind).label}]


def satisfaction_problems(satisfaction: Decimal | None) -> list[str]:
    if satisfaction is None:
        return [_("Enter the resident satisfaction result first.")]
    if not Decimal("0") <= satisfaction <= Decimal("100"):
        return [_("Resident satisfaction is a score from 0 to 100.")]
    return []
