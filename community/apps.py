from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community fund and space")

    def ready(self) -> None:
        from accounts.dashboards import add_section
        from community.dashboards import NEEDS_TO_SCREEN, NEEDS_TO_SCREEN_READ, SECTIONS
        from community.traces import project_needs_section
        from grants.project_links import add_project_section

        for role, template, build in SECTIONS:
            add_section(role, template, build)
        add_project_section(project_needs_section)
        NEEDS_TO_SCREEN.follow(*NEEDS_TO_SCREEN_READ)
