from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("projects.xlsx", views.projects_xlsx, name="projects_xlsx"),
    path("disbursements.xlsx", views.disbursements_xlsx, name="disbursements_xlsx"),
    path(
        "calls/<int:call_id>/review-summary.xlsx",
        views.review_summary_xlsx,
        name="review_summary_xlsx",
    ),
    path("compliance/<int:year>.xlsx", views.compliance_xlsx, name="compliance_xlsx"),
]
