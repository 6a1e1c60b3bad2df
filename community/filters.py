"""The needs list's and the compliance page's filters; every choice list is scoped to
what the user may see."""

from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts import permissions as account_permissions
from accounts.choosers import ChooserFilter, ScopedFilterSet
from accounts.models import User
from community.compliance import CommunityCompliance, compliance_for
from community.models import DECIDED_STATES, NeedChannel, NeedState
from grants.filters import YearFilter
from grants.models import GuideCategory
from grants.refusals import Refused


class NeedFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=NeedState.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=NeedChannel.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=GuideCategory.choices)
    street = ChooserFilter("streets", label=_("Street"), field_name="community__street")
    community = ChooserFilter("communities", label=_("Community"))
    year = YearFilter(label=_("Year"), field_name="found_on__year")
    duplicates = django_filters.BooleanFilter(
        label=_("Possible duplicates only"),
        method="only_duplicates",
        widget=forms.CheckboxInput,
    )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(source_reference__icontains=value)
        )

    def only_duplicates(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(possible_duplicate_of__isnull=False).exclude(
            state__in=DECIDED_STATES
        )

    def counts_by_state(self) -> dict[str, int]:
        """How many needs each state holds under every filter but the state's own (the
        counts on the state tabs), in one query."""
        form = self.form
        queryset = self.queryset
        for name, value in form.cleaned_data.items():
            if name != "state":
                queryset = self.filters[name].filter(queryset, value)
        rows = queryset.order_by().values("state").annotate(n=Count("pk"))
        return {row["state"]: row["n"] for row in rows}


class ComplianceFilter(ScopedFilterSet):
    """The compliance page's filters: a street, and only the communities that break a
    rule (``breaking``, read by the view and judged on the verdicts)."""

    street = ChooserFilter("streets", label=_("Street"))
    breaking = django_filters.BooleanFilter(
        label=_("Only communities that break a rule"),
        method="judged_on_the_verdicts",
        widget=forms.CheckboxInput,
    )

    def judged_on_the_verdicts(self, queryset: QuerySet, name: str, value: bool | None):
        return queryset


class ComplianceSelection(NamedTuple):
    """What the compliance page and its exports show for a query: the filters (with their
    problems), every row they select, those that break a rule, and why there are none when
    the year has no policy."""

    filter: ComplianceFilter
    rows: list[CommunityCompliance]
    failing: list[CommunityCompliance]
    problem: str = ""

    @property
    def filtered(self) -> bool:
        """Some filter is asked for (or refused): not just a page number."""
        form = self.filter.form
        return not form.is_valid() or any(form.cleaned_data.values())

    @property
    def shown(self) -> list[CommunityCompliance]:
        """The rows, or only those that break a rule when the query asks so."""
        form = self.filter.form
        asked = form.is_valid() and form.cleaned_data.get("breaking")
        return self.failing if asked else self.rows


def compliance_selection(user: User, year: int, query: QueryDict) -> ComplianceSelection:
    """The communities of the user's area that ``query`` selects (street, those that break a
    rule), judged for ``year``."""
    filterset = ComplianceFilter(
        query, queryset=account_permissions.visible_communities(user), user=user
    )
    try:
        rows = compliance_for(filterset.qs, year) if filterset.is_valid() else []
    except Refused as refused:
        return ComplianceSelection(filterset, [], [], refused.problems[0])
    return ComplianceSelection(filterset, rows, [row for row in rows if not row.passes])
