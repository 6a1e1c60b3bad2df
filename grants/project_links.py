"""Links and sections other apps add to a project page (e.g. reviews: the panel of the
current stage; community: the needs the project answers), registered from their
AppConfig's ``ready`` so grants never imports them."""

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


@dataclass(frozen=True)
class ProjectSection:
    """A card on the project page: ``template`` is rendered with ``data`` = ``context``;
    ``first`` puts it at the top, before the actions (what the project waits for now)."""

    template: str
    context: dict
    first: bool = False


_SECTION_BUILDERS: list[Callable[[Project, User], ProjectSection | None]] = []


def add_project_section(build: Callable[[Project, User], ProjectSection | None]) -> None:
    if build not in _SECTION_BUILDERS:
        _SECTION_BUILDERS.append(build)


def sections_for(project: Project, user: User) -> list[ProjectSection]:
    """The sections for this project and user (a builder returns None to show nothing)."""
    return [section for build in _SECTION_BUILDERS if (section := build(project, user))]
