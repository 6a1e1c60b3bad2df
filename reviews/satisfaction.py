"""Resident satisfaction 居民满意度, entered by the community where the project serves."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from grants.models import REPORTING_STATES, Project
from grants.refusals import Refused
from reviews import permissions
from reviews.aggregation import SATISFACTION_LEVELS, satisfaction_from_counts
from reviews.models import SatisfactionSurvey

# Residents are surveyed while the project runs.
SURVEY_STATES = REPORTING_STATES


@transaction.atomic
def enter_survey(
    *,
    project: Project,
    by: User,
    respondents: int | None = None,
    score: Decimal | None = None,
    counts: dict[str, int] | None = None,
) -> SatisfactionSurvey:
    """Either the number of respondents and the score, or the answers counted by level
    (the score then follows from them)."""
    if not permissions.may_enter_satisfaction(by, project):
        raise PermissionDenied
    counts = {level: counts.get(level, 0) for level in SATISFACTION_LEVELS} if counts else {}
    if any(counts.values()):
        respondents, score = satisfaction_from_counts(counts)
    problems = []
    if not respondents or respondents <= 0:
        problems.append(_("Enter how many residents answered."))
    if score is None or not Decimal("0") <= score <= Decimal("100"):
        problems.append(_("The satisfaction score goes from 0 to 100."))
    if problems:
        raise Refused(problems)
    survey, _created = SatisfactionSurvey.objects.update_or_create(
        project=project,
        defaults={"respondents": respondents, "score": score, "counts": counts, "entered_by": by},
    )
    return survey
