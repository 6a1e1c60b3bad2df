"""What reviews adds to the project page: the links to its panels and its satisfaction
survey, and while a panel scores it, what the project waits for (sheets in, the decision
on the panel page). (Which projects an expert may see is ``grants.models.ProjectReader``, written by
``reviews.panels`` as experts are seated and leave.)"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.addresses import address
from accounts.models import User
from grants.lifecycle import TRANSITION_LABELS
from grants.models import Project
from grants.project_links import ProjectLink, ProjectSection
from grants.project_parts import kept
from grants.stages import STAGES, Stage
from reviews import permissions, results
from reviews.models import Panel, SatisfactionSurvey


def panel_links(project: Project, user: User) -> list[ProjectLink]:
    """Officers reach the panels of a project from its page; satisfaction for its community."""
    links = []
    if permissions.can_manage_panels(user):
        panels = kept(project, "panels", lambda: list(project.panels.values_list("pk", "stage")))
        for pk, stage in panels:
            label = _("%(stage)s panel") % {"stage": Stage(stage).label}
            links.append(ProjectLink(label, address("reviews:panel", pk)))
    if permissions.may_enter_satisfaction(user, project):
        links.append(
            ProjectLink(_("Resident satisfaction"), address("reviews:satisfaction", project.pk))
        )
    return links


@dataclass(frozen=True)
class ReviewStatus:
    """What a project in a review stage waits for, as its page says it."""

    stage_label: str
    panel: Panel | None
    submitted: int
    seats: int
    complete: bool
    decisions: list[str]
    satisfaction_missing: bool
    panel_url: str | None  # the officer's panel page, where the decision is taken
    draw_url: str | None  # the officer's draw page, while no panel is drawn
    sheet_url: str | None  # the seated expert's own sheet

    @property
    def waiting_for_draw(self) -> bool:
        return self.panel is None

    @property
    def sheets_missing(self) -> int:
        return max(0, self.seats - self.submitted)


def review_status(project: Project, user: User) -> ReviewStatus | None:
    """For a project a panel is scoring: its panel, how many of its sheets are in (the
    one definition of complete, ``reviews.results``), and what comes next."""
    stage = next((rules for rules in STAGES.values() if rules.review_state == project.state), None)
    if stage is None:
        return None
    result = results.panel_result(project, stage.stage)
    officer = permissions.can_manage_panels(user)
    expert = permissions.expert_profile(user)
    panel = result.panel if result else None
    seated = bool(panel and expert and any(m.expert_id == expert.pk for m in result.members))
    return ReviewStatus(
        stage_label=str(stage.stage.label),
        panel=panel,
        submitted=result.outcome.submitted if result else 0,
        seats=result.seats if result else 0,
        complete=bool(result and result.complete),
        decisions=[str(TRANSITION_LABELS[name]) for name in stage.decisions],
        satisfaction_missing=stage.stage == Stage.FINAL
        and not SatisfactionSurvey.objects.filter(project=project).exists(),
        panel_url=address("reviews:panel", panel.pk) if officer and panel else None,
        draw_url=(
            f"{address('reviews:draw_create', project.call_id)}?stage={stage.stage}"
            if officer and panel is None
            else None
        ),
        sheet_url=address("reviews:sheet", panel.pk) if seated and panel else None,
    )


def review_section(project: Project, user: User) -> ProjectSection | None:
    status = review_status(project, user)
    if status is None:
        return None
    return ProjectSection("reviews/partials/review_status.html", {"status": status}, first=True)
