"""The live budget total on the proposal form: what the budget lines add up to against
the requested amount, each capped category's share against its cap, the maximum grant
and the matching funds, checked by the submit guard's own functions. htmx posts the form
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
    caps: list[guards.CapShare]  # each capped category's share against its cap
    limit_problems: list[str]  # the request above the maximum, too little matching

    @property
    def balanced(self) -> bool:
        return not self.problems and not self.uncounted

    @property
    def within_limits(self) -> bool:
        return not self.limit_problems and not any(share.over for share in self.caps)


def budget_total(budget: forms.BudgetLineFormSet) -> BudgetTotal:
    """The total of the lines in ``budget`` (bound: as typed; unbound: as saved) against
    the requested amount typed beside it (or saved), and the programme's caps, maximum
    and matching ratio as they stand, each checked by the submit guard's own function."""
    lines, uncounted = budget.counted_lines()
    amounts = [amount for _category, amount in lines]
    project = budget.instance
    if budget.is_bound:
        typed = forms.RequestedAmountForm(budget.data)
        typed.is_valid()
        requested = typed.cleaned_data.get("requested_amount")
        matching = typed.cleaned_data.get("matching_funds")
    else:
        requested, matching = project.requested_amount, project.matching_funds
    programme = project.call.programme
    return BudgetTotal(
        total=money_total(amounts),
        requested=requested,
        problems=guards.budget_total_problems(amounts=amounts, requested=requested),
        uncounted=uncounted,
        caps=guards.cap_shares(lines, guards.caps_of(programme)),
        limit_problems=guards.max_grant_problems(programme, requested=requested)
        + guards.matching_problems(programme, requested=requested, matching_funds=matching),
    )


@require_POST
def budget_total_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The budget total fragment for the proposal form as typed; nothing is saved."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("call__programme"), pk=pk
    )
    if not permissions.may_edit_proposal(project, request.user):
        raise PermissionDenied
    budget = forms.BudgetLineFormSet(request.POST, instance=project, prefix="budget")
    return render(
        request,
        "grants/partials/budget_total.html",
        {"budget_total": budget_total(budget)},
    )
