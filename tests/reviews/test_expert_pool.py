"""Officers add experts by hand and from an Excel sheet; bad uploads are refused unread."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from experts import services
from experts.models import Expert
from tests.factories import SocialOrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["用户名", "姓名", "工作单位", "职称", "专业领域", "电话", "电子邮箱"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, content, name="experts.xlsx"):
    return client.post(
        reverse("experts:import"), {"workbook": SimpleUploadedFile(name, content, XLSX)}
    )


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def test_template_downloads_with_the_headers(officer_client):
    response = officer_client.get(reverse("experts:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["用户名", "姓名", "工作单位"]


def test_good_rows_are_kept_and_bad_rows_reported_by_number(officer_client):
    content = _workbook(
        [
            ["li_expert", "李华", "南京大学", "教授", "养老、财务", "13900000000", "li@nju.edu.cn"],
            ["", "无名", "某单位", "", "养老", "", ""],
            ["zhang_expert", "张强", "", "", "天文", "", "not-an-email"],
            ["zhao_expert", "赵敏", "东南大学", "讲师", "社工", "", ""],
        ]
    )
    response = _upload(officer_client, content)
    report = response.context["report"]
    assert [expert.name for expert in report.created] == ["李华", "赵敏"]
    assert report.problems[0].startswith("第 3 行：")
    assert "缺少用户名" in report.problems[0]
    assert report.problems[1].startswith("第 4 行：")
    assert "天文" in report.problems[1]
    assert "not-an-email" in report.problems[1]
    assert Expert.objects.get(name="李华").fields == ["elderly", "finance"]
    assert Expert.objects.get(name="李华").user.roles == {Role.EXPERT}


def test_a_file_that_is_not_xlsx_is_refused_before_parsing(officer_client):
    response = _upload(officer_client, b"name,affiliation\n")
    assert "不是 Excel 工作簿" in response.content.decode()
    assert not Expert.objects.exists()


def test_a_zip_bomb_is_refused_before_parsing(officer_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", "0" * (60 * 1024 * 1024))
    response = _upload(officer_client, buffer.getvalue())
    assert "超过 50 MB" in response.content.decode()


def test_an_xml_bomb_is_refused(officer_client):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", bomb)
    response = _upload(officer_client, buffer.getvalue())
    assert response.context["report"] is None
    assert "无法读取" in response.content.decode()
    assert not Expert.objects.exists()


def test_officer_adds_an_expert_by_hand_with_an_account(officer_client):
    response = officer_client.post(
        reverse("experts:create"),
        {
            "username": "new_expert",
            "password": "a-strong-pass-2026",
            "name": "钱进",
            "affiliation": "南京审计大学",
            "title": "副教授",
            "fields": ["finance"],
            "phone": "",
            "email": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    expert = Expert.objects.get(name="钱进")
    assert expert.user.check_password("a-strong-pass-2026")
    assert Role.EXPERT in expert.user.roles


@pytest.mark.parametrize("role", [Role.FINANCE, Role.EXPERT, Role.APPLICANT])
def test_only_officers_manage_the_pool(client, role):
    client.force_login(user_with_role(role))
    for name in ("experts:list", "experts:create", "experts:import", "experts:import_template"):
        assert client.get(reverse(name)).status_code == 403


def _new_expert(**overrides) -> dict:
    data = {
        "username": "new_expert",
        "password": "",
        "name": "钱进",
        "affiliation": "南京审计大学",
        "title": "",
        "fields": ["finance"],
        "phone": "",
        "email": "",
        "is_active": "on",
    }
    return {**data, **overrides}


def test_an_account_already_in_the_pool_is_refused_by_its_field(officer_client):
    assert officer_client.post(reverse("experts:create"), _new_expert()).status_code == 302
    response = officer_client.post(reverse("experts:create"), _new_expert(name="另一人"))
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["该账号已在专家库中。"]
    assert response.context["form"]["name"].value() == "另一人"  # what was typed is kept
    assert list(Expert.objects.values_list("name", flat=True)) == ["钱进"]


def test_an_expert_account_without_a_profile_is_reused_with_its_password(officer_client):
    account = user_with_role(Role.EXPERT, username="worker")
    response = officer_client.post(
        reverse("experts:create"), _new_expert(username="worker", password="another-pass-2026")
    )
    assert response.status_code == 302
    expert = Expert.objects.get(user=account)
    assert expert.user.check_password("correct-horse-battery")  # the password is kept
    assert expert.user.roles == {Role.EXPERT}


def test_the_pool_never_gives_the_expert_role_to_an_account_of_another_kind(officer_client):
    applicant = user_with_role(Role.APPLICANT, username="worker")
    response = officer_client.post(reverse("experts:create"), _new_expert(username="worker"))
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "该账号已存在，且不是评审专家账号；给已有账号增加角色由系统管理员办理。"
    ]
    applicant.refresh_from_db()
    assert applicant.roles == {Role.APPLICANT}
    assert not Expert.objects.exists()


def test_the_service_refuses_whoever_does_not_manage_the_pool(officer):
    with pytest.raises(PermissionDenied):
        services.create_expert(
            by=user_with_role(Role.FINANCE), username="x", name="x", affiliation="x", fields=[]
        )
    expert = services.create_expert(
        by=officer, username="y", name="孙立", affiliation="大学", fields=["law"]
    )
    assert not expert.user.has_usable_password()  # the administrator sets a first one
    with pytest.raises(ValidationError) as refused:
        services.create_expert(by=officer, username="y", name="孙立", affiliation="大学", fields=[])
    assert refused.value.message_dict == {"username": ["该账号已在专家库中。"]}


def test_an_imported_row_whose_account_is_in_the_pool_is_reported(officer_client):
    row = ["li_expert", "李华", "南京大学", "教授", "养老", "", ""]
    content = _workbook([row, ["wu_expert", "吴刚", "河海大学", "", "法律", "", ""], row])
    report = _upload(officer_client, content).context["report"]
    assert [expert.name for expert in report.created] == ["李华", "吴刚"]
    assert report.problems == ["第 4 行：li_expert：该账号已在专家库中。"]


def test_a_tie_declared_twice_is_refused_by_the_constraint(client):
    user = user_with_role(Role.EXPERT)
    expert = Expert.objects.create(user=user, name="周敏", affiliation="大学", fields=[])
    organisation = SocialOrganisationFactory()
    client.force_login(user)
    data = {"organisation": organisation.pk, "kind": "board", "note": ""}
    first = client.post(reverse("reviews:declare_tie"), data, follow=True)
    assert [str(m) for m in first.context["messages"]] == [
        "已申报关联关系：系统不会为您分配该机构的项目。"
    ]
    again = client.post(reverse("reviews:declare_tie"), data, follow=True)
    assert [str(m) for m in again.context["messages"]] == ["您已申报过此关联关系。"]
    assert expert.ties.count() == 1
    with pytest.raises(PermissionDenied):
        services.declare_tie(
            expert=expert, by=user_with_role(Role.EXPERT), organisation=organisation, kind="other"
        )


@pytest.mark.parametrize("query", ["\x00", "王\x00", "x" * 5000])
def test_the_search_box_takes_anything(officer_client, query):
    response = officer_client.get(reverse("experts:list"), {"q": query})
    assert response.status_code == 200
