from django.urls import path

from grants.views import budget, money, programmes, projects, public

app_name = "grants"

urlpatterns = [
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_edit, name="programme_create"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("calls/", programmes.call_list, name="call_list"),
    path("calls/new/", programmes.call_edit, name="call_create"),
    path("calls/<int:pk>/", programmes.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", programmes.call_edit, name="call_edit"),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path(
        "projects/<int:pk>/edit/budget-total/",
        budget.budget_total_fragment,
        name="project_budget_total",
    ),
    path("projects/<int:pk>/attachments/", projects.project_attach, name="project_attach"),
    path("projects/<int:pk>/actions/<slug:name>/", projects.project_action, name="project_action"),
    path("projects/<int:pk>/versions/", projects.project_versions, name="project_versions"),
    path(
        "projects/<int:pk>/versions/<int:number>/",
        projects.version_detail,
        name="version_detail",
    ),
    path("attachments/<int:pk>/", projects.attachment_download, name="attachment_download"),
    path("tranches/", money.tranche_ledger, name="tranche_ledger"),
    path("tranches/<int:pk>/pay/", money.record_payment, name="record_payment"),
    path("publicity/", public.publicity, name="publicity"),
]
