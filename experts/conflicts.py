"""Conflicts of interest 回避: an expert never scores a project of an organisation it works
for or has declared a tie with, nor one it recused itself from."""

from collections.abc import Iterable

from accounts.models import OrganisationMembership
from experts.models import Expert, ExpertTie, Recusal
from grants.models import Project


def conflicted_pairs(
    experts: Iterable[Expert], projects: Iterable[Project]
) -> set[tuple[int, int]]:
    """Every (expert id, project id) pair that must never meet, in three queries."""
    experts, projects = list(experts), list(projects)
    expert_by_user = {expert.user_id: expert.pk for expert in experts}
    organisations: dict[int, set[int]] = {expert.pk: set() for expert in experts}
    for user_id, organisation_id in OrganisationMembership.objects.filter(
        user_id__in=expert_by_user
    ).values_list("user_id", "organisation_id"):
        organisations[expert_by_user[user_id]].add(organisation_id)
    for expert_id, organisation_id in ExpertTie.objects.filter(expert__in=experts).values_list(
        "expert_id", "organisation_id"
    ):
        organisations[expert_id].add(organisation_id)
    pairs = {
        (expert.pk, project.pk)
        for expert in experts
        for project in projects
        if project.organisation_id in organisations[expert.pk]
    }
    pairs |= set(
        Recusal.objects.filter(expert__in=experts, project__in=projects).values_list(
            "expert_id", "project_id"
        )
    )
    return pairs


def is_conflicted(expert: Expert, project: Project) -> bool:
    return (expert.pk, project.pk) in conflicted_pairs([expert], [project])
