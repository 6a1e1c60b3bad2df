"""Running projects with indicators, and real image files, for the delivery tests."""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from grants import records
from grants.models import Indicator, Project, ProjectState
from tests.factories import ProjectFactory

D = Decimal


def running_project(*, days_done: int = 100, days_left: int = 100, **kwargs) -> Project:
    """A project in progress since ``days_done`` days, for ``days_left`` more, half paid,
    with two indicators: 助餐 1,000 人次 and 探访 200 户."""
    today = timezone.localdate()
    values = {
        "state": ProjectState.IN_PROGRESS,
        "approved_amount": D("100000.00"),
        "paid_amount": D("50000.00"),
        "period_start": today - timedelta(days=days_done - 1),
        "period_end": today + timedelta(days=days_left),
        **kwargs,
    }
    project = ProjectFactory(**values)
    Indicator.objects.create(
        project=project, name="助餐", unit="人次", target=D("1000"), measured_by="签到表"
    )
    Indicator.objects.create(project=project, name="探访", unit="户", target=D("200"))
    return project


def photo_bytes(*, size=(64, 48), image_format="JPEG", gps: bool = False) -> bytes:
    """A small real image; with ``gps`` its EXIF carries a location."""
    image = Image.new("RGB", size, (200, 120, 40))
    output = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (32.0, 1.0, 30.0), 3: "E", 4: (118.0, 46.0, 0.0)}
        options["exif"] = exif.tobytes()
    image.save(output, format=image_format, **options)
    return output.getvalue()


def photo_upload(name: str = "activity.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes(**kwargs), content_type="image/jpeg")


PDF = b"%PDF-1.4\n% sign-in\n"


def activity(project: Project, day=None, **changes) -> records.Activity:
    """What a service record of ``project`` says: today, ten people, ten of its first
    indicator; ``changes`` override."""
    values = {
        "occurred_on": day or timezone.localdate(),
        "place": "活动室",
        "community": project.community,
        "kind": "group",
        "participants": 10,
        "volunteer_hours": D("1"),
        "increments": {project.indicators.first().pk: D("10")},
    }
    return records.Activity(**{**values, **changes})
