"""Personal data: experts and the public never see a project's contact person or phone
(not on the project page, the versions, nor the application PDF); officers and the
organisation see them in full; the area's other staff see the phone masked."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from accounts.privacy import mask_phone
from grants import versions
from grants.models import ProjectReader, ProjectState
from tests.factories import ProjectFactory, UserFactory, user_with_role

NAME = "联系人王芳"
PHONE = "13912344567"
MASKED = "139****4567"


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("13912344567", "139****4567"),
        ("139-1234-4567", "139****4567"),
        ("025-52345678", "025****5678"),
        ("12345", "****45"),
        ("", ""),
        ("无", ""),
    ],
)
def test_phones_are_masked_to_their_first_three_and_last_four_digits(phone, shown):
    assert mask_phone(phone) == shown


@pytest.fixture
def project(db):
    project = ProjectFactory(
        state=ProjectState.UNDER_REVIEW, contact_person=NAME, contact_phone=PHONE
    )
    member = UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])
    versions.freeze(project, by=member)
    return project


@pytest.fixture
def people(project):
    expert = user_with_role(Role.EXPERT)
    ProjectReader.objects.create(project=project, user=expert)
    return {
        "officer": user_with_role(Role.OFFICER),
        "member": project.organisation.members.get(),
        "street": user_with_role(Role.STREET_STAFF, street=project.community.street),
        "expert": expert,
    }


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "".join(page.extract_text() for page in reader.pages)


def _pages(client, project, who):
    client.force_login(who)
    detail = client.get(reverse("grants:project_detail", args=[project.pk]))
    version = client.get(reverse("grants:version_detail", args=[project.pk, 1]))
    assert detail.status_code == version.status_code == 200
    return detail.content.decode() + version.content.decode()


@pytest.mark.parametrize("who", ["officer", "member"])
def test_officers_and_the_organisation_see_the_contact_in_full(client, project, people, who):
    pages = _pages(client, project, people[who])
    assert NAME in pages
    assert PHONE in pages


def test_the_areas_staff_see_the_phone_masked(client, project, people):
    pages = _pages(client, project, people["street"])
    assert NAME in pages
    assert MASKED in pages
    assert PHONE not in pages


def test_a_seated_expert_sees_neither_name_nor_phone(client, project, people):
    pages = _pages(client, project, people["expert"])
    assert NAME not in pages
    assert PHONE not in pages
    assert MASKED not in pages


def test_the_application_pdf_an_expert_downloads_omits_the_contact(client, project, people):
    url = reverse("reports:application_pdf", args=[project.pk])
    client.force_login(people["expert"])
    text = _pdf_text(client.get(url))
    assert project.title in text
    assert NAME not in text
    assert PHONE not in text
    client.force_login(people["officer"])
    text = _pdf_text(client.get(url))
    assert NAME in text
    assert PHONE in text


def test_version_comparison_hides_a_changed_contact_from_experts(project, people):
    project.contact_phone = "13800001111"
    project.save()
    member = people["member"]
    versions.freeze(project, by=member)
    older, newer = project.versions.order_by("number")
    hidden = versions.compare(older, newer, contact=versions.ContactView.HIDDEN)
    full = versions.compare(older, newer)
    assert [d.after for d in full] == ["13800001111"]
    assert hidden == []


def test_the_organisation_page_masks_the_phone_for_the_areas_staff(client, project, people):
    organisation = project.organisation
    url = reverse("organisation_detail", args=[organisation.pk])
    client.force_login(people["street"])
    page = client.get(url).content.decode()
    assert mask_phone(organisation.contact_phone) in page
    assert organisation.contact_phone not in page
    client.force_login(people["officer"])
    assert organisation.contact_phone in client.get(url).content.decode()
