"""Needs from an Excel sheet — a 12345 export, a visit spreadsheet — so nobody retypes
them (the template is ``template_workbook``).

The upload is checked and read by ``grants.sheets`` (size, zip bomb and XML bomb safety;
the header row must be the template's). Every row is checked before anything is saved:
if any row has a problem, every problem of every row is reported with its row number and
nothing is saved. Otherwise all rows become draft needs of their community in one
transaction, through ``needs.create_need``; a row that likely repeats a need already
recorded (or an earlier row) is created and flagged for merging, and the report lists it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Community, User
from community import duplicates, needs, permissions
from community.models import Need, NeedChannel
from grants import sheets
from grants.models import GuideCategory

HEADERS = [
    "社区",
    "渠道",
    "类别",
    "标题",
    "需求描述",
    "涉及人数",
    "涉及人群",
    "来源编号",
    "发现日期",
]
CHANNEL_BY_LABEL = {
    "网格化管理": NeedChannel.GRID,
    "民情大走访": NeedChannel.VISITS,
    "12345工单": NeedChannel.HOTLINE,
    "社区微信公众号": NeedChannel.WECHAT,
    "掌上社区APP": NeedChannel.APP,
    "其他": NeedChannel.OTHER,
}
CATEGORY_BY_LABEL = {
    "为老": GuideCategory.ELDERLY,
    "为少": GuideCategory.YOUTH,
    "为残": GuideCategory.DISABLED,
    "为困": GuideCategory.NEEDY,
    "社区治理": GuideCategory.GOVERNANCE,
}
MAX_ROWS = 2000


def template_workbook() -> bytes:
    return sheets.template_workbook(
        title="需求清单",
        headers=HEADERS,
        example=[
            "雨花新村社区",
            "12345工单",
            "为老",
            "3号楼独居老人就餐难",
            "3号楼独居老人反映做饭困难，附近没有助餐点。",
            "25",
            "独居老人",
            "2026031200123",
            "2026-03-12",
        ],
        widths=[16, 14, 10, 28, 48, 10, 16, 18, 12],
    )


@dataclass
class ImportReport:
    created: list[Need] = field(default_factory=list)
    flagged: list[Need] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return bool(self.created) and not self.problems


def import_needs(upload: UploadedFile, *, by: User) -> ImportReport:
    """Read every row; save all of them, or none and say why."""
    if not permissions.records_needs(by):
        raise PermissionDenied
    recordable = list(permissions.recordable_communities(by))
    communities = {community.name: community for community in recordable}
    # Community staff may leave the column empty: the row is their own community's.
    own = next((c for c in recordable if c.pk == by.community_id), None)
    report = ImportReport()
    parsed: list[tuple[int, Need]] = []
    with sheets.sheet_rows(upload, width=len(HEADERS), headers=HEADERS) as rows:
        for number, values in rows:
            if len(parsed) + len(report.problems) >= MAX_ROWS:
                report.problems.append(
                    _("The sheet has more than %(max)s rows; split it into several files.")
                    % {"max": MAX_ROWS}
                )
                break
            need, problems = _read_row(values, communities=communities, own=own)
            if problems:
                report.problems.append(
                    _("Row %(row)s: %(problems)s")
                    % {"row": number, "problems": "；".join(problems)}
                )
            else:
                parsed.append((number, need))
    if report.problems:
        return report
    if not parsed:
        report.problems.append(_("The sheet has no rows below the header."))
        return report
    _save(parsed, report, by=by, filename=getattr(upload, "name", "") or "")
    return report


@transaction.atomic
def _save(
    parsed: Sequence[tuple[int, Need]], report: ImportReport, *, by: User, filename: str
) -> None:
    index = duplicates.index_for(
        [need.community_id for _number, need in parsed],
        [need.found_on.year for _number, need in parsed],
    )
    for number, need in parsed:
        needs.create_need(
            need=need,
            by=by,
            action="import",
            comment=_("%(file)s, row %(row)s") % {"file": filename, "row": number},
            index=index,
        )
        index.add(need)
        report.created.append(need)
        if need.possible_duplicate_of is not None:
            report.flagged.append(need)


def _read_row(
    values: list[str], *, communities: dict[str, Community], own: Community | None
) -> tuple[Need, list[str]]:
    (community_name, channel, category, title, description, people, group, reference, found) = (
        values
    )
    problems = []
    community = communities.get(community_name) if community_name else own
    if community is None:
        problems.append(
            _("the community is missing")
            if not community_name
            else _("%(name)s is not a community whose needs you record") % {"name": community_name}
        )
    if channel not in CHANNEL_BY_LABEL:
        problems.append(
            _("unknown channel “%(value)s” (use %(known)s)")
            % {"value": channel, "known": "、".join(CHANNEL_BY_LABEL)}
        )
    if category not in CATEGORY_BY_LABEL:
        problems.append(
            _("unknown category “%(value)s” (use %(known)s)")
            % {"value": category, "known": "、".join(CATEGORY_BY_LABEL)}
        )
    if not title:
        problems.append(_("the title is missing"))
    elif len(title) > 100:
        problems.append(_("the title is longer than 100 characters"))
    if not description:
        problems.append(_("the description is missing"))
    count = int(people) if people.isdigit() else 0
    if count < 1:
        problems.append(
            _("the number of people affected must be a whole number of at least 1, not “%(value)s”")
            % {"value": people}
        )
    if not group:
        problems.append(_("who is affected is missing"))
    elif len(group) > 100:
        problems.append(_("who is affected is longer than 100 characters"))
    if len(reference) > 50:
        problems.append(_("the source reference is longer than 50 characters"))
    found_on = _date(found)
    if found_on is None:
        problems.append(_("“%(value)s” is not a date like 2026-03-31") % {"value": found})
    need = Need(
        community=community,
        channel=CHANNEL_BY_LABEL.get(channel, ""),
        category=CATEGORY_BY_LABEL.get(category, ""),
        title=title,
        description=description,
        people_affected=count,
        affected_group=group,
        source_reference=reference,
        found_on=found_on or timezone.localdate(),
    )
    return need, problems


def _date(value: str) -> date | None:
    if not value:
        return timezone.localdate()
    try:
        found = date.fromisoformat(value.replace("/", "-").replace(".", "-"))
    except ValueError:
        return None
    return found if found <= timezone.localdate() else None
