from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.two_factor.services import is_authenticator_code, normalise

# Recovery codes are 8 letters a–z and digits 2–7 (base32), shown as abcd-efgh.
_RECOVERY_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz234567")


def _code_input(*, numeric: bool) -> forms.TextInput:
    attrs = {
        "autocomplete": "one-time-code",
        "autocapitalize": "off",
        "spellcheck": "false",
        "autofocus": True,
        "class": "code-input",
    }
    if numeric:
        attrs["inputmode"] = "numeric"
    return forms.TextInput(attrs=attrs)


class AuthenticatorCodeForm(forms.Form):
    """The six digits the authenticator app shows now (to confirm a new app)."""

    code = forms.CharField(
        label=_("6-digit code from the app"),
        max_length=20,
        widget=_code_input(numeric=True),
        error_messages={"required": _("Enter the 6-digit code your authenticator app shows.")},
    )

    def clean_code(self) -> str:
        code = normalise(self.cleaned_data["code"])
        if not is_authenticator_code(code):
            raise forms.ValidationError(
                _("Enter the 6-digit code your authenticator app shows."), code="format"
            )
        return code


class CodeForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Verification code"),
        help_text=_(
            "The 6 digits your authenticator app shows now, or one of your recovery codes "
            "if you do not have the app at hand."
        ),
        max_length=20,
        widget=_code_input(numeric=False),
        error_messages={
            "required": _("Enter the 6-digit code from your app or a recovery code."),
        },
    )

    def clean_code(self) -> str:
        code = normalise(self.cleaned_data["code"])
        is_recovery_code = len(code) == 8 and set(code) <= _RECOVERY_ALPHABET
        if not (is_authenticator_code(code) or is_recovery_code):
            raise forms.ValidationError(
                _("Enter the 6-digit code from your app or a recovery code."), code="format"
            )
        return code
