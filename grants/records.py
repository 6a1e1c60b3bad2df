"""Service records 项目动态: the organisation records each activity of a running project as
it happens — when, where, for which community, what kind, how far it advanced which
indicators, who took part, volunteer hours, a note, photos and a sign-in sheet. It may
correct a record for a week; then the record locks, and only an officer's logged unlock
opens it again.

``activity_problems`` and ``photo_problems`` are the rules; the form asks them to put each
message by its field, and the use cases ask them again with the project locked.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Community, User
from grants import entries, permissions, photos
from grants.entries import FieldProblem
from grants.models import (
    ActivityKind,
    Indicator,
    IndicatorProgress,
    Project,
    RecordPhoto,
    ServiceRecord,
    Unlock,
)
from grants.project_parts import forget_project
from grants.refusals import refuse_invalid


@dataclass(frozen=True)
class Activity:
    """What the organisation typed about one activity (``None`` where nothing usable was
    typed)."""

    occurred_on: date | None
    place: str
    community: Community | None
    kind: str
    participants: int | None
    volunteer_hours: Decimal | None
    note: str = ""
    # indicator pk → how far this activity advanced it (None or 0: not at all)
    increments: Mapping[int, Decimal | None] = field(default_factory=dict)


def increment_field(indicator_pk: int) -> str:
    """The form field of an indicator's increment."""
    return f"increment_{indicator_pk}"


def activity_problems(
    project: Project, activity: Activity, *, indicators: Mapping[int, Indicator], today: date
) -> list[FieldProblem]:
    """Every problem with an activity, each with the field it belongs to."""
    problems: list[FieldProblem] = []
    day = activity.occurred_on
    start, end = project.period_start, project.period_end
    if day is None:
        problems.append(("occurred_on", _("Enter the date of the activity.")))
    elif day > today:
        problems.append(
            (
                "occurred_on",
                _("%(date)s is in the future; record an activity once it has taken place.")
                % {"date": day.isoformat()},
            )
        )
    elif (start and day < start) or (end and day > end):
        problems.append(
            (
                "occurred_on",
                _("%(date)s is outside the service period %(start)s to %(end)s.")
                % {
                    "date": day.isoformat(),
                    "start": start.isoformat() if start else "…",
                    "end": end.isoformat() if end else "…",
                },
            )
        )
    if not activity.place.strip():
        problems.append(("place", _("Enter where the activity took place.")))
    if activity.community is None:
        problems.append(("community", _("Choose the community the activity served.")))
    if activity.kind not in ActivityKind.values:
        problems.append(("kind", _("Choose the kind of activity.")))
    if activity.participants is None:
        problems.append(("participants", _("Enter how many people took part.")))
    elif activity.participants < 0:
        problems.append(("participants", _("The number of participants cannot be negative.")))
    if activity.volunteer_hours is not None and activity.volunteer_hours < 0:
        problems.append(("volunteer_hours", _("Volunteer hours cannot be negative.")))
    for pk, amount in activity.increments.items():
        indicator = indicators.get(pk)
        if indicator is None:
            problems.append(("", _("One of the indicators is not an indicator of this project.")))
        elif amount is not None and amount < 0:
            problems.append(
                (
                    increment_field(pk),
                    _("%(indicator)s: the increment cannot be negative (%(amount)s).")
                    % {"indicator": indicator.name, "amount": amount},
                )
            )
    return problems


def photo_problems(uploads: Sequence[UploadedFile], *, kept: int) -> list[FieldProblem]:
    """The photos added to a record that keeps ``kept`` photos: how many, and each one's
    content and size."""
    problems = [
        ("photos", message) for message in photos.count_problems(kept=kept, added=len(uploads))
    ]
    for upload in uploads:
        problems += [("photos", message) for message in photos.photo_problems(upload)]
    return problems


def _indicators(project: Project) -> dict[int, Indicator]:
    return {indicator.pk: indicator for indicator in project.indicators.all()}


def _apply(record: ServiceRecord, activity: Activity) -> None:
    record.occurred_on = entries.checked(activity.occurred_on)
    record.place = activity.place.strip()
    record.community = entries.checked(activity.community)
    record.kind = activity.kind
    record.participants = entries.checked(activity.participants)
    record.volunteer_hours = activity.volunteer_hours or Decimal("0")
    record.note = activity.note.strip()


