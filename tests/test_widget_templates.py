"""Widgets render with Jinja2 (settings.FORM_RENDERER, issue 17): the HTML is the very HTML
Django's own templates give, which the pages' styles and the browser tests expect."""

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


def test_the_pages_render_widgets_with_jinja2_and_the_admins_with_its_own_templates():
    from django.contrib.admin.widgets import AdminDateWidget
    from django.forms.renderers import Jinja2, get_default_renderer

    assert isinstance(get_default_renderer(), Jinja2)
    html = AdminDateWidget().render("day", None)
    assert 'class="vDateField"' in html


def test_the_select_is_ours_and_writes_its_options_itself():
    from config.form_renderer import WidgetRenderer

    template = WidgetRenderer().get_template("django/forms/widgets/select.html")
    assert template.origin.name.endswith("accounts/jinja2/accounts/widgets/select.html")
    assert "select_option.html" not in str(Everything()["one"])
