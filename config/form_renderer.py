"""The form renderer: widgets render with Jinja2, which costs a list page with its filters
a third of the CPU the Django template language costs (issue 17, bench/server_cpu.py).

Django ships Jinja2 templates for all of its own widgets; ours live in an app's
``jinja2/`` folder. A widget that has only a Django template (the admin's) renders with
that one. Django's select is replaced by ours (``REPLACED``), which writes its options
itself instead of including a template for each, and writes attributes with
``html_attributes`` (``config.jinja2.widget_environment``) rather than a template macro.
"""

from pathlib import Path

from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property

REPLACED = {"django/forms/widgets/select.html": "accounts/widgets/select.html"}


class WidgetRenderer(Jinja2):
    fallback = DjangoTemplates()

    @cached_property
    def engine(self):
        """Django's own engine for widgets, with ``config.jinja2.widget_environment``."""
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(forms.__file__).parent / self.backend.app_dirname],
                "NAME": "djangoforms",
                "OPTIONS": {"environment": "config.jinja2.widget_environment"},
            }
        )

    def get_template(self, template_name: str):
        template_name = REPLACED.get(template_name, template_name)
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
