"""The district's 需求响应 figures for a year: how many needs came in, by channel, category
and street, and how they were answered — the share screened into a guide item, the share
answered by a funded project, the share whose project closed with 合格 or better.

A need counts from the moment it is reported (a draft is not yet a need), by the year it
was found. A need merged into another is answered when that one is. Shares are exact and
shown rounded down (``community.policy.shown_share``). Four queries, whatever the numbers.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from community.models import Need, NeedChannel
from community.models.needs import NeedQuerySet
from community.policy import shown_share
from grants.models import PAST_APPROVAL_STATES, Grade, GuideCategory, Project, ProjectState

PASSING_GRADES = frozenset({Grade.EXCELLENT, Grade.GOOD, Grade.PASS})


@dataclass(frozen=True)
class Tally:
    """The needs of one group (a channel, a category, a street, or all) and their fate."""

    label: str
    total: int
    screened: int
    funded: int
    passed: int

    @property
    def screened_share(self) -> Decimal:
        return shown_share(Decimal(self.screened), Decimal(self.total))

    @property
    def funded_share(self) -> Decimal:
        return shown_share(Decimal(self.funded), Decimal(self.total))

    @property
    def passed_share(self) -> Decimal:
        return shown_share(Decimal(self.passed), Decimal(self.total))


@dataclass(frozen=True)
class NeedResponse:
    year: int
    overall: Tally
    by_channel: list[Tally]
    by_category: list[Tally]
    by_street: list[Tally]

    def chart_data(self) -> dict:
        """What the page's chart draws (read by static/community/need_responses.js)."""
        return {
            group: {
                "labels": [tally.label for tally in tallies],
                "total": [tally.total for tally in tallies],
                "screened": [tally.screened for tally in tallies],
                "funded": [tally.funded for tally in tallies],
                "passed": [tally.passed for tally in tallies],
            }
            for group, tallies in [
                ("channel", self.by_channel),
                ("category", self.by_category),
                ("street", self.by_street),
            ]
        }


def answered(needs: QuerySet[Need]) -> QuerySet[Need]:
    """``needs`` with what became of each: ``answer`` (the draft that answers it, its own
    or that of the need it was merged into), ``is_funded`` (a project past approval took
    the draft's guide item) and ``is_passed`` (such a project closed with 合格 or better)."""
    projects = Project.objects.filter(guide_item__draft=OuterRef("answer"))
    return needs.annotate(
        answer=Coalesce("guide_draft", "merged_into__guide_draft"),
        is_funded=Exists(projects.filter(state__in=PAST_APPROVAL_STATES)),
        is_passed=Exists(projects.filter(state=ProjectState.CLOSED, grade__in=PASSING_GRADES)),
    )


FIGURES = {
    "total": Count("pk"),
    "screened": Count("pk", filter=Q(answer__isnull=False)),
    "funded": Count("pk", filter=Q(is_funded=True)),
    "passed": Count("pk", filter=Q(is_passed=True)),
}


def need_response(needs: NeedQuerySet, year: int) -> NeedResponse:
    """The figures of the reported needs of ``year`` among ``needs`` (the user's scope)."""
    base = answered(needs.reported().in_year(year))
    overall = base.aggregate(**FIGURES)
    return NeedResponse(
        year=year,
        overall=Tally(label="", **overall),
        by_channel=_grouped(base, "channel", dict(NeedChannel.choices)),
        by_category=_grouped(base, "category", dict(GuideCategory.choices)),
        by_street=_grouped(base, "community__street__name", None),
    )


def _grouped(base: QuerySet[Need], field: str, labels: dict | None) -> list[Tally]:
    rows = base.order_by().values(field).annotate(**FIGURES)
    found = {row[field]: row for row in rows}
    keys = list(labels) if labels is not None else sorted(found)
    empty = dict.fromkeys(FIGURES, 0)
    return [
        Tally(
            label=str(labels[key]) if labels is not None else key,
            **{name: found.get(key, empty)[name] for name in FIGURES},
        )
        for key in keys
    ]
