"""The calls and programmes a list may be filtered by, as ``accounts.choosers`` sources
(added from ``GrantsConfig.ready``): a district opens calls every year, a province
hundreds, so they are chosen like communities are."""

from django.db.models import Q, QuerySet

from accounts.choosers import Source
from accounts.models import User
from grants.models import Call, Programme


def _calls(user: User) -> QuerySet[Call]:
    return Call.objects.order_by("-year", "-pk")


def _programmes(user: User) -> QuerySet[Programme]:
    return Programme.objects.order_by("name", "pk")


SOURCES = {
    "calls": Source(
        _calls, lambda text: Q(title__icontains=text), named_by=("title",), shows=(Call,)
    ),
    "programmes": Source(_programmes, lambda text: Q(name__icontains=text), shows=(Programme,)),
}
