"""The live budget total on the proposal form: what the budget lines add up to against
the requested amount, checked by the submit guard's own function. htmx posts the form
here as the applicant types; the edit page shows the same fragment when it loads."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from grants import forms, guards, permissions
from grants.arithmetic import money_total
from grants.models import Project


@dataclass(frozen=True)
class BudgetTotal:
    total: Decimal
    requested: Decimal | None
    problems: list[str]
    uncounted: list[int]  # lines (from 1) left out until corrected

    @property
    def balanced(self) -> bool:
        return not self.problems and not self.uncounted


def budget_total(budget: forms.BudgetLineFormSet) -> BudgetTotal:
    """The total of the lines in ``budget`` (bound: as typed; unbound: as saved) against
    the requested amount typed beside it (or saved)."""
    amounts, uncounted = budget.counted_amounts()
    if budget.is_bound:
        typed = forms.RequestedAmountForm(budget.data)
        requested = typed.cleaned_data["requested_amount"] if typed.is_valid() else None
    else:
        requested = budget.instance.requested_amount
    return BudgetTotal(
        total=money_total(amounts),
        requested=requested,
        problems=guards.budget_total_problems(amounts=amounts, requested=requested),
        uncounted=uncounted,
    )


@require_POST
def budget_total_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The budget total fragment for the proposal form as typed; nothing is saved."""
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    if not permissions.may_edit_proposal(project, request.user):
        raise PermissionDenied
    budget = forms.BudgetLineFormSet(request.POST, instance=project, prefix="budget")
    return render(
        request,
        "grants/partials/budget_total.html",
        {"budget_total": budget_total(budget)},
    )
