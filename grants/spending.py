"""Spending against the budget lines of a running project: the organisation records each
payment it makes (date, budget line, amount, payee, voucher or invoice number, receipt).
Like service records, an entry may be corrected for a week and then locks.

Spending is never refused for going over a line: the project page and the officers'
overview flag a line over its budget by more than the programme's tolerance, and spending
above what the project has received (``grants.progress``).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from grants import entries, permissions
from grants.entries import FieldProblem
from grants.models import Project, Spending, Unlock
from grants.refusals import refuse_invalid


@dataclass(frozen=True)
class Expense:
    """What the organisation typed about one payment (``None`` where nothing usable was
    typed)."""

    spent_on: date | None
    budget_line_id: int | None
    amount: Decimal | None
    payee: str
    voucher_number: str


def spending_problems(
    project: Project, expense: Expense, *, line_ids: set[int], today: date
) -> list[FieldProblem]:
    """Every problem with a payment, each with the field it belongs to."""
    problems: list[FieldProblem] = []
    if expense.spent_on is None:
        problems.append(("spent_on", _("Enter the date of the payment.")))
    elif expense.spent_on > today:
        problems.append(
            (
                "spent_on",
                _("%(date)s is in the future; record a payment once it is made.")
                % {"date": expense.spent_on.isoformat()},
            )
        )
    elif project.agreement_date and expense.spent_on < project.agreement_date:
        problems.append(
            (
                "spent_on",
                _("%(date)s is before the agreement of %(signed)s; this grant pays from then on.")
                % {
                    "date": expense.spent_on.isoformat(),
                    "signed": project.agreement_date.isoformat(),
                },
            )
        )
    if expense.budget_line_id is None:
        problems.append(("budget_line", _("Choose the budget line the payment is for.")))
    elif expense.budget_line_id not in line_ids:
        problems.append(
            ("budget_line", _("The budget line chosen is not a line of this project's budget."))
        )
    if expense.amount is None:
        problems.append(("amount", _("Enter the amount paid.")))
    elif expense.amount <= 0:
        problems.append(("amount", _("Enter an amount above zero.")))
    if not expense.payee.strip():
        problems.append(("payee", _("Enter who was paid.")))
    if not expense.voucher_number.strip():
        problems.append(("voucher_number", _("Enter the voucher or invoice number.")))
    return problems


def _line_ids(project: Project) -> set[int]:
    return set(project.budget_lines.values_list("pk", flat=True))


def _apply(spending: Spending, expense: Expense, receipt: UploadedFile | None) -> None:
    spending.spent_on = entries.checked(expense.spent_on)
    spending.budget_line_id = entries.checked(expense.budget_line_id)
    spending.amount = entries.checked(expense.amount)
    spending.payee = expense.payee.strip()
    spending.voucher_number = expense.voucher_number.strip()
    refuse_invalid(spending, exclude=["receipt"])
    if receipt is not None:
        entries.store(spending.receipt, receipt, extension=entries.extension_of(receipt))
        spending.receipt_name = entries.original_name(receipt)


@transaction.atomic
def record_spending(
    *, project: Project, by: User, expense: Expense, receipt: UploadedFile | None = None
) -> Spending:
    """The organisation records a payment against one of its budget lines."""
    project = entries.lock_running(project, by=by, allowed=permissions.may_record_delivery)
    entries.refuse(
        spending_problems(project, expense, line_ids=_line_ids(project), today=timezone.localdate())
        + entries.upload_problems(receipt, field="receipt")
    )
    spending = Spending(
        project=project, recorded_by=by, editable_until=entries.edit_window_ends(timezone.now())
    )
    _apply(spending, expense, receipt)
    spending.save()
    return spending


@transaction.atomic
def update_spending(
    *, spending: Spending, by: User, expense: Expense, receipt: UploadedFile | None = None
) -> Spending:
    """The organisation corrects a payment within its week (or after an unlock)."""
    project = entries.lock_running(spending.project, by=by, allowed=permissions.may_record_delivery)
    spending = Spending.objects.get(pk=spending.pk, project=project)
    entries.refuse(entries.locked_problems(spending, now=timezone.now()))
    entries.refuse(
        spending_problems(project, expense, line_ids=_line_ids(project), today=timezone.localdate())
        + entries.upload_problems(receipt, field="receipt")
    )
    old_receipt = spending.receipt.name if receipt is not None else ""
    _apply(spending, expense, receipt)
    spending.save()
    if old_receipt:
        entries.delete_after_commit(spending.receipt.storage, old_receipt)
    return spending


@transaction.atomic
def unlock_spending(*, spending: Spending, by: User, reason: str) -> Unlock:
    """An officer opens a locked payment for another week of corrections (logged)."""
    project = entries.lock_running(spending.project, by=by, allowed=permissions.may_unlock_entries)
    spending = Spending.objects.get(pk=spending.pk, project=project)
    return entries.unlock(spending, by=by, reason=reason, now=timezone.now())