def _checked(record: ServiceRecord, activity: Activity) -> list[IndicatorProgress]:
    """The record's fields and its progress rows, refused in words where a column could
    not hold them (a use case called without the form's bounds)."""
    refuse_invalid(record, exclude=["sign_in_sheet"])
    progress = [
        IndicatorProgress(record=record, indicator_id=pk, amount=amount)
        for pk, amount in activity.increments.items()
        if amount
    ]
    for row in progress:
        refuse_invalid(row)
    return progress


def _save_progress(record: ServiceRecord, progress: list[IndicatorProgress]) -> None:
    IndicatorProgress.objects.filter(record=record).delete()
    IndicatorProgress.objects.bulk_create(progress)
    forget_project(record.project_id)


def _attach_sign_in_sheet(record: ServiceRecord, upload: UploadedFile | None) -> None:
    if upload is not None:
        entries.store(record.sign_in_sheet, upload, extension=entries.extension_of(upload))
        record.sign_in_sheet_name = entries.original_name(upload)


def _add_photos(record: ServiceRecord, uploads: Sequence[UploadedFile]) -> None:
    for upload in uploads:
        prepared = photos.prepare(upload)
        photo = RecordPhoto(
            record=record,
            project_id=record.project_id,
            original_name=entries.original_name(upload),
            size=len(prepared.image),
            width=prepared.width,
            height=prepared.height,
        )
        entries.store(photo.image, ContentFile(prepared.image), extension=prepared.extension)
        entries.store(photo.thumbnail, ContentFile(prepared.thumbnail), extension=".jpg")
        photo.save()


@transaction.atomic
def record_activity(
    *,
    project: Project,
    by: User,
    activity: Activity,
    photo_uploads: Sequence[UploadedFile] = (),
    sign_in_sheet: UploadedFile | None = None,
) -> ServiceRecord:
    """The organisation records one activity of its running project."""
    project = entries.lock_running(project, by=by, allowed=permissions.may_record_delivery)
    now = timezone.now()
    entries.refuse(
        activity_problems(
            project, activity, indicators=_indicators(project), today=timezone.localdate()
        )
        + photo_problems(photo_uploads, kept=0)
        + entries.upload_problems(sign_in_sheet, field="sign_in_sheet")
    )
    record = ServiceRecord(
        project=project, recorded_by=by, editable_until=entries.edit_window_ends(now)
    )
    _apply(record, activity)
    progress = _checked(record, activity)
    _attach_sign_in_sheet(record, sign_in_sheet)
    record.save()
    _save_progress(record, progress)
    _add_photos(record, photo_uploads)
    return record


@transaction.atomic
def update_activity(
    *,
    record: ServiceRecord,
    by: User,
    activity: Activity,
    photo_uploads: Sequence[UploadedFile] = (),
    remove_photos: Sequence[int] = (),
    sign_in_sheet: UploadedFile | None = None,
) -> ServiceRecord:
    """The organisation corrects a record within its week (or after an officer's unlock):
    its fields and increments, photos added or removed, a new sign-in sheet."""
    project = entries.lock_running(record.project, by=by, allowed=permissions.may_record_delivery)
    record = ServiceRecord.objects.get(pk=record.pk, project=project)
    now = timezone.now()
    entries.refuse(entries.locked_problems(record, now=now))
    removed = record.photos.filter(pk__in=remove_photos)
    kept = record.photos.count() - removed.count()
    entries.refuse(
        activity_problems(
            project, activity, indicators=_indicators(project), today=timezone.localdate()
        )
        + photo_problems(photo_uploads, kept=kept)
        + entries.upload_problems(sign_in_sheet, field="sign_in_sheet")
    )
    _apply(record, activity)
    progress = _checked(record, activity)
    old_sheet = record.sign_in_sheet.name if sign_in_sheet is not None else ""
    _attach_sign_in_sheet(record, sign_in_sheet)
    record.save()
    _save_progress(record, progress)
    files = [name for photo in removed for name in (photo.image.name, photo.thumbnail.name)]
    removed.delete()
    _add_photos(record, photo_uploads)
    for name in [*files, old_sheet]:
        if name:
            entries.delete_after_commit(record.sign_in_sheet.storage, name)
    return record


@transaction.atomic
def unlock_record(*, record: ServiceRecord, by: User, reason: str) -> Unlock:
    """An officer opens a locked record for another week of corrections (logged)."""
    project = entries.lock_running(record.project, by=by, allowed=permissions.may_unlock_entries)
    record = ServiceRecord.objects.get(pk=record.pk, project=project)
    return entries.unlock(record, by=by, reason=reason, now=timezone.now())
