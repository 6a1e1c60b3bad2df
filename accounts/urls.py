from django.urls import path

from accounts import views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/mine/", views.my_organisations, name="my_organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    # The options a long select's search box finds (accounts/choosers.py).
    path("choices/<slug:source>/", views.choices, name="choices"),
    path("choices/public/<slug:source>/", views.public_choices, name="public_choices"),
]
