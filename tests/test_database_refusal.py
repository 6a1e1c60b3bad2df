"""The last guard: a database refusal that nothing else caught is a calm page saying that
nothing was saved (409 for a clash, 400 for a value out of range), never a server error."""

import pytest
from django.conf import settings
from django.db import DataError, IntegrityError
from django.test import RequestFactory

from accounts.models import Role
from config.middleware import DatabaseRefusalMiddleware
from tests.factories import user_with_role


def _refuse(exception, user):
    request = RequestFactory().post("/anything/")
    request.user = user
    middleware = DatabaseRefusalMiddleware(lambda request: None)
    return middleware.process_exception(request, exception)


@pytest.mark.parametrize(
    ("exception", "status", "words"),
    [
        (IntegrityError("UNIQUE constraint failed: payment.voucher_number"), 409, "同一时刻"),
        (DataError("numeric field overflow"), 400, "超出"),
    ],
)
def test_a_database_refusal_is_a_page_that_says_nothing_was_saved(db, exception, status, words):
    response = _refuse(exception, user_with_role(Role.FINANCE))

    assert response.status_code == status
    page = response.content.decode()
    assert "未保存" in page
    assert words in page
    assert "voucher_number" not in page  # no database detail reaches the user
    assert "overflow" not in page


def test_other_errors_are_left_to_the_server_error_page(db):
    assert _refuse(ValueError("a bug"), user_with_role(Role.FINANCE)) is None


def test_the_guard_is_installed():
    assert "config.middleware.DatabaseRefusalMiddleware" in settings.MIDDLEWARE
