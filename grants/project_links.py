"""Links other apps add to a project page (e.g. reviews: the panel of the current stage),
registered from their AppConfig's ``ready`` so grants never imports them."""

from collections.abc import Callable
from dataclasses import dataclass

from accounts.models import User
from grants.models import Project


@dataclass(frozen=True)
class ProjectLink:
    label: str
    url: str


_BUILDERS: list[Callable[[Project, User], list[ProjectLink]]] = []


def add_project_links(build: Callable[[Project, User], list[ProjectLink]]) -> None:
    if build not in _BUILDERS:
        _BUILDERS.append(build)


def links_for(project: Project, user: User) -> list[ProjectLink]:
    return [link for build in _BUILDERS for link in build(project, user)]
