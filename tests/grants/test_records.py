"""Service records 项目动态: recorded by the organisation while the project runs, within
the service period, with non-negative increments and real photos (stored without their
EXIF location, with a thumbnail); corrected for a week, then locked until an officer
unlocks them (logged)."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone
from PIL import Image

from accounts.models import Role
from grants import records
from grants.models import (
    IndicatorProgress,
    ProjectState,
    RecordPhoto,
    ServiceRecord,
    Unlock,
)
from grants.refusals import NotAvailable, Refused
from tests.factories import UserFactory, user_with_role
from tests.grants.delivering import PDF, D, photo_bytes, photo_upload, running_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def activity(project, *, days_ago: int = 1, **changes) -> records.Activity:
    meal, visit = project.indicators.all()
    values = {
        "occurred_on": timezone.localdate() - timedelta(days=days_ago),
        "place": "雨花新村社区活动室",
        "community": project.community,
        "kind": "meal",
        "participants": 35,
        "volunteer_hours": D("6.5"),
        "note": "午餐助餐，志愿者 4 人",
        "increments": {meal.pk: D("35"), visit.pk: None},
    }
    return records.Activity(**{**values, **changes})


def test_an_activity_is_recorded_with_its_increments_photo_and_sign_in_sheet(running, staff):
    sheet = SimpleUploadedFile("签到表.pdf", PDF)
    record = records.record_activity(
        project=running,
        by=staff,
        activity=activity(running),
        photo_uploads=[photo_upload()],
        sign_in_sheet=sheet,
    )
    assert record.participants == 35
    assert record.volunteer_hours == D("6.5")
    assert record.sign_in_sheet_name == "签到表.pdf"
    assert [(p.indicator.name, p.amount) for p in record.progress.all()] == [("助餐", D("35"))]
    photo = record.photos.get()
    assert photo.original_name == "activity.jpg"
    assert Image.open(photo.thumbnail.open("rb")).format == "JPEG"
    assert record.is_editable()
    assert record.editable_until - timezone.now() > timedelta(days=6, hours=23)


def test_the_photo_is_stored_without_its_exif_location(running, staff):
    assert Image.open(io.BytesIO(photo_bytes(gps=True))).getexif().get_ifd(0x8825)
    record = records.record_activity(
        project=running,
        by=staff,
        activity=activity(running),
        photo_uploads=[photo_upload(gps=True)],
    )
    photo = record.photos.get()
    for stored in (photo.image, photo.thumbnail):
        exif = Image.open(stored.open("rb")).getexif()
        assert 0x8825 not in exif
        assert not exif.get_ifd(0x8825)


def test_a_large_photo_is_scaled_down_and_its_thumbnail_small(running, staff, settings):
    record = records.record_activity(
        project=running,
        by=staff,
        activity=activity(running),
        photo_uploads=[photo_upload("大图.png", size=(3000, 1500), image_format="PNG")],
    )
    photo = record.photos.get()
    assert (photo.width, photo.height) == (2560, 1280)
    assert photo.image.name.endswith(".png")
    assert max(Image.open(photo.thumbnail.open("rb")).size) == 480


def test_every_problem_is_refused_at_once_and_nothing_is_saved(running, staff):
    meal, visit = running.indicators.all()
    bad = activity(
        running,
        occurred_on=running.period_start - timedelta(days=1),
        place=" ",
        increments={meal.pk: D("-5"), visit.pk: D("3")},
    )
    not_a_photo = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image")
    with pytest.raises(Refused) as refused:
        records.record_activity(
            project=running, by=staff, activity=bad, photo_uploads=[not_a_photo]
        )
    assert refused.value.problems == [
        f"{bad.occurred_on.isoformat()} 不在服务期 "
        f"{running.period_start.isoformat()} 至 {running.period_end.isoformat()} 之内。",
        "请填写活动地点。",
        "助餐：增量不能为负数（-5）。",
        "photo.jpg 不是照片：只接受 JPEG、PNG 和 WebP 图片。",
    ]
    assert not ServiceRecord.objects.exists()
    assert not RecordPhoto.objects.exists()


def test_an_activity_in_the_future_is_refused(running, staff):
    with pytest.raises(Refused, match="是将来的日期"):
        records.record_activity(project=running, by=staff, activity=activity(running, days_ago=-1))


def test_photos_over_the_size_limit_or_the_count_are_refused(running, staff, settings):
    settings.GRANTS_MAX_PHOTO_BYTES = 200
    settings.GRANTS_MAX_RECORD_PHOTOS = 1
    with pytest.raises(Refused) as refused:
        records.record_activity(
            project=running,
            by=staff,
            activity=activity(running),
            photo_uploads=[photo_upload("a.jpg"), photo_upload("b.jpg")],
        )
    assert refused.value.problems[0] == "每条记录最多 1 张照片，本条将有 2 张。"
    assert refused.value.problems[1].startswith("a.jpg 大小为 ")
    assert refused.value.problems[1].endswith("照片不能超过 200\xa0字节。")


def test_an_increment_for_another_projects_indicator_is_refused(running, staff):
    other = running_project()
    foreign = other.indicators.first()
    with pytest.raises(Refused, match="所填指标不属于本项目"):
        records.record_activity(
            project=running,
            by=staff,
            activity=activity(running, increments={foreign.pk: D("1")}),
        )


def test_only_the_organisation_records_and_only_while_the_project_runs(running, staff):
    officer = user_with_role(Role.OFFICER)
    with pytest.raises(PermissionDenied):
        records.record_activity(project=running, by=officer, activity=activity(running))
    closed = running_project(state=ProjectState.CLOSED)
    colleague = UserFactory(roles=[Role.APPLICANT], organisations=[closed.organisation])
    with pytest.raises(NotAvailable):
        records.record_activity(project=closed, by=colleague, activity=activity(closed))


def test_a_record_is_corrected_within_its_week_photos_added_and_removed(running, staff):
    record = records.record_activity(
        project=running, by=staff, activity=activity(running), photo_uploads=[photo_upload()]
    )
    old = record.photos.get()
    _meal, visit = running.indicators.all()
    records.update_activity(
        record=record,
        by=staff,
        activity=activity(running, participants=40, increments={visit.pk: D("12")}),
        photo_uploads=[photo_upload("new.jpg")],
        remove_photos=[old.pk],
    )
    record.refresh_from_db()
    assert record.participants == 40
    assert [(p.indicator_id, p.amount) for p in record.progress.all()] == [(visit.pk, D("12"))]
    assert [p.original_name for p in record.photos.all()] == ["new.jpg"]


def test_a_record_locks_after_a_week_until_an_officer_unlocks_it(running, staff):
    record = records.record_activity(project=running, by=staff, activity=activity(running))
    ServiceRecord.objects.filter(pk=record.pk).update(
        editable_until=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(Refused, match=r"已于 .* 锁定"):
        records.update_activity(record=record, by=staff, activity=activity(running))
    with pytest.raises(PermissionDenied):
        records.unlock_record(record=record, by=staff, reason="补录")
    officer = user_with_role(Role.OFFICER)
    with pytest.raises(Refused, match="请填写解锁原因"):
        records.unlock_record(record=record, by=officer, reason=" ")
    unlock = records.unlock_record(record=record, by=officer, reason="签到人数录入有误")
    assert (unlock.service_record, unlock.unlocked_by, unlock.reason) == (
        record,
        officer,
        "签到人数录入有误",
    )
    records.update_activity(record=record, by=staff, activity=activity(running, participants=9))
    assert ServiceRecord.objects.get(pk=record.pk).participants == 9


def test_an_editable_record_needs_no_unlocking_and_the_log_is_append_only(running, staff):
    record = records.record_activity(project=running, by=staff, activity=activity(running))
    with pytest.raises(Refused, match="无需解锁"):
        records.unlock_record(record=record, by=user_with_role(Role.OFFICER), reason="x")
    ServiceRecord.objects.filter(pk=record.pk).update(editable_until=timezone.now())
    unlock = records.unlock_record(record=record, by=user_with_role(Role.OFFICER), reason="x")
    with pytest.raises(TypeError):
        unlock.delete()


def test_the_database_refuses_a_negative_increment(running, staff):
    record = records.record_activity(project=running, by=staff, activity=activity(running))
    with pytest.raises(IntegrityError):
        IndicatorProgress.objects.create(
            record=record, indicator=running.indicators.last(), amount=D("-1")
        )


def test_no_unlock_without_exactly_one_entry(running, staff):
    with pytest.raises(IntegrityError):
        Unlock.objects.create(project=running, unlocked_by=staff, until=timezone.now(), reason="x")
