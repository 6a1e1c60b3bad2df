from django.urls import path

from grants.views import (
    applicants,
    budget,
    delivery,
    delivery_report,
    money,
    programmes,
    projects,
    public,
    spending,
    visits,
)

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

# --- delivery (issue 15): records, spending, visits, generated reports, the overview ---
urlpatterns += [
    path("projects/<int:pk>/records/", delivery.service_records, name="service_records"),
    path("projects/<int:pk>/records/new/", delivery.record_create, name="record_create"),
    path("records/<int:record_id>/edit/", delivery.record_edit, name="record_edit"),
    path("records/<int:record_id>/unlock/", delivery.record_unlock, name="record_unlock"),
    path("records/<int:record_id>/sign-in-sheet/", delivery.sign_in_sheet, name="sign_in_sheet"),
    path("photos/<int:photo_id>/", delivery.record_photo, name="record_photo"),
    path(
        "photos/<int:photo_id>/thumbnail/",
        delivery.record_photo,
        {"size": "thumbnail"},
        name="record_thumbnail",
    ),
    path("projects/<int:pk>/spending/", spending.spending_list, name="spending_list"),
    path("projects/<int:pk>/spending/new/", spending.spending_create, name="spending_create"),
    path("spending/<int:spending_id>/edit/", spending.spending_edit, name="spending_edit"),
    path("spending/<int:spending_id>/unlock/", spending.spending_unlock, name="spending_unlock"),
    path("spending/<int:spending_id>/receipt/", spending.spending_receipt, name="spending_receipt"),
    path("projects/<int:pk>/visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<int:visit_id>/answer/", visits.visit_answer, name="visit_answer"),
    path("projects/<int:pk>/report/", delivery_report.delivery_report, name="delivery_report"),
    path("delivery/", delivery_report.delivery_overview, name="delivery_overview"),
]
# --- end of delivery ---

# --- applying (issue 12): the public call guides, self-registration and its check ---
urlpatterns += [
    path("open-calls/", public.open_calls, name="open_calls"),
    path("open-calls/<int:pk>/", public.open_call, name="open_call"),
    path("register/", applicants.register, name="register"),
    path("organisations/checks/", applicants.organisation_checks, name="organisation_checks"),
    path(
        "organisations/<int:pk>/confirm/",
        applicants.organisation_confirm,
        name="organisation_confirm",
    ),
    path(
        "organisations/<int:pk>/reject/",
        applicants.organisation_reject,
        name="organisation_reject",
    ),
]
# --- end of applying ---
