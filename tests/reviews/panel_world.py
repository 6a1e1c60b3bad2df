"""A small world for panel tests: a pool of experts, projects under review, scoring."""

from decimal import Decimal

from accounts.models import Role
from experts.models import Expert
from grants.models import Project, ProjectState
from reviews import sheets
from reviews.models import Panel, PanelMember
from tests.factories import ProjectFactory, SocialOrganisationFactory, UserFactory

D = Decimal


def expert_pool(count: int, *, fields: tuple[str, ...] = ("finance",)) -> list[Expert]:
    experts = []
    for number in range(count):
        user = UserFactory(roles=[Role.EXPERT], full_name=f"评委{number}")
        experts.append(
            Expert.objects.create(
                user=user, name=f"评委{number}", affiliation="大学", fields=list(fields)
            )
        )
    return experts


def projects_under_review(call, count: int, **fields) -> list[Project]:
    return [
        ProjectFactory(
            call=call,
            state=ProjectState.UNDER_REVIEW,
            organisation=SocialOrganisationFactory(),
            **fields,
        )
        for _ in range(count)
    ]


def seated(panel: Panel) -> list[PanelMember]:
    return list(panel.members.filter(removed_at__isnull=True).select_related("expert__user"))


def submit_sheet(panel: Panel, member: PanelMember, ratio: str) -> None:
    """The member scores every criterion at ``ratio`` of its maximum and submits."""
    entries = {
        c.pk: sheets.Entry((c.max_points * D(ratio)).quantize(D("0.01")), "说明")
        for c in panel.rubric.criteria.all()
    }
    sheet = sheets.sheet_for(panel=panel, by=member.expert.user)
    sheets.save_sheet(sheet=sheet, entries=entries, by=member.expert.user, submit=True)


def score_panel(panel: Panel, ratios: list[str]) -> None:
    for member, ratio in zip(seated(panel), ratios, strict=False):
        submit_sheet(panel, member, ratio)
