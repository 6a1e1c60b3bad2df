import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.choosers import ChooserFilter, ScopedFilterSet
from accounts.input_bounds import DATE_YEARS
from grants.keyset import Sort, SortKey
from grants.models import NOT_APPROVED, Project, ProjectState
from grants.oversight import Problem

# The project list's sorts, each with its tie-breaker; every one has its index on Project
# (Meta.indexes), read forwards or backwards. No approved amount yet sorts as beyond any
# amount (PostgreSQL's NULL order), the same in the index.
BY_ID = SortKey("id")
PROJECT_SORTS = {
    "created": (SortKey("created_at"), BY_ID),
    "title": (SortKey("title"), BY_ID),
    "requested": (SortKey("requested_amount"), BY_ID),
    "approved": (SortKey("approved_amount", empty_as=NOT_APPROVED), BY_ID),
    "state": (SortKey("state"), BY_ID),
}
NEWEST_FIRST = Sort(PROJECT_SORTS["created"], descending=True)


def project_sort(value: list[str] | None) -> Sort:
    """The sort the ``sort`` filter names (newest first when none)."""
    name = (value or [""])[0]
    keys = PROJECT_SORTS.get(name.removeprefix("-"))
    if keys is None:
        return NEWEST_FIRST
    return Sort(keys, descending=name.startswith("-"))


class YearFilter(django_filters.NumberFilter):
    """A year typed into a filter: a whole number within the years dates may hold, so an
    odd one (-1, 0.5, 987654321) is refused beside the field instead of reaching a query."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", DATE_YEARS[0])
        kwargs.setdefault("max_value", DATE_YEARS[1])
        super().__init__(*args, **kwargs)


class Ordering(django_filters.OrderingFilter):
    """The sort menu, each label translated when the menu is shown (not when this module
    is imported) and "descending" said in the user's language."""

    def build_choices(self, fields, labels):
        choices = []
        for field, param in fields.items():
            label = labels.get(field, param)
            choices.append((param, label))
            choices.append((f"-{param}", format_lazy(_("{field}, descending"), field=label)))
        return choices


class ProjectOrdering(Ordering):
    """The sort choices, applied with the tie-breaker the keyset pages and the index need."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        return qs.order_by(*project_sort(value).order_by())


class ProjectFilter(ScopedFilterSet):
    """The project list's filters; every choice list is scoped to what the user may see."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    # A column of the project itself: no join, so no DISTINCT (the default for a multiple
    # choice) to undo; the other filters follow foreign keys to one row each.
    state = django_filters.MultipleChoiceFilter(
        label=_("State"), choices=ProjectState.choices, distinct=False
    )
    programme = ChooserFilter("programmes", label=_("Programme"), field_name="call__programme")
    call = ChooserFilter("calls", label=_("Call"))
    year = YearFilter(label=_("Year"), field_name="call__year")
    street = ChooserFilter("streets", label=_("Street"), field_name="community__street")
    community = ChooserFilter("communities", label=_("Community"))
    organisation = ChooserFilter("organisations", label=_("Organisation"))
    sort = ProjectOrdering(
        label=_("Sort by"),
        fields=(
            ("created_at", "created"),
            ("title", "title"),
            ("requested_amount", "requested"),
            ("approved_amount", "approved"),
            ("state", "state"),
        ),
        field_labels={  # by model field, as django-filter looks them up
            "created_at": _("Created"),
            "title": _("Title"),
            "requested_amount": _("Requested amount"),
            "approved_amount": _("Approved amount"),
            "state": _("State"),
        },
    )

    class Meta:
        model = Project
        fields = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(organisation__name__icontains=value))


# --- delivery (issue 15): the officers' overview of running projects --------------------


class DeliveryFilter(ScopedFilterSet):
    """The overview's filters. ``problem`` is read by the view and judged on the figures
    (``grants.oversight``); the others narrow the running projects in the database."""

    problem = django_filters.ChoiceFilter(
        label=_("Problem"),
        choices=[(value, label) for value, label in Problem.choices if value],
        empty_label=str(Problem.ANY.label),
        method="judged_on_the_figures",
    )
    q = django_filters.CharFilter(label=_("Search"), method="search")
    programme = ChooserFilter("programmes", label=_("Programme"), field_name="call__programme")
    call = ChooserFilter("calls", label=_("Call"))
    street = ChooserFilter("streets", label=_("Street"), field_name="community__street")
    organisation = ChooserFilter("organisations", label=_("Organisation"))

    class Meta:
        model = Project
        fields = []

    def judged_on_the_figures(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    search = ProjectFilter.search


# --- end of delivery ---
