import pytest
from django.conf import settings
from django.core.cache import cache
from django.template.backends import jinja2
from django.test import override_settings
from django.test.signals import template_rendered
from django.utils import translation

from accounts.models import Role
from tests.factories import ProjectFactory, UserFactory, user_with_role
from tests.grants.delivering import running_project

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


@pytest.fixture(scope="session", autouse=True)
def _jinja2_pages_tell_the_test_client():
    """``response.context`` for the Jinja2 pages too: Django's test set-up instruments only
    its own template language, so each Jinja2 render sends ``template_rendered`` here,
    with the whole context the page had (the view's values and the context processors')."""
    render = jinja2.Template.render

    def instrumented(self, context=None, request=None):
        context = {} if context is None else context  # filled in place by ``render``
        html = render(self, context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html

    jinja2.Template.render = instrumented
    yield
    jinja2.Template.render = render


@pytest.fixture(autouse=True)
def _second_factor_not_required(settings):
    """Most tests log officers, finance and administrators in with ``force_login`` and no
    authenticator: nobody must use a second factor unless a test turns it on
    (tests/accounts/test_two_factor.py, tests/browser/test_two_factor_journey.py)."""
    settings.TWO_FACTOR_ROLES = frozenset()


@pytest.fixture(autouse=True)
def _bureau_language():
    """Each test starts in the bureau's language: a request in English leaves English
    active in the thread (the locale middleware activates a language, nothing deactivates
    it), and the next test run there would read its messages in English."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what a test that committed kept (chooser
    options) must not reach the next, whose rows may reuse the same keys."""
    cache.clear()


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


@pytest.fixture
def running(db):
    """A project in progress with two indicators (``tests/grants/delivering.py``)."""
    return running_project()


@pytest.fixture
def staff(running):
    """A member of the running project's organisation."""
    return UserFactory(roles=[Role.APPLICANT], organisations=[running.organisation])
