"""The finance ledger: the column says when a tranche is paid; search, organisation and
status filters; totals of everything filtered, not only the page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants import payments
from grants.models import ProjectState
from tests.factories import ProjectFactory, SocialOrganisationFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def ledger(finance):
    helpers = SocialOrganisationFactory(name="雨花台区阳光助老服务中心")
    youth = SocialOrganisationFactory(name="雨花台区青苗成长服务社")
    projects = [
        ProjectFactory(
            title=title,
            organisation=organisation,
            state=ProjectState.CONTRACTED,
            approved_amount=D("100000.00"),
            agreement_number=number,
        )
        for title, organisation, number in [
            ("幸福食堂助餐服务", helpers, "YHT-2026-001"),
            ("四点半课堂", youth, "YHT-2026-002"),
        ]
    ]
    for project in projects:
        payments.create_schedule(project)
    return projects


def _page(client, finance, **params):
    client.force_login(finance)
    return client.get(reverse("grants:tranche_ledger"), params).content.decode()


def test_the_column_says_when_a_tranche_is_paid(client, finance, ledger):
    page = _page(client, finance)
    assert '<th scope="col">拨付条件</th>' in page
    assert '<th scope="col">已拨付</th>' not in page


def test_search_and_organisation_narrow_the_ledger_and_the_totals_follow(client, finance, ledger):
    everything = _page(client, finance)
    assert "幸福食堂助餐服务" in everything
    assert "四点半课堂" in everything
    assert "应拨 ¥200,000.00，已拨付 ¥0.00，尚未拨付 ¥200,000.00" in everything

    by_agreement = _page(client, finance, q="2026-002")
    assert "四点半课堂" in by_agreement
    assert "幸福食堂助餐服务" not in by_agreement
    assert "应拨 ¥100,000.00" in by_agreement

    by_organisation = _page(client, finance, organisation=ledger[0].organisation_id)
    assert "幸福食堂助餐服务" in by_organisation
    assert "四点半课堂" not in by_organisation

    by_name = _page(client, finance, q="青苗")
    assert "四点半课堂" in by_name


def test_a_payment_and_a_cancelled_tranche_are_in_the_totals(client, finance, ledger):
    first = ledger[0].tranches.get(sequence=1)
    payments.record_payment(
        tranche=first,
        by=finance,
        paid_on=ledger[0].created_at.date(),
        amount=first.amount,
        voucher_number="PZ-1",
    )
    payments.cancel_unpaid(ledger[1])
    page = _page(client, finance)
    paid = first.amount
    assert f"已拨付 ¥{paid:,.2f}，尚未拨付 ¥{D('100000.00') - paid:,.2f}" in page


@pytest.mark.parametrize("hostile", ["'; DROP TABLE x", "x" * 500, "\x00", "12abc"])
def test_odd_filters_are_harmless(client, finance, ledger, hostile):
    client.force_login(finance)
    response = client.get(
        reverse("grants:tranche_ledger"),
        {"q": hostile, "organisation": hostile, "year": hostile, "status": hostile},
    )
    assert response.status_code == 200


def test_finance_records_where_the_money_went_and_is_offered_it_next_time(client, finance, ledger):
    project = ledger[0]
    first = project.tranches.get(sequence=1)
    client.force_login(finance)
    url = reverse("grants:record_payment", args=[first.pk])
    values = {"paid_on": project.created_at.date().isoformat(), "amount": str(first.amount)}
    missing = client.post(url, {**values, "voucher_number": "PZ-9"})
    assert missing.status_code == 200
    assert set(missing.context["form"].errors) == {"payee_bank", "payee_account"}
    letters = client.post(
        url,
        {**values, "voucher_number": "PZ-9", "payee_bank": "工行", "payee_account": "ABC123"},
    )
    assert "账号应为数字" in letters.content.decode()
    saved = client.post(
        url,
        {
            **values,
            "voucher_number": "PZ-9",
            "payee_bank": "中国工商银行南京雨花支行",
            "payee_account": "4301 0123 4567 8901",
        },
    )
    assert saved.status_code == 302
    payment = first.payments.get()
    assert (payment.payee_bank, payment.payee_account) == (
        "中国工商银行南京雨花支行",
        "4301 0123 4567 8901",
    )
    page = client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    assert "中国工商银行南京雨花支行 **** 8901" in page
    assert "4301 0123 4567 8901" not in page

    second = project.tranches.get(sequence=2)
    second.status = "due"
    second.save(update_fields=["status"])
    offered = client.get(reverse("grants:record_payment", args=[second.pk])).context["form"]
    assert offered.initial["payee_account"] == "4301 0123 4567 8901"
