import pytest
from django.test import override_settings

from accounts.models import Role
from tests.factories import ProjectFactory, UserFactory, user_with_role

TEST_SETTINGS = {
    # The test servers speak plain HTTP.
    "SECURE_SSL_REDIRECT": False,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "SECURE_HSTS_SECONDS": 0,
    # Static files straight from the finders: no collectstatic, no manifest.
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "WHITENOISE_AUTOREFRESH": True,
    "WHITENOISE_USE_FINDERS": True,
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # Background jobs run at once, in the request that enqueues them.
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
}


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    """Applied for the whole session, before the live server builds its middleware."""
    with override_settings(**TEST_SETTINGS):
        yield


@pytest.fixture(autouse=True)
def _second_factor_not_required(settings):
    """Most tests log officers, finance and administrators in with ``force_login`` and no
    authenticator: nobody must use a second factor unless a test turns it on
    (tests/accounts/test_two_factor.py, tests/browser/test_two_factor_journey.py)."""
    settings.TWO_FACTOR_ROLES = frozenset()


@pytest.fixture
def project(db):
    return ProjectFactory()


@pytest.fixture
def member(project):
    """An applicant of the project's organisation."""
    return UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])


@pytest.fixture
def officer(db):
    return user_with_role(Role.OFFICER)


@pytest.fixture
def finance(db):
    return user_with_role(Role.FINANCE)
