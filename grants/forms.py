from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import Community, SocialOrganisation, User
from grants import eligibility
from grants.models import (
    PROPOSAL_ATTACHMENTS,
    AttachmentKind,
    BudgetCap,
    BudgetLine,
    Call,
    GuideItem,
    Payment,
    Programme,
    Project,
    TrancheRule,
)
from grants.uploads import check_upload
from grants.versions import PROPOSAL_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProgrammeForm(forms.ModelForm):
    required_attachments = forms.MultipleChoiceField(
        label=_("attachments required to submit"),
        choices=[(kind.value, kind.label) for kind in sorted(PROPOSAL_ATTACHMENTS)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "kind",
            "description",
            "max_grant",
            "matching_ratio",
            "pass_threshold",
            "grade_excellent",
            "grade_good",
            "grade_pass",
            "panel_weight",
            "publicity_days",
            "required_attachments",
            "overspend_tolerance",
            "schedule_gap",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        bands = [data.get("grade_excellent"), data.get("grade_good"), data.get("grade_pass")]
        if all(band is not None for band in bands) and not bands[0] > bands[1] > bands[2]:
            raise ValidationError(_("Grade bands must descend: 优秀 above 良好 above 合格."))
        return data


class _PercentTotalFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total = sum(
            (
                form.cleaned_data["percent"]
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            Decimal("0"),
        )
        if total != Decimal("100"):
            raise ValidationError(
                _("The tranche shares add up to %(total)s%%; they must add up to 100%%.")
                % {"total": total}
            )


TrancheRuleFormSet = forms.inlineformset_factory(
    Programme,
    TrancheRule,
    fields=["sequence", "trigger", "percent"],
    formset=_PercentTotalFormSet,
    extra=1,
    can_delete=True,
)
BudgetCapFormSet = forms.inlineformset_factory(
    Programme, BudgetCap, fields=["category", "max_percent"], extra=1, can_delete=True
)


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "programme",
            "year",
            "title",
            "description",
            "total_budget",
            "opens_at",
            "closes_at",
        ]
        widgets = {
            "opens_at": DATETIME_INPUT,
            "closes_at": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        return data


GuideItemFormSet = forms.inlineformset_factory(
    Call,
    GuideItem,
    fields=["category", "title", "street", "community", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
)


GUIDE_ITEM_AREA_HELP = _(
    "A project answering a guide item serves the item's community, or a community of the "
    "item's street: submit refuses any other. When the item names a community, the draft "
    "serves it; change the community on the application if you serve another of the "
    "street's."
)


class GuideItemSelect(forms.Select):
    """Each option says which call it belongs to (``data-call``), so the new application
    page offers only the chosen call's items (static/grants/new_application.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-call"] = instance.call_id
        return option


class GuideItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: GuideItem) -> str:  # type: ignore[override]
        return f"{obj} · {guide_item_area(obj)}"


def guide_item_area(item: GuideItem) -> str:
    """Where a guide item serves, in words: a community, a street's, or the district."""
    if item.community is not None:
        return f"{item.community.street.name} · {item.community.name}"
    if item.street is not None:
        return str(_("any community of %(street)s") % {"street": item.street.name})
    return str(_("anywhere in the district"))


class NewProjectForm(forms.Form):
    """The first step of an application: which call (and guide item), for which
    organisation. A single open call is chosen already."""

    call = forms.ModelChoiceField(label=_("Call"), queryset=Call.objects.none())
    guide_item = GuideItemChoiceField(
        label=_("Guide item"),
        queryset=GuideItem.objects.none(),
        required=False,
        empty_label=_("— no particular item —"),
        widget=GuideItemSelect,
        help_text=GUIDE_ITEM_AREA_HELP,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=SocialOrganisation.objects.none()
    )
    title = forms.CharField(label=_("Project title"), max_length=100)

    def __init__(self, *args, user: User, open_calls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = open_calls
        self.fields["guide_item"].queryset = GuideItem.objects.filter(
            call__in=open_calls
        ).select_related("community__street", "street")
        organisations = user.organisations.all()
        self.fields["organisation"].queryset = organisations
        calls = list(open_calls)
        if len(calls) == 1 and not self.initial.get("call"):
            self.initial["call"] = calls[0].pk
        if len(organisations) == 1 and not self.initial.get("organisation"):
            self.initial["organisation"] = organisations[0].pk

    def clean(self):
        data = super().clean()
        call, item = data.get("call"), data.get("guide_item")
        if call and item and item.call_id != call.pk:
            self.add_error(
                "guide_item",
                _("The guide item “%(item)s” belongs to another call.") % {"item": item.title},
            )
        return data


class ProjectForm(forms.ModelForm):
    """The proposal itself. Saving never checks the submission guards."""

    class Meta:
        model = Project
        # The proposal's own fields (as versions freeze them), with where it lands.
        fields = [PROPOSAL_FIELDS[0], "guide_item", "community", *PROPOSAL_FIELDS[1:]]
        widgets = {
            "service_targets": forms.Textarea(attrs={"rows": 3}),
            "needs_analysis": forms.Textarea(attrs={"rows": 5}),
            "service_content": forms.Textarea(attrs={"rows": 5}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "period_start": DATE_INPUT,
            "period_end": DATE_INPUT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide_item"].queryset = GuideItem.objects.filter(call=self.instance.call_id)
        self.fields["guide_item"].help_text = GUIDE_ITEM_AREA_HELP
        self.fields["community"].queryset = Community.objects.select_related("street")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The service period must end after it starts."))
        return data


class _BudgetLineBaseFormSet(forms.BaseInlineFormSet):
    def counted_amounts(self) -> tuple[list[Decimal], list[int]]:
        """The amounts of the lines a save would keep, and the numbers (from 1) of the
        lines left out until something in them is corrected. Unbound: the saved lines."""
        lines, uncounted = self.counted_lines()
        return [amount for _category, amount in lines], uncounted

    def counted_lines(self) -> tuple[list[tuple[str, Decimal]], list[int]]:
        """``counted_amounts`` with each line's category: ``(category, amount)``."""
        if not self.is_bound:
            return [
                (form.instance.category, form.instance.amount) for form in self.initial_forms
            ], []
        lines, uncounted = [], []
        for number, form in enumerate(self.forms, start=1):
            if number <= self.initial_form_count() and form.instance.pk is None:
                continue  # names a line not of this project: a save ignores it too
            if not form.is_valid() and not self._should_delete_form(form):
                uncounted.append(number)
            elif not self._should_delete_form(form) and "amount" in form.cleaned_data:
                lines.append((form.cleaned_data.get("category", ""), form.cleaned_data["amount"]))
        return lines, uncounted


BudgetLineFormSet = forms.inlineformset_factory(
    Project,
    BudgetLine,
    formset=_BudgetLineBaseFormSet,
    fields=["category", "amount", "note"],
    extra=2,
    can_delete=True,
)


class RequestedAmountForm(forms.Form):
    """The requested amount (and the matching funds), read from the proposal form's data
    for the live total."""

    requested_amount = Project._meta.get_field("requested_amount").formfield()
    matching_funds = Project._meta.get_field("matching_funds").formfield()


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in sorted(kinds)]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


# --- the forms of the officer's and applicant's actions on a project ----------------------


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScreeningForm(CommentForm):
    """Accept for review: the officer ticks each item of the programme's eligibility
    checklist once checked; what the organisation's record fails is listed beneath."""

    confirmed = forms.MultipleChoiceField(
        label=_("Eligibility checklist (tick each item once checked)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["confirmed", "comment"]

    def __init__(self, *args: Any, checks: list[eligibility.Check], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["confirmed"]
        field.choices = [
            (check.key, f"{check.label}（{check.finding}）" if check.finding else check.label)
            for check in checks
            if not check.failed
        ]
        failed = [f"{check.label}：{check.finding}" for check in checks if check.failed]
        if failed:
            field.help_text = format_html(
                "{}<ul>{}</ul>",
                _("Not met — mark the project ineligible instead:"),
                format_html_join("", "<li>{}</li>", ((line,) for line in failed)),
            )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(ReasonForm):
    deadline = forms.DateField(label=_("Resubmit by"), widget=DATE_INPUT)


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Agreement number"), max_length=50)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_INPUT)


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["paid_on", "amount", "voucher_number", "payee_bank", "payee_account"]
        widgets = {
            "paid_on": DATE_INPUT,
            "payee_account": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Finance records where the money goes; payments before this field have none.
        self.fields["payee_bank"].required = True
        self.fields["payee_account"].required = True
