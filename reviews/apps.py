from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and assessments")

    def ready(self) -> None:
        from accounts.dashboards import add_section
        from accounts.interests import add_follower
        from grants.project_links import add_project_links, add_project_section
        from grants.project_parts import PROJECT_PAGE, project_of
        from reviews.conflicts import ties_gained
        from reviews.dashboards import OPEN_PANELS, OPEN_PANELS_READ, SECTIONS
        from reviews.models import Panel
        from reviews.project_access import panel_links, review_section

        for role, template, build in SECTIONS:
            add_section(role, template, build)
        add_project_links(panel_links)
        add_project_section(review_section)
        PROJECT_PAGE.follow(Panel, part_of=project_of)  # its links on the project page
        OPEN_PANELS.follow(*OPEN_PANELS_READ)
        add_follower(ties_gained)
