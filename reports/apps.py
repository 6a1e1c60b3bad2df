from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from grants.delivery_reports import set_renderer
        from grants.project_links import add_project_links
        from reports.delivery import render_delivery_report
        from reports.project_links import document_links

        add_project_links(document_links)
        set_renderer(render_delivery_report)
