"""The needs list's filters; every choice list is scoped to what the user may see."""

import django_filters
from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.choosers import ChooserFilter, ScopedFilterSet
from community.models import DECIDED_STATES, NeedChannel, NeedState
from grants.filters import YearFilter
from grants.models import GuideCategory


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
