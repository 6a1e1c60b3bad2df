"""The tranche schedule of a grant, its release by the lifecycle, and recorded payments."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from grants import notifications
from grants.arithmetic import format_yuan, split_by_percent
from grants.models import Payment, Project, ProjectState, Tranche, TrancheStatus, TrancheTrigger
from grants.permissions import may_record_payment
from grants.project_parts import forget_project
from grants.refusals import Refused, refuse_invalid
from grants.transitions import fire, lock

DEFAULT_SCHEDULE = [
    (TrancheTrigger.AGREEMENT, Decimal("50")),
    (TrancheTrigger.MIDTERM, Decimal("30")),
    (TrancheTrigger.FINAL, Decimal("20")),
]


def create_schedule(project: Project) -> list[Tranche]:
    """The programme's schedule applied to the approved amount; the tranche due on
    signing is released at once."""
    if project.approved_amount is None:
        raise ValueError(f"Project {project.pk} has no approved amount to schedule.")
    rules: Sequence[tuple[str, Decimal]] = [
        (rule.trigger, rule.percent) for rule in project.call.programme.tranche_rules.all()
    ]
    rules = rules or DEFAULT_SCHEDULE
    amounts = split_by_percent(project.approved_amount, [percent for _, percent in rules])
    now = timezone.now()
    tranches = [
        Tranche(
            project=project,
            sequence=sequence,
            trigger=trigger,
            percent=percent,
            amount=amount,
            status=TrancheStatus.DUE
            if trigger == TrancheTrigger.AGREEMENT
            else TrancheStatus.SCHEDULED,
            released_at=now if trigger == TrancheTrigger.AGREEMENT else None,
        )
        for sequence, ((trigger, percent), amount) in enumerate(zip(rules, amounts, strict=True), 1)
    ]
    created = Tranche.objects.bulk_create(tranches)
    forget_project(project.pk)
    for tranche in created:
        if tranche.status == TrancheStatus.DUE:
            notifications.tranche_due(tranche)
    return created


def release(project: Project, trigger: str) -> int:
    """The tranches of ``trigger`` fall due; finance is told of each (in the caller's
    transaction, its email after commit)."""
    tranches = list(project.tranches.filter(trigger=trigger, status=TrancheStatus.SCHEDULED))
    for tranche in tranches:
        tranche.status = TrancheStatus.DUE
        tranche.released_at = timezone.now()
        tranche.save(update_fields=["status", "released_at"])
        tranche.project = project
        notifications.tranche_due(tranche)
    return len(tranches)


def cancel_unpaid(project: Project, *, trigger: str | None = None) -> int:
    """Cancel what has not been paid: every open tranche, or those of one trigger."""
    tranches = project.tranches.exclude(status__in=[TrancheStatus.PAID, TrancheStatus.CANCELLED])
    if trigger is not None:
        tranches = tranches.filter(trigger=trigger)
    forget_project(project.pk)
    return tranches.update(status=TrancheStatus.CANCELLED)


@transaction.atomic
def record_payment(
    *,
    tranche: Tranche,
    by: User,
    paid_on: date,
    amount: Decimal,
    voucher_number: str,
    payee_bank: str = "",
    payee_account: str = "",
) -> Payment:
    """Finance pays (part of) a due tranche. The first payment starts the project."""
    project = lock(tranche.project)
    tranche = Tranche.objects.select_for_update().get(pk=tranche.pk)
    if not may_record_payment(project, by):
        raise PermissionDenied
    problems = payment_problems(project, tranche, paid_on=paid_on, amount=amount)
    if Payment.objects.filter(voucher_number=voucher_number.strip()).exists():
        problems.append(
            _("Voucher number %(voucher)s is already recorded.") % {"voucher": voucher_number}
        )
    if problems:
        raise Refused(problems)
    payment = Payment(
        tranche=tranche,
        paid_on=paid_on,
        amount=amount,
        voucher_number=voucher_number.strip(),
        payee_bank=payee_bank.strip(),
        payee_account=payee_account.strip(),
        recorded_by=by,
    )
    refuse_invalid(payment)
    try:
        with transaction.atomic():  # a savepoint: a voucher saved at the same moment
            payment.save()
    except IntegrityError as clash:  # the voucher number is unique: a concurrent payment
        raise Refused(
            [_("Voucher number %(voucher)s is already recorded.") % {"voucher": voucher_number}]
        ) from clash
    tranche.paid_amount += amount
    if tranche.paid_amount == tranche.amount:
        tranche.status = TrancheStatus.PAID
    tranche.save(update_fields=["paid_amount", "status"])
    project.paid_amount += amount
    project.save(update_fields=["paid_amount", "updated_at"])
    if project.state == ProjectState.CONTRACTED:
        fire(
            project,
            Project.start,
            by=by,
            comment=_("First payment, voucher %(voucher)s") % {"voucher": payment.voucher_number},
        )
    notifications.payment_recorded(payment)
    return payment


def last_payee(project: Project) -> dict[str, str]:
    """The bank and account the organisation was last paid to, to offer again."""
    last = (
        Payment.objects.filter(tranche__project__organisation_id=project.organisation_id)
        .exclude(payee_account="")
        .order_by("-paid_on", "-id")
        .values_list("payee_bank", "payee_account")
        .first()
    )
    return {"payee_bank": last[0], "payee_account": last[1]} if last else {}


def payment_problems(
    project: Project, tranche: Tranche, *, paid_on: date | None, amount: Decimal | None
) -> list[str]:
    if tranche.status == TrancheStatus.SCHEDULED:
        return [
            _("Tranche %(sequence)s is not due yet: it is paid %(trigger)s.")
            % {"sequence": tranche.sequence, "trigger": tranche.get_trigger_display()}
        ]
    if tranche.status != TrancheStatus.DUE:
        return [
            _("Tranche %(sequence)s is %(status)s and cannot be paid.")
            % {"sequence": tranche.sequence, "status": tranche.get_status_display()}
        ]
    problems = []
    approved = project.approved_amount or Decimal("0.00")
    if amount is None or amount <= 0:
        problems.append(_("Enter an amount above zero."))
    elif amount > tranche.outstanding:
        problems.append(
            _("%(amount)s yuan is more than the %(outstanding)s yuan still due on this tranche.")
            % {"amount": format_yuan(amount), "outstanding": format_yuan(tranche.outstanding)}
        )
    elif project.paid_amount + amount > approved:
        problems.append(
            _(
                "Paying %(amount)s yuan would take the total paid above the approved "
                "%(approved)s yuan."
            )
            % {"amount": format_yuan(amount), "approved": format_yuan(approved)}
        )
    if paid_on is None:
        problems.append(_("Enter the payment date."))
    elif paid_on > timezone.localdate():
        problems.append(_("The payment date cannot be in the future."))
    return problems
