"""The finance ledger's filters and totals: which tranches were asked for, and what they
add up to, computed in the database."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict

from accounts.input_bounds import search_text
from grants.models import Tranche, TrancheStatus


@dataclass(frozen=True)
class LedgerFilters:
    """What the ledger was asked for: a status, a call year, an organisation, and words
    to find in the project's title, its agreement number or its organisation's name."""

    status: str = ""
    year: str = ""
    organisation: str = ""
    q: str = ""

    @classmethod
    def of(cls, params: QueryDict) -> "LedgerFilters":
        return cls(
            status=params.get("status", "") if params.get("status") in TrancheStatus.values else "",
            year=params.get("year", "").strip()[:4],
            organisation=params.get("organisation", "").strip()[:12],
            q=search_text(params.get("q", "")),
        )

    def apply(self, tranches: QuerySet[Tranche]) -> QuerySet[Tranche]:
        if self.status:
            tranches = tranches.filter(status=self.status)
        if self.year.isdigit():
            tranches = tranches.filter(project__call__year=int(self.year))
        if self.organisation.isdigit():
            tranches = tranches.filter(project__organisation_id=int(self.organisation))
        if self.q:
            tranches = tranches.filter(
                Q(project__title__icontains=self.q)
                | Q(project__agreement_number__icontains=self.q)
                | Q(project__organisation__name__icontains=self.q)
            )
        return tranches


def ledger_totals(tranches: QuerySet[Tranche]) -> dict[str, Decimal]:
    """What the filtered tranches add up to, in one query: scheduled, paid, still due
    (a cancelled tranche is owed nothing)."""
    zero = Value(Decimal("0.00"))
    totals = tranches.aggregate(
        scheduled=Coalesce(Sum("amount"), zero),
        paid=Coalesce(Sum("paid_amount"), zero),
        due=Coalesce(
            Sum(F("amount") - F("paid_amount"), filter=~Q(status=TrancheStatus.CANCELLED)), zero
        ),
    )
    return totals
