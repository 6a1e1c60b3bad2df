from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from experts.models import Expert, ExpertField


class ExpertForm(forms.ModelForm):
    fields = forms.MultipleChoiceField(
        label=_("fields of expertise"),
        choices=ExpertField.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Expert
        fields = ["name", "affiliation", "title", "fields", "phone", "email", "is_active"]


class NewExpertForm(ExpertForm):
    """An expert with a new user account (or an existing account without a profile)."""

    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("At least 12 characters; leave empty and the administrator sets one."),
    )

    class Meta(ExpertForm.Meta):
        fields = ["username", "password", *ExpertForm.Meta.fields]

    def clean_username(self):
        return self.cleaned_data["username"].strip()

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, User(username=self.data.get("username", "")))
        return password


class ImportForm(forms.Form):
    workbook = forms.FileField(label=_("Excel workbook (.xlsx)"))
