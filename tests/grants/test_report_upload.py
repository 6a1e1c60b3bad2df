"""The report upload offers the report expected now, and refuses any other kind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from grants.models import Attachment, AttachmentKind, ProjectState
from tests.factories import UserFactory
from tests.grants.delivering import PDF, running_project

pytestmark = pytest.mark.django_db
S = ProjectState
K = AttachmentKind


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (S.IN_PROGRESS, K.MIDTERM_REPORT),
        (S.MIDTERM_REVIEW, K.MIDTERM_REPORT),
        (S.RECTIFYING, K.RECTIFICATION_REPORT),
        (S.FINAL_REVIEW, K.FINAL_REPORT),
    ],
)
def test_the_upload_offers_only_the_report_expected_now(client, state, expected):
    project = running_project(state=state)
    member = UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])
    client.force_login(member)
    form = client.get(reverse("grants:project_detail", args=[project.pk])).context["report_form"]
    assert [value for value, _label in form.fields["kind"].choices] == [expected]

    others = {K.MIDTERM_REPORT, K.RECTIFICATION_REPORT, K.FINAL_REPORT} - {expected}
    for kind in others:
        client.post(
            reverse("grants:project_attach", args=[project.pk]),
            {"kind": kind, "file": SimpleUploadedFile("报告.pdf", PDF)},
        )
    assert not Attachment.objects.filter(project=project).exists()
    client.post(
        reverse("grants:project_attach", args=[project.pk]),
        {"kind": expected, "file": SimpleUploadedFile("报告.pdf", PDF)},
    )
    assert Attachment.objects.get(project=project).kind == expected


def test_a_project_past_its_final_report_offers_no_upload(client):
    project = running_project(state=S.CLOSED)
    member = UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])
    client.force_login(member)
    page = client.get(reverse("grants:project_detail", args=[project.pk]))
    assert page.context["report_form"] is None
