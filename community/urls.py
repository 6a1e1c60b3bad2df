from django.urls import path

from community.views import compliance, plans, spaces

app_name = "community"

urlpatterns = [
    path("compliance/", compliance.compliance, name="compliance_now"),
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
]
