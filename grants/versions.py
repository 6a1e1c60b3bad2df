"""Frozen copies of a proposal as submitted, and what changed between two of them."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from grants.arithmetic import format_quantity, format_yuan
from grants.models import (
    Attachment,
    AttachmentKind,
    BudgetCategory,
    BudgetLine,
    Indicator,
    Project,
    ProjectChange,
    ProjectVersion,
)
from grants.privacy import CONTACT_FIELDS, ContactView, shown_fields

# The proposal's own fields, in the order the application form shows them.
PROPOSAL_FIELDS = [
    "title",
    "service_targets",
    "needs_analysis",
    "service_content",
    "goals",
    "beneficiaries",
    "period_start",
    "period_end",
    "requested_amount",
    "matching_funds",
    "contact_person",
    "contact_phone",
]


def snapshot(project: Project) -> dict:
    """Everything the applicant submitted, as plain JSON values."""
    return content_of(
        project,
        project.budget_lines.all(),
        project.attachments.all(),
        indicators=project.indicators.all(),
    )


def content_of(
    project: Project,
    budget_lines: Iterable[BudgetLine],
    attachments: Iterable[Attachment] = (),
    *,
    indicators: Iterable[Indicator] = (),
) -> dict:
    fields = {}
    for name in PROPOSAL_FIELDS:
        value = getattr(project, name)
        fields[name] = "" if value is None else str(value)
    fields["community"] = project.community.name
    fields["guide_item"] = project.guide_item.title if project.guide_item is not None else ""
    return {
        "fields": fields,
        "budget_lines": [
            {"category": line.category, "amount": str(line.amount), "note": line.note}
            for line in budget_lines
        ],
        "attachments": [
            {"kind": attachment.kind, "name": attachment.original_name}
            for attachment in attachments
        ],
        "indicators": [
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "target": str(indicator.target),
                "measured_by": indicator.measured_by,
            }
            for indicator in indicators
        ],
    }


def freeze(project: Project, *, by: User) -> ProjectVersion:
    latest = project.versions.aggregate(latest=Max("number"))["latest"] or 0
    return ProjectVersion.objects.create(
        project=project, number=latest + 1, submitted_by=by, content=snapshot(project)
    )


@dataclass(frozen=True)
class Difference:
    label: str
    before: str
    after: str


def _budget_text(lines: list[dict]) -> str:
    return "\n".join(
        f"{BudgetCategory(line['category']).label} {format_yuan(Decimal(line['amount']))}"
        + (f"（{line['note']}）" if line["note"] else "")
        for line in lines
    )


def _indicators_text(indicators: list[dict]) -> str:
    """One line per indicator: 助餐 12,000 人次（签到表统计）."""
    return "\n".join(
        f"{item['name']} {format_quantity(Decimal(item['target']))} {item['unit']}"
        + (f"（{item['measured_by']}）" if item["measured_by"] else "")
        for item in indicators
    )


def _attachments_text(attachments: list[dict]) -> str:
    return "\n".join(
        f"{AttachmentKind(item['kind']).label}：{item['name']}" for item in attachments
    )


def describe(
    version: ProjectVersion, *, contact: ContactView = ContactView.FULL
) -> list[tuple[str, str]]:
    """The version's parts as (label, text) pairs, in the order the form shows them, with
    the contact's personal data as ``contact`` allows (``privacy.contact_view``)."""
    content = version.content
    fields = shown_fields(content["fields"], contact)
    rows = [
        (str(Project._meta.get_field(name).verbose_name), fields.get(name, ""))
        for name in [*PROPOSAL_FIELDS, "community", "guide_item"]
        if contact is not ContactView.HIDDEN or name not in CONTACT_FIELDS
    ]
    # Versions frozen before indicators were rows have none.
    rows.append(
        (str(Indicator._meta.verbose_name_plural), _indicators_text(content.get("indicators", [])))
    )
    rows.append((str(BudgetLine._meta.verbose_name_plural), _budget_text(content["budget_lines"])))
    rows.append(
        (str(Attachment._meta.verbose_name_plural), _attachments_text(content["attachments"]))
    )
    return rows


def compare(
    older: ProjectVersion, newer: ProjectVersion, *, contact: ContactView = ContactView.FULL
) -> list[Difference]:
    """The parts of the proposal that differ between two versions, in form order."""
    pairs = zip(describe(older, contact=contact), describe(newer, contact=contact), strict=True)
    return [
        Difference(label, before, after) for (label, before), (_, after) in pairs if before != after
    ]


def changed_parts(change: ProjectChange) -> list[str]:
    """The labels of the parts one edit touched, for the project page."""
    labels = []
    for name in change.fields:
        if name == "created":
            labels.append(str(_("created the draft")))
        elif name == "budget_lines":
            labels.append(str(BudgetLine._meta.verbose_name_plural))
        elif name == "indicators":
            labels.append(str(Indicator._meta.verbose_name_plural))
        elif name.startswith("attachment:"):
            labels.append(str(AttachmentKind(name.split(":", 1)[1]).label))
        else:
            labels.append(str(Project._meta.get_field(name).verbose_name))
    return labels


def edits_of(project: Project) -> list[tuple[ProjectChange, list[str]]]:
    """Each edit of the project's application with the parts it touched, for its page."""
    return [(change, changed_parts(change)) for change in project.changes.select_related("user")]
