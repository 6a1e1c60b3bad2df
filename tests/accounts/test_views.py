import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, SocialOrganisation
from tests.factories import (
    CommunityFactory,
    SocialOrganisationFactory,
    StreetFactory,
    UserFactory,
    user_with_role,
    valid_credit_code,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_wrong_password_and_unknown_user_get_the_same_answer(client):
    UserFactory(username="known")
    wrong_password = _login(client, "known", "not-the-password")
    unknown_user = _login(client, "nobody-here", "not-the-password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == (
        unknown_user.context["form"].non_field_errors()
    )
    assert "用户名或密码不正确" in wrong_password.content.decode()


def test_inactive_account_gets_the_same_answer_as_a_wrong_password(client):
    UserFactory(username="gone", is_active=False)
    response = _login(client, "gone")
    assert "用户名或密码不正确" in response.content.decode()


def test_login_keeps_the_username_typed(client):
    UserFactory(username="known")
    response = _login(client, "known", "wrong-password-here")
    assert 'value="known"' in response.content.decode()


def test_login_leads_home_in_chinese(client):
    user = user_with_role(Role.OFFICER, full_name="陈静")
    response = _login(client, user.username)
    assert response.status_code == 302
    home = client.get(response.url)
    html = home.content.decode()
    assert home.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "欢迎，陈静" in html


@pytest.mark.parametrize(
    ("role", "marker"),
    [
        (Role.ADMIN, "用户与角色"),
        (Role.OFFICER, "等待您处理的申报"),
        (Role.FINANCE, "待拨付资金"),
        (Role.EXPERT, "我的评审任务"),
        (Role.APPLICANT, "我的申报"),
        (Role.STREET_STAFF, "待审核的需求"),
        (Role.COMMUNITY_STAFF, "服务经费与服务用房"),
    ],
)
def test_each_role_sees_its_own_panel(client, role, marker):
    user = user_with_role(role, is_staff=role == Role.ADMIN)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert f'data-role="{role}"' in html
    assert marker in html


def test_user_with_several_roles_sees_every_panel(client):
    user = UserFactory(
        roles=[Role.EXPERT, Role.APPLICANT], organisations=[SocialOrganisationFactory()]
    )
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert 'data-role="expert"' in html
    assert 'data-role="applicant"' in html


def test_user_without_role_is_told_so(client):
    client.force_login(UserFactory())
    assert 'data-role="none"' in client.get(reverse("home")).content.decode()


def test_language_switch_to_english(client):
    client.force_login(user_with_role(Role.FINANCE))
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Tranches due" in html


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.EXPERT])
def test_organisation_register_is_refused_to_roles_without_it(client, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("organisation_list")).status_code == 403


def test_street_staff_list_holds_only_their_street(client):
    street = StreetFactory()
    mine = SocialOrganisationFactory(home_community=CommunityFactory(street=street))
    other = SocialOrganisationFactory()
    client.force_login(user_with_role(Role.STREET_STAFF, street=street))
    response = client.get(reverse("organisation_list"))
    assert list(response.context["page"].object_list) == [mine]
    assert other.name not in response.content.decode()
    street_choices = list(response.context["filter"].form.fields["street"].queryset)
    assert street_choices == [street]


def test_organisation_outside_scope_is_404(client):
    applicant = user_with_role(Role.APPLICANT)
    other = SocialOrganisationFactory()
    client.force_login(applicant)
    assert client.get(reverse("organisation_detail", args=[other.pk])).status_code == 404
    own = applicant.organisations.get()
    assert client.get(reverse("organisation_detail", args=[own.pk])).status_code == 200


def test_community_staff_cannot_open_another_communitys_organisation(client):
    staff = user_with_role(Role.COMMUNITY_STAFF)
    elsewhere = SocialOrganisationFactory()
    client.force_login(staff)
    assert client.get(reverse("organisation_detail", args=[elsewhere.pk])).status_code == 404


def test_organisation_filters_by_text_and_status(client):
    SocialOrganisationFactory(name="阳光助老服务中心")
    SocialOrganisationFactory(name="彩虹青少年服务中心", status="abnormal")
    client.force_login(user_with_role(Role.OFFICER))
    by_name = client.get(reverse("organisation_list"), {"q": "助老"})
    assert [o.name for o in by_name.context["page"].object_list] == ["阳光助老服务中心"]
    by_status = client.get(reverse("organisation_list"), {"status": "abnormal"})
    assert [o.name for o in by_status.context["page"].object_list] == ["彩虹青少年服务中心"]


def test_bad_filter_value_is_a_message_not_an_error(client):
    client.force_login(user_with_role(Role.OFFICER))
    response = client.get(reverse("organisation_list"), {"street": "999999", "page": "x"})
    assert response.status_code == 200


def _list_queries(client, count):
    community = CommunityFactory()
    SocialOrganisationFactory.create_batch(count, home_community=community)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("organisation_list")).status_code == 200
    return len(queries)


def test_organisation_list_query_count_does_not_grow_with_rows(client):
    client.force_login(user_with_role(Role.OFFICER))
    few = _list_queries(client, 5)
    many = _list_queries(client, 45)
    assert few == many


def test_password_change_requires_twelve_characters(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short-pw1", "new_password2": "short-pw1"},
    )
    assert response.status_code == 200
    assert "12" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_chinese_is_the_default_whatever_the_browser_asks_for(client):
    client.force_login(user_with_role(Role.FINANCE))
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "待拨付资金" in html


def test_admin_form_names_the_credit_code_rule_by_the_field(client):
    admin = user_with_role(Role.ADMIN, is_staff=True, is_superuser=True)
    community = CommunityFactory()
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_socialorganisation_add"),
        {
            "name": "新登记的服务中心",
            "credit_code": "52320114MJ5016668X",
            "org_type": "social_service",
            "registration_authority": "南京市雨花台区民政局",
            "registration_date": "2024-05-01",
            "legal_representative": "王芳",
            "contact_person": "李明",
            "contact_phone": "025-1234",
            "home_community": community.pk,
            "status": "active",
            "inspection_result": "not_inspected",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["credit_code"] == ["校验码（第 18 位）与前 17 位不符。"]
    assert "新登记的服务中心" in response.content.decode()  # what was typed is kept


def test_an_organisation_the_bureau_enters_in_the_admin_is_confirmed_by_it(client):
    admin = user_with_role(Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_socialorganisation_add"),
        {
            "name": "区里录入的服务中心",
            "credit_code": valid_credit_code(),
            "org_type": "social_service",
            "registration_authority": "南京市雨花台区民政局",
            "registration_date": "2024-05-01",
            "legal_representative": "王芳",
            "contact_person": "李明",
            "contact_phone": "025-1234",
            "home_community": CommunityFactory().pk,
            "status": "active",
            "inspection_result": "not_inspected",
            "verification": "rejected",  # not a field of the form: ignored
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = SocialOrganisation.objects.get(name="区里录入的服务中心")
    assert organisation.is_confirmed
    assert organisation.verified_by == admin
    assert organisation.verified_at is not None
