from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form, whose one error never says whether the account exists."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is not correct. Both are case-sensitive; please try again."
        ),
        # An inactive account gets the same answer as a wrong password.
        "inactive": _(
            "The username or password is not correct. Both are case-sensitive; please try again."
        ),
    }
