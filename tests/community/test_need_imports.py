"""The needs intake from Excel: the template, a good sheet (duplicates flagged, not
silently created), bad rows (every problem at once, nothing saved), a wrong column, a
50 MB sheet and a zip bomb — each refused with a message, never a 500."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from community.models import Need, NeedChannel, NeedLog, NeedState
from community.need_imports import HEADERS
from tests.factories import CommunityFactory, NeedFactory, StreetFactory, user_with_role

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def area():
    street = StreetFactory()
    return (
        street,
        CommunityFactory(street=street, name="雨花新村社区"),
        CommunityFactory(street=street, name="花神庙社区"),
    )


@pytest.fixture
def street_client(client, area):
    client.force_login(user_with_role(Role.STREET_STAFF, street=area[0]))
    return client


def _sheet(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, content, name="12345工单导出.xlsx"):
    return client.post(
        reverse("community:need_import"), {"workbook": SimpleUploadedFile(name, content, XLSX)}
    )


GOOD = [
    [
        "雨花新村社区",
        "12345工单",
        "为老",
        "3号楼独居老人就餐难",
        "做饭困难",
        25,
        "独居老人",
        "T001",
        date(2026, 3, 12),
    ],
    [
        "花神庙社区",
        "民情大走访",
        "为少",
        "四点半课堂无人看护",
        "放学后无人看护",
        "40",
        "双职工家庭小学生",
        "",
        "2026-04-02",
    ],
    [
        "花神庙社区",
        "网格化管理",
        "为少",
        "四点半课堂 无人看护！",
        "重复反映",
        12,
        "小学生",
        "",
        "2026-05-02",
    ],
]


def test_the_template_downloads_with_the_columns(street_client):
    response = street_client.get(reverse("community:need_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet["B2"].value == "12345工单"


def test_a_good_sheet_becomes_drafts_and_a_repeat_is_flagged_not_silently_created(
    street_client, area
):
    earlier = NeedFactory(
        community=area[1], title="3号楼独居老人就餐困难", state=NeedState.FORWARDED
    )
    response = _upload(street_client, _sheet(GOOD))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.problems == []
    assert [need.title for need in report.created] == [row[3] for row in GOOD]
    imported = {need.title: need for need in Need.objects.exclude(pk=earlier.pk)}
    assert {need.state for need in imported.values()} == {NeedState.DRAFT}
    first = imported["3号楼独居老人就餐难"]
    assert (first.community, first.channel, first.people_affected, first.found_on) == (
        area[1],
        NeedChannel.HOTLINE,
        25,
        date(2026, 3, 12),
    )
    assert first.possible_duplicate_of == earlier
    assert imported["四点半课堂 无人看护！"].possible_duplicate_of == imported["四点半课堂无人看护"]
    assert [need.title for need in report.flagged] == [
        "3号楼独居老人就餐难",
        "四点半课堂 无人看护！",
    ]
    entry = NeedLog.objects.get(need=first)
    assert (entry.action, entry.comment) == ("import", "12345工单导出.xlsx 第 2 行")
    assert "疑似重复" in response.content.decode()


def test_bad_rows_are_all_reported_and_nothing_is_saved(street_client, area):
    other_street = CommunityFactory(name="外街社区")
    rows = [
        GOOD[0],
        ["", "电话", "养老", "", "", "许多", "", "", "2026-13-01"],
        [other_street.name, "12345工单", "为老", "路灯不亮", "夜间无照明", 3, "居民", "", ""],
    ]
    response = _upload(street_client, _sheet(rows))
    assert response.status_code == 409
    problems = response.context["report"].problems
    assert problems[0].startswith("第 3 行：缺少社区；渠道“电话”无法识别")
    assert "类别“养老”无法识别" in problems[0]
    assert "缺少标题；缺少需求描述" in problems[0]
    assert "涉及人数须为不小于 1 的整数，不能是“许多”" in problems[0]
    assert "“2026-13-01”不是有效日期" in problems[0]
    assert problems[1] == "第 4 行：“外街社区”不是您可以登记需求的社区"
    assert len(problems) == 2
    assert not Need.objects.exists()
    assert "未保存任何数据" in response.content.decode()


def test_a_sheet_with_the_wrong_columns_is_refused_naming_them(street_client):
    headers = ["社区", "标题", "描述"]
    response = _upload(street_client, _sheet([["雨花新村社区", "路灯", "不亮"]], headers))
    assert response.status_code == 400
    message = response.context["form"].errors["workbook"][0]
    assert message.startswith("第 1 行须依次为模板的列名：社区、渠道、类别")
    assert "此表为：社区、标题、描述" in message
    assert not Need.objects.exists()


def test_a_50_mb_sheet_is_refused_before_it_is_read(street_client):
    content = _sheet(GOOD[:1]) + b"\0" * (50 * 1024 * 1024)
    response = _upload(street_client, content)
    assert response.status_code == 400
    assert "工作簿不能超过 10.0" in response.context["form"].errors["workbook"][0]
    assert not Need.objects.exists()


def test_a_zip_bomb_is_refused_before_parsing(street_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", "0" * (60 * 1024 * 1024))
    response = _upload(street_client, buffer.getvalue())
    assert response.status_code == 400
    assert "超过 50 MB" in response.context["form"].errors["workbook"][0]
    assert not Need.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(street_client):
    response = _upload(street_client, b"community,title\n", name="needs.csv")
    assert response.status_code == 400
    assert "不是 Excel 工作簿" in response.content.decode()


def test_community_staff_may_leave_the_community_empty_and_no_one_else_imports(client, area):
    client.force_login(user_with_role(Role.COMMUNITY_STAFF, community=area[2]))
    row = ["", "社区微信公众号", "社区治理", "楼道堆物", "消防通道堆物", 60, "居民", "", ""]
    assert _upload(client, _sheet([row])).status_code == 200
    assert Need.objects.get().community == area[2]
    client.force_login(user_with_role(Role.OFFICER))
    assert _upload(client, _sheet([row])).status_code == 403
