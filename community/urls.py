from django.urls import path

from community.views import compliance, need_imports, needs, plans, responses, screening, spaces

app_name = "community"

urlpatterns = [
    # One name for this year's page and any year's, so the menu marks both.
    path("compliance/", compliance.compliance, name="compliance"),
    path("compliance/<int:year>/", compliance.compliance, name="compliance"),
    # Service-fund plans (R1)
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/allocations/new/", plans.allocation_edit, name="allocation_add"),
    path(
        "plans/<int:pk>/allocations/preview/",
        plans.allocation_preview,
        name="allocation_preview",
    ),
    path("plans/<int:pk>/allocations/<int:item>/", plans.allocation_edit, name="allocation_edit"),
    path(
        "plans/<int:pk>/allocations/<int:item>/delete/",
        plans.allocation_delete,
        name="allocation_delete",
    ),
    path("plans/<int:pk>/submit/", plans.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/return/", plans.plan_return, name="plan_return"),
    # Service-space registries (R2)
    path("spaces/new/", spaces.registry_create, name="registry_create"),
    path("spaces/<int:pk>/", spaces.registry_detail, name="registry"),
    path("spaces/<int:pk>/rooms/new/", spaces.room_edit, name="room_add"),
    path("spaces/<int:pk>/rooms/preview/", spaces.room_preview, name="room_preview"),
    path("spaces/<int:pk>/rooms/<int:item>/", spaces.room_edit, name="room_edit"),
    path("spaces/<int:pk>/rooms/<int:item>/delete/", spaces.room_delete, name="room_delete"),
    path("spaces/<int:pk>/submit/", spaces.registry_submit, name="registry_submit"),
    path("spaces/<int:pk>/approve/", spaces.registry_approve, name="registry_approve"),
    path("spaces/<int:pk>/return/", spaces.registry_return, name="registry_return"),
    # The needs list 需求清单
    path("needs/", needs.need_list, name="need_list"),
    path("needs/new/", needs.need_create, name="need_create"),
    path("needs/batch/", needs.need_batch, name="need_batch"),
    path("needs/import/", need_imports.need_import, name="need_import"),
    path(
        "needs/import/template.xlsx",
        need_imports.need_import_template,
        name="need_import_template",
    ),
    path("needs/screen/", screening.screen, name="screen"),
    path("needs/responses/", responses.need_responses, name="need_responses_now"),
    path("needs/responses/<int:year>/", responses.need_responses, name="need_responses"),
    path("needs/<int:pk>/", needs.need_detail, name="need"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:pk>/evidence/", needs.need_evidence, name="need_evidence"),
    path("needs/<int:pk>/actions/<slug:name>/", needs.need_action, name="need_action"),
    path("evidence/<int:pk>/", needs.evidence_download, name="evidence_download"),
    path("guide-drafts/", screening.guide_drafts, name="guide_drafts"),
    path("guide-drafts/<int:pk>/", screening.guide_draft, name="guide_draft"),
    path("guide-drafts/<int:pk>/place/", screening.guide_draft_place, name="guide_draft_place"),
]
