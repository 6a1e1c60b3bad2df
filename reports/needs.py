"""The needs list's workbooks and letters: the list as filtered on its page, the year's
需求响应 figures, and the feedback to departments — the needs referred to each, and the
screened needs no project took this year, as a reference for their own purchase of
services (费随事转、购买服务)."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from accounts.models import User
from community.filters import NeedFilter
from community.models import Department, Need, NeedState
from community.responses import NeedResponse, Tally
from grants.models import PAST_APPROVAL_STATES, Project
from reports.excel import Column, Sheet


def filtered_needs(user: User, query: QueryDict) -> QuerySet[Need]:
    """Exactly the rows the needs list shows for these filters (all pages)."""
    return NeedFilter(query, queryset=Need.objects.visible_to(user).for_list(), user=user).qs


def _outcome(need: Need) -> tuple[str, str, str, str, str]:
    """What became of a need, as text: (outcome, guide item, call, projects, grades)."""
    draft = need.answering_draft
    if draft is not None:
        item = draft.guide_item
        projects = item.funded_projects if item is not None else []
        return (
            _("Screened into a guide item"),
            draft.title,
            item.call.title if item is not None else "",
            "；".join(f"{p.title}（{p.get_state_display()}）" for p in projects),
            "；".join(p.get_grade_display() for p in projects if p.grade),
        )
    if need.department is not None:
        return (_("Referred to %(name)s") % {"name": need.department.name}, "", "", "", "")
    if need.merged_into is not None:
        return (_("Merged into No. %(number)s") % {"number": need.merged_into.pk}, "", "", "", "")
    return (need.decision_note if need.is_decided else "", "", "", "", "")


def need_list_sheets(needs: QuerySet[Need]) -> list[Sheet]:
    columns = [
        Column(_("No."), 8, "int"),
        Column(_("Street"), 14),
        Column(_("Community"), 14),
        Column(_("Channel"), 14),
        Column(_("Category"), 10),
        Column(_("Title"), 30),
        Column(_("Description"), 48),
        Column(_("People affected"), 10, "int", total=True),
        Column(_("Who is affected"), 16),
        Column(_("Source reference"), 18),
        Column(_("Found on"), 12, "date"),
        Column(_("State"), 16),
        Column(_("What became of it"), 24),
        Column(_("Guide item"), 24),
        Column(_("Call"), 28),
        Column(_("Projects"), 36),
        Column(_("Final grade"), 10),
    ]

    def rows() -> Iterator[list]:
        for need in needs:
            yield [
                need.pk,
                need.community.street.name,
                need.community.name,
                need.get_channel_display(),
                need.get_category_display(),
                need.title,
                need.description,
                need.people_affected,
                need.affected_group,
                need.source_reference,
                need.found_on,
                need.get_state_display(),
                *_outcome(need),
            ]

    return [Sheet(_("Needs list"), columns, rows())]


def _tally_columns(first: str) -> list[Column]:
    return [
        Column(first, 18),
        Column(_("Reported"), 10, "int", total=True),
        Column(_("Screened into a guide item"), 14, "int", total=True),
        Column(_("Share screened"), 12, "percent"),
        Column(_("Answered by a funded project"), 14, "int", total=True),
        Column(_("Share funded"), 12, "percent"),
        Column(_("Closed with 合格 or better"), 14, "int", total=True),
        Column(_("Share 合格 or better"), 12, "percent"),
    ]


def _tally_row(tally: Tally, label: str | None = None) -> list:
    return [
        tally.label if label is None else label,
        tally.total,
        tally.screened,
        tally.screened_share,
        tally.funded,
        tally.funded_share,
        tally.passed,
        tally.passed_share,
    ]


def response_sheets(response: NeedResponse) -> list[Sheet]:
    """The 需求响应 page's figures, one sheet per grouping and the year's overall row."""
    overall = Sheet(
        _("Overall"),
        _tally_columns(_("Year")),
        [_tally_row(response.overall, str(response.year))],
    )
    grouped = [
        Sheet(title, _tally_columns(first), [_tally_row(tally) for tally in tallies])
        for title, first, tallies in [
            (_("By channel"), _("Channel"), response.by_channel),
            (_("By category"), _("Category"), response.by_category),
            (_("By street"), _("Street"), response.by_street),
        ]
    ]
    return [overall, *grouped]


@dataclass(frozen=True)
class DepartmentFeedback:
    """What one department gets back for a year."""

    department: Department
    referred: list[Need]
    unfunded: list[Need]


def unfunded_screened(needs: QuerySet[Need], year: int) -> QuerySet[Need]:
    """Needs of ``year`` screened into a guide item that no project past approval took
    (its item never placed, or placed and not funded)."""
    funded = Project.objects.filter(
        guide_item__draft=OuterRef("guide_draft"), state__in=PAST_APPROVAL_STATES
    )
    return (
        needs.in_year(year)
        .filter(state=NeedState.SCREENED)
        .annotate(funded=Exists(funded))
        .filter(funded=False)
        .select_related("community__street", "guide_draft__guide_item__call")
        .order_by("category", "community__street__name", "pk")
    )


def referred_needs(needs: QuerySet[Need], year: int) -> QuerySet[Need]:
    return (
        needs.in_year(year)
        .filter(state=NeedState.REFERRED)
        .select_related("community__street", "department")
        .order_by("department__name", "community__street__name", "pk")
    )


def department_feedback(
    needs: QuerySet[Need], year: int, departments: QuerySet[Department]
) -> list[DepartmentFeedback]:
    """For each department: the needs referred to it, and the screened unfunded needs of
    the categories it is concerned with (three queries in all)."""
    referred = list(referred_needs(needs, year))
    unfunded = list(unfunded_screened(needs, year))
    return [
        DepartmentFeedback(
            department,
            [need for need in referred if need.department_id == department.pk],
            [need for need in unfunded if need.category in department.categories],
        )
        for department in departments
    ]


def feedback_sheets(needs: QuerySet[Need], year: int) -> list[Sheet]:
    common = [
        Column(_("No."), 8, "int"),
        Column(_("Street"), 14),
        Column(_("Community"), 14),
        Column(_("Category"), 10),
        Column(_("Title"), 30),
        Column(_("Description"), 48),
        Column(_("People affected"), 10, "int", total=True),
        Column(_("Who is affected"), 16),
        Column(_("Found on"), 12, "date"),
    ]

    def base(need: Need) -> list:
        return [
            need.pk,
            need.community.street.name,
            need.community.name,
            need.get_category_display(),
            need.title,
            need.description,
            need.people_affected,
            need.affected_group,
            need.found_on,
        ]

    referred = Sheet(
        _("Referred to departments"),
        [Column(_("Department"), 20), *common, Column(_("Note"), 30)],
        (
            [need.department.name if need.department else "", *base(need), need.decision_note]
            for need in referred_needs(needs, year)
        ),
    )
    unfunded = Sheet(
        _("Screened, not funded"),
        [*common, Column(_("Guide item"), 24), Column(_("Call"), 28)],
        (
            [
                *base(need),
                need.guide_draft.title if need.guide_draft else "",
                need.guide_draft.guide_item.call.title
                if need.guide_draft and need.guide_draft.guide_item
                else "",
            ]
            for need in unfunded_screened(needs, year)
        ),
    )
    return [referred, unfunded]
