"""Parts of a project's page kept as HTML until a row of that project changes (issue 17).

A project page reads sixteen queries and renders some hundred lines for every view, yet its
budget, attachments, payments, versions, timeline and delivery records change a few times
a month. Each of those parts is kept here under ``PROJECT_PAGE``, a generation kept per
project (``accounts.generations``): a save or delete of a row of the project (its budget
line, a payment of its tranche, a photo of its record…) replaces that project's token on
commit; a change of a row many projects show (a user's name, a community) replaces all.

Only what is the same for everyone who is shown the part is kept: whether a user is shown a
part at all (the money, a sign-in sheet's link, the record buttons) is decided on every
view, and what it depends on is part of the key. The language is always part of it.
"""

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import get_language
from markupsafe import Markup

from accounts.generations import Generation
from accounts.models import Community, User, UserRole
from grants.models import (
    Attachment,
    BudgetLine,
    Indicator,
    IndicatorProgress,
    Payment,
    Programme,
    Project,
    ProjectChange,
    ProjectVersion,
    RecordPhoto,
    ServiceRecord,
    SiteVisit,
    Spending,
    Tranche,
    TransitionLog,
)

PROJECT_PAGE = Generation("project-page")
T = TypeVar("T")

# What a render returns: the HTML, and the moment it stops being true (None: while the
# rows stay as they are), e.g. when a record shown as correctable locks.
Rendered = tuple[str, datetime | None]


def kept_html(project: Project, *key: object, render: Callable[[], Rendered]) -> Markup:
    """The part of ``project``'s page named by ``key``, as ``render`` wrote it under the
    project's rows as they are now (rendered afresh inside a transaction)."""
    html, _ = kept(
        project,
        ":".join([get_language(), *map(str, key)]),
        render,
        fresh=lambda rendered: rendered[1] is None or timezone.now() < rendered[1],
    )
    return Markup(html)  # noqa: S704 - what our autoescaping templates wrote


def kept_part(project: Project, *key: object, caller: Callable[[], str]) -> Markup:
    """The Jinja2 side: ``{% call kept_part(project, "budget") %}…{% endcall %}`` renders
    the block only when the part is not kept (the querysets it reads stay unread)."""
    return kept_html(project, *key, render=lambda: (caller(), None))


def kept(
    project: Project, key: str, read: Callable[[], T], fresh: Callable[[T], bool] | None = None
) -> T:
    """What ``read`` gives of ``project`` (rows, figures, HTML), kept under ``key`` while
    the project's rows stay as they are and ``fresh`` holds it true."""
    return PROJECT_PAGE.remembered(
        f"{project.pk}:{key}", read, token=lambda: _token(project), fresh=fresh
    )


def _token(project: Project) -> str:
    """The project's token, read once for the instance a page is built from: every part of
    one page is of the same rows."""
    token = project.__dict__.get("_page_token")
    if token is None:
        token = project.__dict__["_page_token"] = PROJECT_PAGE.token(str(project.pk))
    return token


def forget_project(project_pk: int) -> None:
    """For rows written without signals (``bulk_create``, ``update``)."""
    PROJECT_PAGE.forget(str(project_pk))


def project_of(row: Model) -> str | None:
    return str(row.project_id)  # type: ignore[attr-defined]


def project_of_payment(row: Model) -> str | None:
    return _project_of(Tranche, row.tranche_id)  # type: ignore[attr-defined]


def project_of_progress(row: Model) -> str | None:
    return _project_of(ServiceRecord, row.record_id)  # type: ignore[attr-defined]


def _project_of(parent: type[Tranche | ServiceRecord], pk: int) -> str | None:
    """The project of a row's parent (None when the parent is gone: every part forgets)."""
    project_pk = parent.objects.filter(pk=pk).values_list("project_id", flat=True).first()
    return None if project_pk is None else str(project_pk)


def follow_project_rows() -> None:
    """Connect the signals (``GrantsConfig.ready``)."""
    PROJECT_PAGE.follow(Project, part_of=lambda project: str(project.pk))
    PROJECT_PAGE.follow(
        Attachment,
        BudgetLine,
        Indicator,
        ProjectChange,
        ProjectVersion,
        RecordPhoto,
        ServiceRecord,
        SiteVisit,
        Spending,
        Tranche,
        TransitionLog,
        part_of=project_of,
    )
    PROJECT_PAGE.follow(Payment, part_of=project_of_payment)
    PROJECT_PAGE.follow(IndicatorProgress, part_of=project_of_progress)
    # Shown on many projects' pages, or deciding their delivery figures: all parts.
    PROJECT_PAGE.follow(User, UserRole, Community, Programme)
