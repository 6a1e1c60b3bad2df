from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Programmes and projects")

    def ready(self) -> None:
        from accounts.choosers import add_source
        from accounts.dashboards import add_section
        from grants.choosers import SOURCES as CHOOSER_SOURCES
        from grants.dashboards import SECTIONS, WAITING, WAITING_READ
        from grants.delivery_dashboards import SECTIONS as DELIVERY_SECTIONS
        from grants.progress import DELIVERY_FIGURES, JUDGED_FROM
        from grants.project_links import add_project_section
        from grants.project_parts import follow_project_rows
        from grants.views.delivery import delivery_section

        for role, template, build in SECTIONS + DELIVERY_SECTIONS:
            add_section(role, template, build)
        add_project_section(delivery_section)
        DELIVERY_FIGURES.follow(*JUDGED_FROM)
        follow_project_rows()
        WAITING.follow(*WAITING_READ)
        for name, source in CHOOSER_SOURCES.items():
            add_source(name, source)
