from django.urls import path

from experts import views

app_name = "experts"

urlpatterns = [
    path("", views.expert_list, name="list"),
    path("new/", views.expert_edit, name="create"),
    path("<int:pk>/edit/", views.expert_edit, name="edit"),
    path("import/", views.expert_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
]
