from django.urls import path

from reports import document_views, need_views, views

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

urlpatterns += [
    path(
        "calls/<int:call_id>/review-summary.pdf",
        views.review_summary_pdf,
        name="review_summary_pdf",
    ),
    path(
        "calls/<int:call_id>/approval-notices.pdf",
        views.call_approval_notices_pdf,
        name="call_notices_pdf",
    ),
    path("compliance/<int:year>.pdf", views.compliance_pdf, name="compliance_pdf"),
    path("projects/<int:pk>/application.pdf", views.application_pdf, name="application_pdf"),
    path(
        "projects/<int:pk>/approval-notice.pdf",
        views.approval_notice_pdf,
        name="approval_notice_pdf",
    ),
    path("projects/<int:pk>/assessment.pdf", views.assessment_pdf, name="assessment_pdf"),
]

# The needs list (community)
urlpatterns += [
    path("needs.xlsx", need_views.needs_xlsx, name="needs_xlsx"),
    path(
        "needs/responses/<int:year>.xlsx",
        need_views.need_responses_xlsx,
        name="need_responses_xlsx",
    ),
    path(
        "needs/feedback/<int:year>.xlsx",
        need_views.department_feedback_xlsx,
        name="department_feedback_xlsx",
    ),
    path(
        "needs/feedback/<int:year>/departments/<int:pk>.pdf",
        need_views.department_letter_pdf,
        name="department_letter_pdf",
    ),
]

urlpatterns += [
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]

# --- delivery (issue 15) ---
urlpatterns += [
    path(
        "projects/<int:pk>/delivery-report.pdf",
        views.delivery_report_pdf,
        name="delivery_report_pdf",
    ),
    path("delivery.xlsx", views.delivery_overview_xlsx, name="delivery_overview_xlsx"),
]
# --- end of delivery ---

# --- documents (issue 13): agreement, certificate, payment notice, score sheet, Word copies ---
urlpatterns += [
    path("projects/<int:pk>/agreement.pdf", document_views.agreement_pdf, name="agreement_pdf"),
    path("projects/<int:pk>/agreement.docx", document_views.agreement_docx, name="agreement_docx"),
    path(
        "projects/<int:pk>/approval-notice.docx",
        document_views.approval_notice_docx,
        name="approval_notice_docx",
    ),
    path(
        "projects/<int:pk>/certificate.pdf", document_views.certificate_pdf, name="certificate_pdf"
    ),
    path(
        "payments/<int:pk>/notice.pdf",
        document_views.payment_notice_pdf,
        name="payment_notice_pdf",
    ),
    path("sheets/<int:pk>/score-sheet.pdf", document_views.score_sheet_pdf, name="score_sheet_pdf"),
]
# --- end of documents ---
