from django.urls import path

from accounts.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.security, name="security"),
    path("enrol/", views.enrol, name="enrol"),
    path("verify/", views.verify, name="verify"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("turn-off/", views.turn_off, name="turn_off"),
]
