"""templates/django/forms/widgets/: a select's options and a group of checkboxes or radios
written inline (issue 17) give the very HTML Django's own templates give."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates


class Everything(forms.Form):
    one = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("b", "<b>")], initial="b")
    grouped = forms.ChoiceField(choices=[("G", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    many = forms.MultipleChoiceField(
        choices=[("1", "一"), ("2", "二"), ("3", "三")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ticks"}),
        initial=["1", "3"],
    )
    picked = forms.MultipleChoiceField(choices=[("1", "一"), ("2", "二")], initial=["2"])
    radio = forms.ChoiceField(choices=[("p", "P"), ("q", "Q")], widget=forms.RadioSelect)
    disabled = forms.ChoiceField(choices=[("d", "D")], disabled=True, required=False)


def _same(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.mark.parametrize("name", list(Everything.base_fields))
@pytest.mark.parametrize("data", [None, {"one": "a", "many": ["2"], "radio": "q"}])
def test_each_widget_writes_what_djangos_own_templates_write(name, data):
    ours = Everything(data)[name]
    djangos = Everything(data, renderer=DjangoTemplates())[name]
    assert _same(str(ours)) == _same(str(djangos))


def test_the_pages_use_the_inline_templates():
    from django.conf import settings
    from django.forms.renderers import get_default_renderer

    renderer = get_default_renderer()
    for name in ["select.html", "multiple_input.html"]:
        origin = renderer.get_template(f"django/forms/widgets/{name}").origin.name
        assert origin.startswith(str(settings.BASE_DIR / "templates")), origin
