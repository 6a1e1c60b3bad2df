import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.choosers import ChooserFilter, ScopedFilterSet
from accounts.models import OrganisationStatus, OrganisationType, SocialOrganisation


class OrganisationFilter(ScopedFilterSet):
    """Filters for the organisation register; choice lists are scoped to the user."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    org_type = django_filters.ChoiceFilter(label=_("Type"), choices=OrganisationType.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrganisationStatus.choices)
    street = ChooserFilter("streets", label=_("Street"), field_name="home_community__street")
    home_community = ChooserFilter("communities", label=_("Community"))

    class Meta:
        model = SocialOrganisation
        fields = ["q", "org_type", "status", "street", "home_community"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__iexact=value))
