import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.choosers import SearchSelect
from accounts.models import OrganisationStatus, OrganisationType, SocialOrganisation, User


class OrganisationFilter(django_filters.FilterSet):
    """Filters for the organisation register; choice lists are scoped to the user."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    org_type = django_filters.ChoiceFilter(label=_("Type"), choices=OrganisationType.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrganisationStatus.choices)
    street = django_filters.ModelChoiceFilter(
        label=_("Street"),
        field_name="home_community__street",
        queryset=None,
        widget=SearchSelect("streets"),
    )
    home_community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=None, widget=SearchSelect("communities")
    )

    class Meta:
        model = SocialOrganisation
        fields = ["q", "org_type", "status", "street", "home_community"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["street"].queryset = permissions.visible_streets(user)
        self.filters["home_community"].queryset = permissions.visible_communities(user)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__iexact=value))
