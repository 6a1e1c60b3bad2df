"""Traceability: from a need to the guide item and the projects that answer it, and back.

On a need, what became of it (``Need.answering_draft`` and its item's projects, read from
``NeedQuerySet.for_list``'s prefetches); on a guide-item draft, its needs and the projects
that took its item; on a project page, the needs it answers (a section added through
``grants.project_links``, since grants never imports community). Each runs a fixed number
of queries whatever the number of needs and projects.
"""

from django.db.models import Q, QuerySet

from accounts.models import User
from community.models import GuideItemDraft, Need
from grants.models import Project
from grants.project_links import ProjectSection


def needs_answering(guide_item_id: int) -> QuerySet[Need]:
    """The needs a guide item answers: those screened into its draft, and those merged
    into one of them."""
    found: QuerySet[Need] = (  # annotated: mypy sees Need.objects as Any (pyproject)
        Need.objects.filter(
            Q(guide_draft__guide_item=guide_item_id)
            | Q(merged_into__guide_draft__guide_item=guide_item_id)
        )
        .select_related("community__street")
        .order_by("found_on", "pk")
    )
    return found


def draft_needs(draft: GuideItemDraft) -> QuerySet[Need]:
    """The needs a draft answers, with those merged into them."""
    found: QuerySet[Need] = (  # annotated: mypy sees Need.objects as Any (pyproject)
        Need.objects.filter(Q(guide_draft=draft) | Q(merged_into__guide_draft=draft))
        .select_related("community__street", "merged_into")
        .order_by("found_on", "pk")
    )
    return found


def draft_projects(draft: GuideItemDraft) -> QuerySet[Project]:
    """The projects that took the draft's guide item (none before it is placed)."""
    projects: QuerySet[Project] = Project.objects.all()  # annotated: see [tool.mypy]
    if draft.guide_item_id is None:
        return projects.none()
    return (
        projects.filter(guide_item=draft.guide_item_id)
        .select_related("organisation", "community__street")
        .order_by("pk")
    )


def project_needs_section(project: Project, user: User) -> ProjectSection | None:
    """The project page's card of the needs its guide item answers: everyone who sees the
    project sees what it answers; a need links to its page for those who may open it."""
    if project.guide_item_id is None:
        return None
    needs = list(needs_answering(project.guide_item_id))
    if not needs:
        return None
    openable = set(
        Need.objects.visible_to(user)
        .filter(pk__in=[need.pk for need in needs])
        .values_list("pk", flat=True)
    )
    rows = [(need, need.pk in openable) for need in needs]
    return ProjectSection("community/needs/project_section.html", {"rows": rows})
