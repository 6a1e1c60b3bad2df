"""The sort menu speaks the user's language, "descending" included."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A request in English leaves English active in this thread: later tests read Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _sort_options(client, officer, language=None):
    client.force_login(officer)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    form = client.get(reverse("grants:project_list")).context["filter"].form
    return [str(label) for _value, label in form.fields["sort"].choices]


def test_the_sort_menu_is_chinese_by_default(client, officer):
    options = _sort_options(client, officer)
    assert "创建时间（降序）" in options
    assert not any("descending" in option for option in options)


def test_the_sort_menu_is_english_in_english(client, officer):
    _sort_options(client, officer)  # Chinese first: nothing may stay behind
    options = _sort_options(client, officer, "en")
    assert "Created, descending" in options
    assert "Title" in options
    assert not any("创建" in option for option in options)
