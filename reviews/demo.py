"""Demo panels for each stage, drawn for real from fixed seeds: complete panels (one with an
outlier sheet), partial ones, and a resident satisfaction survey."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from accounts.models import Role, User
from grants.models import Call, Project
from grants.stages import Stage
from reviews import panels, satisfaction, sheets
from reviews.models import Panel

# Per stage: how many sheets each panel gets submitted, in project order ("all" or a count),
# and the share of the maximum each expert gives (the fifth one is harsh: an outlier).
SUBMITTED = {
    Stage.INITIAL: ["all", 3, "all", 0],
    Stage.MIDTERM: ["all", 2],
    Stage.FINAL: ["all", "all"],
}
RATIOS = [Decimal("0.86"), Decimal("0.82"), Decimal("0.90"), Decimal("0.78"), Decimal("0.45")]


def seed(*, stdout, options: dict) -> None:
    if Panel.objects.exists():
        return
    officer = User.objects.get(username="demo_officer")
    call = Call.objects.filter(projects__isnull=False).distinct().first()
    if call is None:
        return
    for stage in Stage:
        if not panels.projects_awaiting_panel(call, stage).exists():
            continue
        draw = panels.draw_panels(call=call, stage=stage, by=officer, seed=f"demo-{stage}")
        for panel, plan in zip(
            Panel.objects.filter(draw=draw).order_by("project_id"), SUBMITTED[stage], strict=False
        ):
            _score(panel, plan)
    _survey_final_projects(call)
    stdout.write(f"reviews: {Panel.objects.count()} panels")


def _score(panel: Panel, plan) -> None:
    members = list(panel.members.filter(removed_at__isnull=True).select_related("expert__user"))
    how_many = len(members) if plan == "all" else plan
    criteria = list(panel.rubric.criteria.all())
    for member, ratio in zip(members[:how_many], RATIOS, strict=False):
        user = member.expert.user
        sheet = sheets.sheet_for(panel=panel, by=user)
        entries = {}
        for criterion in criteria:
            points = (criterion.max_points * ratio).quantize(Decimal("0.5"), rounding=ROUND_HALF_UP)
            low = points < criterion.max_points * sheets.LOW_SHARE
            entries[criterion.pk] = sheets.Entry(points, "材料不充分，论证薄弱。" if low else "")
        sheets.save_sheet(sheet=sheet, entries=entries, by=user, submit=True)


def _survey_final_projects(call: Call) -> None:
    for project in Project.objects.filter(call=call, state__in=satisfaction.SURVEY_STATES).filter(
        Q(panels__stage=Stage.FINAL)
    ):
        keeper = User.objects.filter(
            community=project.community_id, role_assignments__role=Role.COMMUNITY_STAFF
        ).first()
        if keeper is not None:
            satisfaction.enter_survey(
                project=project,
                by=keeper,
                counts={"very_satisfied": 52, "satisfied": 31, "fair": 9, "dissatisfied": 3},
            )
