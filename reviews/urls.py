from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("calls/<int:call_id>/draw/", views.draw_create, name="draw_create"),
    path("calls/<int:call_id>/ranking/", views.call_ranking, name="ranking"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("panels/<int:pk>/", views.panel_detail, name="panel"),
    path("panels/<int:pk>/decisions/<slug:name>/", views.panel_decide, name="panel_decide"),
    path("panels/<int:pk>/close/", views.close_preview, name="close_preview"),
    path("panels/<int:pk>/members/", views.member_assign, name="member_assign"),
    path("panels/<int:pk>/vacancy/", views.member_replace, name="fill_vacancy"),
    path(
        "panels/<int:pk>/members/<int:member_id>/replace/",
        views.member_replace,
        name="member_replace",
    ),
    path("panels/<int:pk>/sheets/<int:sheet_id>/reopen/", views.sheet_reopen, name="sheet_reopen"),
    path("mine/", views.my_assignments, name="my_assignments"),
    path("mine/ties/", views.declare_tie, name="declare_tie"),
    path("mine/panels/<int:panel_id>/sheet/", views.sheet_edit, name="sheet"),
    path("mine/panels/<int:panel_id>/recuse/", views.recuse, name="recuse"),
    path(
        "projects/<int:project_id>/satisfaction/",
        views.satisfaction_edit,
        name="satisfaction",
    ),
]
