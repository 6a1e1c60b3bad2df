"""The needs list's filters; every choice list is scoped to what the user may see."""

import django_filters
from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import permissions as account_permissions
from accounts.choosers import SearchSelect
from accounts.models import User
from community.models import DECIDED_STATES, NeedChannel, NeedState
from grants.filters import YearFilter
from grants.models import GuideCategory


class NeedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=NeedState.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=NeedChannel.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=GuideCategory.choices)
    street = django_filters.ModelChoiceFilter(
        label=_("Street"),
        field_name="community__street",
        queryset=None,
        widget=SearchSelect("streets"),
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=None, widget=SearchSelect("communities")
    )
    year = YearFilter(label=_("Year"), field_name="found_on__year")
    duplicates = django_filters.BooleanFilter(
        label=_("Possible duplicates only"),
        method="only_duplicates",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["street"].queryset = account_permissions.visible_streets(user)
        self.filters["community"].queryset = account_permissions.visible_communities(user)

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


class ComplianceFilter(django_filters.FilterSet):
    """The compliance page's filters: a street, and only the communities that break a
    rule (``breaking``, read by the view and judged on the verdicts)."""

    street = django_filters.ModelChoiceFilter(
        label=_("Street"), queryset=None, widget=SearchSelect("streets")
    )
    breaking = django_filters.BooleanFilter(
        label=_("Only communities that break a rule"),
        method="judged_on_the_verdicts",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["street"].queryset = account_permissions.visible_streets(user)

    def judged_on_the_verdicts(self, queryset: QuerySet, name: str, value: bool | None):
        return queryset
