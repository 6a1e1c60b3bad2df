"""The forms of organisations registering themselves and of the bureau's check."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.choosers import SearchSelect, all_communities
from accounts.models import SocialOrganisation, User
from grants import applicants
from grants.forms import DATE_INPUT


class OrganisationRegistrationForm(forms.ModelForm):
    """The organisation as printed on its registration certificate 登记证书."""

    home_community = forms.ModelChoiceField(
        label=_("home community"),
        queryset=all_communities(),
        widget=SearchSelect("all-communities"),
    )

    class Meta:
        model = SocialOrganisation
        fields = [
            "name",
            "credit_code",
            "org_type",
            "registration_authority",
            "registration_date",
            "legal_representative",
            "contact_person",
            "contact_phone",
            "address",
            "home_community",
        ]
        widgets = {"registration_date": DATE_INPUT}
        error_messages = {
            "name": {
                "unique": _("An organisation of this name is already registered; check the name.")
            },
            "credit_code": {
                "unique": _(
                    "An organisation with this credit code is already registered; ask its "
                    "colleagues to add you, or call the bureau."
                )
            },
        }

    def clean_credit_code(self) -> str:
        return str(self.cleaned_data["credit_code"]).strip().upper()


class FirstUserForm(UserCreationForm):
    """The organisation's first user, who writes its applications. Django's own form:
    the password rules of the site, and a taken username said as Django says it."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "phone", "email")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("full_name", "phone", "email"):
            self.fields[name].required = True
        self.fields["email"].help_text = _("A password reset link is sent here if you forget it.")


class ConfirmationForm(forms.ModelForm):
    """What the register says beside the registration itself, entered as the officer
    confirms: the last annual inspection and the evaluation grade (eligibility reads them)."""

    class Meta:
        model = SocialOrganisation
        fields = ["inspection_year", "inspection_result", "rating"]

    def record(self) -> "applicants.RegisterRecord":
        return applicants.RegisterRecord(
            inspection_year=self.cleaned_data["inspection_year"],
            inspection_result=self.cleaned_data["inspection_result"],
            rating=self.cleaned_data["rating"],
        )


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not confirmed"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
