"""Organisation self-registration (issue 12): an organisation registers with its first
user and drafts at once; submit waits until an officer confirms it against its
registration; the officer's confirmation or rejection is recorded with who and when."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts import throttle
from accounts.models import (
    FormAttempts,
    OrganisationMembership,
    Role,
    SocialOrganisation,
    User,
    Verification,
)
from grants import applicants, lifecycle
from grants.models import ProjectState
from grants.refusals import Refused
from notifications.kinds import Kind
from notifications.models import Notification
from tests.factories import (
    CallFactory,
    CommunityFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    valid_credit_code,
)

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password-2026"


def _form(community, **changes) -> dict:
    data = {
        "organisation-name": "雨花台区向阳花青少年服务中心",
        "organisation-credit_code": valid_credit_code(),
        "organisation-org_type": "social_service",
        "organisation-registration_authority": "南京市雨花台区民政局",
        "organisation-registration_date": "2024-05-20",
        "organisation-legal_representative": "周静",
        "organisation-contact_person": "吴磊",
        "organisation-contact_phone": "13912345678",
        "organisation-address": "南京市雨花台区雨花街道",
        "organisation-home_community": community.pk,
        "user-username": "xiangyanghua",
        "user-full_name": "吴磊",
        "user-phone": "13912345678",
        "user-email": "wulei@example.cn",
        "user-password1": PASSWORD,
        "user-password2": PASSWORD,
    }
    data.update(changes)
    return data


def test_an_organisation_registers_and_its_first_user_drafts_at_once(client):
    community = CommunityFactory()
    CallFactory()
    response = client.post(reverse("grants:register"), _form(community))
    assert response.status_code == 302
    organisation = SocialOrganisation.objects.get(name="雨花台区向阳花青少年服务中心")
    assert organisation.verification == Verification.PENDING
    assert organisation.verified_at is None
    assert organisation.verified_by is None
    user = User.objects.get(username="xiangyanghua")
    assert user.check_password(PASSWORD)
    assert user.roles == {Role.APPLICANT}
    assert OrganisationMembership.objects.filter(user=user, organisation=organisation).exists()
    assert int(client.session["_auth_user_id"]) == user.pk  # logged in
    assert client.get(reverse("grants:project_create")).status_code == 200


def test_registration_comes_back_to_where_the_visitor_started(client):
    community = CommunityFactory()
    call = CallFactory()
    start = f"{reverse('grants:project_create')}?call={call.pk}"
    response = client.post(reverse("grants:register"), {**_form(community), "next": start})
    assert response.url == start
    elsewhere = client.post(
        reverse("grants:register"),
        {
            **_form(
                community,
                **{"user-username": "other", "organisation-name": "另一家"},
                **{"organisation-credit_code": valid_credit_code()},
            ),
            "next": "https://evil.example/",
        },
    )
    assert elsewhere.status_code == 302
    assert elsewhere.url == reverse("home")


def test_a_wrong_credit_code_is_refused_by_its_field_and_what_was_typed_is_kept(client):
    community = CommunityFactory()
    code = valid_credit_code()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(
        reverse("grants:register"), _form(community, **{"organisation-credit_code": wrong})
    )
    assert response.status_code == 400
    errors = response.context["organisation_form"].errors["credit_code"]
    assert errors
    assert "校验" in errors[0]
    html = response.content.decode()
    assert "雨花台区向阳花青少年服务中心" in html  # kept
    assert not SocialOrganisation.objects.filter(name="雨花台区向阳花青少年服务中心").exists()
    assert not User.objects.filter(username="xiangyanghua").exists()


def test_a_registered_credit_code_or_a_weak_password_is_refused(client):
    community = CommunityFactory()
    existing = SocialOrganisationFactory()
    response = client.post(
        reverse("grants:register"),
        _form(
            community,
            **{
                "organisation-credit_code": existing.credit_code,
                "user-password1": "12345678",
                "user-password2": "12345678",
            },
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "该统一社会信用代码的组织已经注册" in html
    assert response.context["user_form"].errors["password2"]
    assert SocialOrganisation.objects.count() == 1


def test_the_use_case_checks_what_it_is_handed(db):
    community = CommunityFactory()
    organisation = SocialOrganisation(
        name="测试",
        credit_code="91320100MA1234567X",
        org_type="foundation",
        home_community=community,
    )
    with pytest.raises(Refused) as refused:
        applicants.register_organisation(
            organisation=organisation, user=User(username="a\x00b"), password="short"
        )
    problems = " ".join(refused.value.problems)
    assert "统一社会信用代码" in problems
    assert "用户名" in problems
    assert not SocialOrganisation.objects.exists()


def test_registration_is_limited_per_address(client, settings):
    settings.REGISTRATION_ATTEMPTS_PER_HOUR = 2
    community = CommunityFactory()
    for _ in range(2):
        bad = client.post(
            reverse("grants:register"),
            _form(community, **{"organisation-credit_code": "X"}),
            REMOTE_ADDR="10.1.1.1",
        )
        assert bad.status_code == 400
    limited = client.post(reverse("grants:register"), _form(community), REMOTE_ADDR="10.1.1.1")
    assert limited.status_code == 429
    assert "注册次数过多" in limited.content.decode()
    assert not SocialOrganisation.objects.exists()
    other = client.post(reverse("grants:register"), _form(community), REMOTE_ADDR="10.1.1.2")
    assert other.status_code == 302


def test_behind_the_proxy_the_limit_counts_the_address_nginx_saw(client, settings):
    settings.REGISTRATION_ATTEMPTS_PER_HOUR = 1
    settings.BEHIND_PROXY = True
    community = CommunityFactory()
    bad = _form(community, **{"organisation-credit_code": "X"})
    url = reverse("grants:register")
    assert client.post(url, bad, HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.7").status_code == 400
    # A forged first entry does not make a new visitor of the same address.
    forged = client.post(url, bad, HTTP_X_FORWARDED_FOR="2.2.2.2, 10.0.0.7")
    assert forged.status_code == 429
    assert client.post(url, bad, HTTP_X_FORWARDED_FOR="10.0.0.8").status_code == 400


def test_the_registration_form_needs_its_csrf_token(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("grants:register"), _form(CommunityFactory()))
    assert response.status_code == 403
    assert not SocialOrganisation.objects.exists()


def test_a_logged_in_person_is_sent_home(client):
    client.force_login(SocialOrganisationFactory().members.model.objects.create(username="x"))
    assert client.get(reverse("grants:register")).url == reverse("home")


# --- the bureau's check -------------------------------------------------------------------


@pytest.fixture
def registered(client):
    client.post(reverse("grants:register"), _form(CommunityFactory()))
    client.logout()
    organisation = SocialOrganisation.objects.get(name="雨花台区向阳花青少年服务中心")
    return organisation, User.objects.get(username="xiangyanghua")


def test_submit_waits_for_the_bureau_and_goes_through_once_an_officer_confirms(
    client, registered, officer
):
    organisation, applicant = registered
    project = ProjectFactory(organisation=organisation, community=organisation.home_community)
    with pytest.raises(Refused) as refused:
        lifecycle.submit_project(project=project, by=applicant)
    assert refused.value.problems == [
        "机构信息已经区民政局核实：等待区民政局核对登记信息，核实后即可提交申报",
        "年检合格：没有合格的年检记录",  # the officer enters it from the register below
    ]

    client.force_login(officer)
    page = client.get(reverse("grants:organisation_checks")).content.decode()
    assert "雨花台区向阳花青少年服务中心" in page
    assert organisation.credit_code in page
    assert "wulei@example.cn" in page  # the officer sees whom to call
    prefix = f"confirm-{organisation.pk}"
    response = client.post(
        reverse("grants:organisation_confirm", args=[organisation.pk]),
        {
            f"{prefix}-inspection_year": "2025",
            f"{prefix}-inspection_result": "qualified",
            f"{prefix}-rating": "3A",
        },
    )
    assert response.url == reverse("grants:organisation_checks")
    organisation.refresh_from_db()
    assert organisation.verification == Verification.CONFIRMED
    assert organisation.verified_by == officer
    assert organisation.verified_at is not None
    assert (organisation.inspection_year, organisation.rating) == (2025, "3A")
    entry = LogEntry.objects.get_for_object(organisation).filter(actor=officer).get()
    assert entry.changes_dict["verification"] == ["pending", "confirmed"]
    assert (
        'data-organisation="雨花台区向阳花青少年服务中心"'
        not in client.get(reverse("grants:organisation_checks")).content.decode()
    )

    project.refresh_from_db()
    assert lifecycle.submit_project(project=project, by=applicant).state == ProjectState.SUBMITTED


def test_an_officer_rejects_with_a_reason_which_submit_then_gives(client, registered, officer):
    organisation, applicant = registered
    client.force_login(officer)
    url = reverse("grants:organisation_reject", args=[organisation.pk])
    empty = client.post(url, {"reason": " "})
    assert empty.status_code == 400
    organisation.refresh_from_db()
    assert organisation.verification == Verification.PENDING
    client.post(url, {"reason": "登记证书上的名称与填写不一致"})
    organisation.refresh_from_db()
    assert organisation.verification == Verification.REJECTED
    assert organisation.verified_by == officer
    project = ProjectFactory(organisation=organisation, community=organisation.home_community)
    with pytest.raises(Refused) as refused:
        lifecycle.submit_project(project=project, by=applicant)
    assert refused.value.problems[0] == (
        "机构信息已经区民政局核实：未通过核实：登记证书上的名称与填写不一致"
    )
    page = client.get(reverse("grants:organisation_checks")).content.decode()
    assert (
        "登记证书上的名称与填写不一致" in page
    )  # listed under 未通过核实, may be confirmed after all


def test_a_confirmed_organisation_is_not_confirmed_again_nor_rejected(client, officer):
    organisation = SocialOrganisationFactory()
    client.force_login(officer)
    prefix = f"confirm-{organisation.pk}"
    again = client.post(
        reverse("grants:organisation_confirm", args=[organisation.pk]),
        {f"{prefix}-inspection_result": "qualified", f"{prefix}-inspection_year": "2025"},
    )
    assert again.status_code == 409
    assert "已由 — 于" in again.content.decode()
    rejected = client.post(
        reverse("grants:organisation_reject", args=[organisation.pk]), {"reason": "不符"}
    )
    assert rejected.status_code == 409
    assert "已由" in rejected.content.decode()
    organisation.refresh_from_db()
    assert organisation.verification == Verification.CONFIRMED


def test_only_officers_confirm(registered):
    organisation, applicant = registered
    with pytest.raises(PermissionDenied):
        applicants.confirm_organisation(organisation=organisation, by=applicant)


@pytest.mark.django_db(transaction=True)
def test_organisations_entered_before_self_registration_count_as_confirmed():
    executor = MigrationExecutor(connection)
    before = [("accounts", "0003_eligibility")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    district = apps.get_model("accounts", "District").objects.create(
        name="雨花台区", division_code="320114"
    )
    street = apps.get_model("accounts", "Street").objects.create(district=district, name="雨花街道")
    community = apps.get_model("accounts", "Community").objects.create(street=street, name="社区")
    apps.get_model("accounts", "SocialOrganisation").objects.create(
        name="老机构",
        credit_code=valid_credit_code(),
        org_type="social_service",
        registration_authority="南京市雨花台区民政局",
        registration_date="2019-01-01",
        legal_representative="王",
        contact_person="李",
        contact_phone="025-1",
        home_community=community,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    old = SocialOrganisation.objects.get(name="老机构")
    assert old.verification == Verification.CONFIRMED
    assert old.verified_at == old.created_at


def test_the_officers_home_counts_the_organisations_to_confirm(client, registered, officer):
    client.force_login(officer)
    html = client.get(reverse("home")).content.decode()
    assert reverse("grants:organisation_checks") in html
    assert "1 家自行注册的社会组织待核实" in html


def test_the_applicant_reads_where_the_bureaus_check_stands(client, registered):
    _organisation, applicant = registered
    client.force_login(applicant)
    html = client.get(reverse("my_organisations")).content.decode()
    assert "待区民政局核实 — 现在即可起草申报书，区民政局核实机构信息后即可提交" in html


HOSTILE_VALUES = [
    "",
    "NaN",
    "1e309",
    "99999999999999999999999999",
    "-1",
    "0001-01-01",
    "2026-02-30",
    "987654321",
    "控制\x00\x0b\x1f字符" + "长" * 10_000,
    '=HYPERLINK("http://x")',
]


def test_hostile_values_in_any_registration_field_are_never_a_500(client, settings):
    settings.REGISTRATION_ATTEMPTS_PER_HOUR = 10_000
    community = CommunityFactory()
    base = _form(community)
    for name in base:
        for value in HOSTILE_VALUES:
            response = client.post(reverse("grants:register"), {**base, name: value})
            assert response.status_code < 500, (name, value[:20])
            client.logout()
            SocialOrganisation.objects.all().delete()
            User.objects.all().delete()


def test_hostile_values_in_the_officers_check_forms_are_never_a_500(client, registered, officer):
    organisation, _applicant = registered
    client.force_login(officer)
    prefix = f"confirm-{organisation.pk}"
    confirm = reverse("grants:organisation_confirm", args=[organisation.pk])
    reject = reverse("grants:organisation_reject", args=[organisation.pk])
    for value in HOSTILE_VALUES:
        for field in ("inspection_year", "inspection_result", "rating"):
            data = {
                f"{prefix}-inspection_year": "2025",
                f"{prefix}-inspection_result": "qualified",
                f"{prefix}-rating": "",
                f"{prefix}-{field}": value,
            }
            assert client.post(confirm, data).status_code < 500, (field, value[:20])
            organisation.refresh_from_db()
            if organisation.is_confirmed:  # a harmless value went through: start again
                SocialOrganisation.objects.filter(pk=organisation.pk).update(
                    verification=Verification.PENDING
                )
        assert client.post(reject, {"reason": value}).status_code < 500, value[:20]
        SocialOrganisation.objects.filter(pk=organisation.pk).update(
            verification=Verification.PENDING
        )


def test_the_organisation_page_says_where_the_bureaus_check_stands(client, registered, officer):
    organisation, _applicant = registered
    client.force_login(officer)
    html = client.get(reverse("organisation_detail", args=[organisation.pk])).content.decode()
    assert "待区民政局核实" in html


def test_officers_hear_of_a_registration_and_its_people_of_the_check(client, officer):
    client.post(reverse("grants:register"), _form(CommunityFactory()))
    client.logout()
    organisation = SocialOrganisation.objects.get(name="雨花台区向阳花青少年服务中心")
    applicant = User.objects.get(username="xiangyanghua")
    to_check = Notification.objects.get(user=officer, kind=Kind.ORGANISATION_REGISTERED)
    assert to_check.subject == "新机构待核实：雨花台区向阳花青少年服务中心"
    assert organisation.credit_code in to_check.body
    assert to_check.url == reverse("grants:organisation_checks")

    applicants.reject_organisation(
        organisation=organisation, by=officer, reason="登记证书上的名称与填写不一致"
    )
    not_confirmed = Notification.objects.get(user=applicant, kind=Kind.ORGANISATION_CHECKED)
    assert not_confirmed.subject == "雨花台区向阳花青少年服务中心未通过区民政局核实"
    assert "登记证书上的名称与填写不一致" in not_confirmed.body
    assert not_confirmed.url == reverse("my_organisations")

    applicants.confirm_organisation(organisation=organisation, by=officer)
    confirmed = Notification.objects.filter(user=applicant, kind=Kind.ORGANISATION_CHECKED)
    assert confirmed.count() == 2
    assert confirmed.first().subject == "雨花台区向阳花青少年服务中心已通过区民政局核实"


@pytest.mark.django_db(transaction=True)
def test_attempts_made_at_once_through_several_processes_are_all_counted():
    """Each worker process (here: a thread with its own connection) counts into the same
    row in the database, and no attempt is lost: exactly ``limit`` of them pass."""
    barrier = threading.Barrier(6)
    passed: list[bool] = []

    def attempt() -> None:
        try:
            barrier.wait()
            passed.append(throttle.allow("at-once", "10.9.9.9", limit=4))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(passed) == [False, False, True, True, True, True]
    assert FormAttempts.objects.get(scope="at-once").count == 6


def test_a_limit_lasts_its_window_and_the_window_over_its_row_goes(db, monkeypatch):
    hour = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(throttle.timezone, "now", lambda: hour + timedelta(minutes=1))
    assert throttle.allow("window", "10.9.9.9", limit=1)
    monkeypatch.setattr(throttle.timezone, "now", lambda: hour + timedelta(minutes=59))
    assert not throttle.allow("window", "10.9.9.9", limit=1)  # 58 minutes later: still over
    assert throttle.allow("window", "10.9.9.10", limit=1)  # another address is not
    monkeypatch.setattr(throttle.timezone, "now", lambda: hour + timedelta(minutes=61))
    assert throttle.allow("window", "10.9.9.9", limit=1)  # the next hour
    assert list(FormAttempts.objects.values_list("window_start", flat=True)) == [
        hour + timedelta(hours=1)
    ]
