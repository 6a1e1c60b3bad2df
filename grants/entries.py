"""The steps every delivery use case shares: lock the running project, check that an entry
may still be corrected, check and store an uploaded file, open a locked entry again.

The use cases themselves (``grants.records``, ``grants.spending``, ``grants.visits``,
``grants.delivery_reports``) are written out one by one and call these.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import PurePath
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from grants.models import Project, ServiceRecord, Spending, Unlock
from grants.refusals import NotAvailable, Refused, refuse_invalid_values
from grants.transitions import lock
from grants.uploads import check_upload, storage_token

# A problem found in what was typed, and the form field it belongs to ("" for the form).
FieldProblem = tuple[str, str]
T = TypeVar("T")


def checked(value: T | None) -> T:
    """A value the use case's rules have already required (``refuse`` let it through)."""
    if value is None:
        raise ValueError("a required value reached the use case unchecked")
    return value


def refuse(problems: list[FieldProblem]) -> None:
    """Refuse with every message, in the order found."""
    if problems:
        raise Refused([message for _field, message in problems])


def lock_running(
    project: Project, *, by: User, allowed: Callable[[Project, User], bool]
) -> Project:
    """The project with its row locked until the transaction ends; refused when the user
    may not act on it (403) or when it is not running (its state is named)."""
    locked = lock(project)
    if not allowed(locked, by):
        raise PermissionDenied
    if not locked.accepts_reports:
        raise NotAvailable(locked)
    return locked


def edit_window_ends(now: datetime) -> datetime:
    """Until when a new (or unlocked) entry may be corrected."""
    return now + timedelta(days=settings.GRANTS_RECORD_EDIT_DAYS)


def locked_problems(entry: ServiceRecord | Spending, *, now: datetime) -> list[FieldProblem]:
    if entry.is_editable(now):
        return []
    return [
        (
            "",
            _(
                "This entry was locked on %(date)s. Ask the programme officer to unlock it "
                "if it needs a correction."
            )
            % {"date": timezone.localtime(entry.editable_until).strftime("%Y-%m-%d")},
        )
    ]


def upload_problems(upload: UploadedFile | None, *, field: str) -> list[FieldProblem]:
    """An attachment (sign-in sheet, receipt) checked like every other: its type by name
    and content, its size."""
    if upload is None:
        return []
    try:
        check_upload(upload)
    except ValidationError as error:
        return [(field, message) for message in error.messages]
    return []


def store(file: FieldFile, content: UploadedFile | ContentFile, *, extension: str) -> None:
    """Save ``content`` into ``file`` under a random name with ``extension``; the model
    row is saved by the caller."""
    file.save(f"{storage_token()}{extension}", content, save=False)


def delete_after_commit(storage: Storage, name: str) -> None:
    """Remove a replaced file once the change that replaced it has committed."""
    transaction.on_commit(partial(storage.delete, name))


def original_name(upload: UploadedFile) -> str:
    return PurePath(upload.name or "").name[:200]


def extension_of(upload: UploadedFile) -> str:
    return PurePath(upload.name or "").suffix.lower()


def unlock(entry: ServiceRecord | Spending, *, by: User, reason: str, now: datetime) -> Unlock:
    """Open a locked entry for another correction window, logged with the officer's
    reason. The caller holds the project's lock."""
    if entry.is_editable(now):
        raise Refused(
            [
                _("This entry can still be corrected until %(date)s; it needs no unlocking.")
                % {"date": timezone.localtime(entry.editable_until).strftime("%Y-%m-%d")}
            ]
        )
    if not reason.strip():
        raise Refused([_("Give a reason for unlocking; it is kept in the log.")])
    refuse_invalid_values(Unlock, reason=reason.strip())
    entry.editable_until = edit_window_ends(now)
    entry.save(update_fields=["editable_until", "updated_at"])
    return Unlock.objects.create(
        project_id=entry.project_id,
        service_record=entry if isinstance(entry, ServiceRecord) else None,
        spending=entry if isinstance(entry, Spending) else None,
        unlocked_by=by,
        until=entry.editable_until,
        reason=reason.strip(),
    )
