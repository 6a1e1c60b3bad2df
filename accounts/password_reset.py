"""Password reset by email: Django's views with our templates, a limit per address and per
email, and the login lock (django-axes) lifted once the password has been reset.

The request page answers the same whether an account has that email or not; beyond the
limit it answers the same too, and sends nothing. Django sends the link only to active
accounts with a password, and the link works once, for ``PASSWORD_RESET_TIMEOUT``.
"""

import logging

from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpResponse, HttpResponseRedirect

from accounts import throttle

logger = logging.getLogger(__name__)


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        address = throttle.client_address(self.request)
        email = form.cleaned_data["email"]
        if not throttle.allow(
            "password-reset-address", address, limit=settings.PASSWORD_RESET_ATTEMPTS_PER_HOUR
        ) or not throttle.allow(
            "password-reset-email", email, limit=settings.PASSWORD_RESET_EMAILS_PER_HOUR
        ):
            logger.warning("Password reset over the limit from %s; nothing sent.", address)
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever reads the account's mail chose a new password: the lock that wrong
        # guesses of the old one put on the username goes.
        reset_lockouts(username=form.user.get_username())
        return response
