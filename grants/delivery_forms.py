"""The forms of delivery: indicators (with the proposal), service records, spending, site
visits and their answers, unlocking, and the narrative of a generated report.

The record, spending and visit forms only read what was typed: their ``clean`` asks the
use case's own rules (``records.activity_problems``, ``spending.spending_problems``,
``visits.visit_problems``) and puts each message by its field, so every problem shows at
once beside what the user typed. The use cases ask the same rules again with the project
locked.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choosers import SearchSelect, all_communities
from accounts.models import Community
from grants import entries, records, spending, visits
from grants.entries import FieldProblem
from grants.forms import DATE_INPUT
from grants.models import (
    ActivityKind,
    BudgetLine,
    Indicator,
    Project,
    RecordPhoto,
    ServiceRecord,
    Spending,
    VisitRating,
)

IndicatorFormSet = forms.inlineformset_factory(
    Project,
    Indicator,
    fields=["name", "unit", "target", "measured_by"],
    extra=2,
    can_delete=True,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one input; their content is checked by the record's rules."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        uploads = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(upload, initial) for upload in uploads if upload]


class _RuledForm(forms.Form):
    """A form whose ``clean`` adds the problems a use case's rules find, each by its field
    (a field that could not even be read keeps its own message only)."""

    def add_problems(self, problems: Sequence[FieldProblem]) -> None:
        for field, message in problems:
            if field and field in self.fields:
                if field not in self.errors:
                    self.add_error(field, message)
                elif message not in self.errors[field]:
                    self.errors[field].append(message)
            else:
                self.add_error(None, message)


NUMBER = {"inputmode": "decimal"}
# Far above any one activity; keeps a mistyped number within what the database holds.
MAX_PARTICIPANTS = 100_000


class ActivityForm(_RuledForm):
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    kind = forms.ChoiceField(
        label=_("Activity"),
        required=False,
        choices=[("", "—"), *ActivityKind.choices],
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=100)
    community = forms.ModelChoiceField(
        label=_("Community"),
        required=False,
        queryset=Community.objects.none(),
        widget=SearchSelect("all-communities"),
    )
    participants = forms.IntegerField(
        label=_("Participants"),
        required=False,
        max_value=MAX_PARTICIPANTS,
        widget=forms.NumberInput({"inputmode": "numeric"}),
    )
    volunteer_hours = forms.DecimalField(
        label=_("Volunteer hours"),
        required=False,
        max_digits=8,
        decimal_places=1,
        widget=forms.NumberInput(NUMBER),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(label=_("Photos"))
    sign_in_sheet = forms.FileField(label=_("Sign-in sheet (optional)"), required=False)

    def __init__(
        self,
        *args: Any,
        project: Project,
        indicators: Sequence[Indicator],
        record: ServiceRecord | None = None,
        **kwargs: Any,
    ) -> None:
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial_of(record)
        elif "initial" not in kwargs:
            kwargs["initial"] = {"community": project.community_id, "occurred_on": _today()}
        super().__init__(*args, **kwargs)
        self.project = project
        self.record = record
        self.indicators = {indicator.pk: indicator for indicator in indicators}
        self.fields["community"].queryset = all_communities()
        for indicator in indicators:
            self.fields[records.increment_field(indicator.pk)] = forms.DecimalField(
                label=f"{indicator.name}（{indicator.unit}）",
                required=False,
                max_digits=12,
                decimal_places=2,
                widget=forms.NumberInput(NUMBER),
            )
        self.photo_choices: list[RecordPhoto] = []
        if record is not None:
            self.photo_choices = list(record.photos.all())
            self.fields["remove_photos"] = forms.TypedMultipleChoiceField(
                label=_("Remove these photos"),
                required=False,
                coerce=int,
                choices=[(photo.pk, photo.original_name) for photo in self.photo_choices],
                widget=forms.CheckboxSelectMultiple,
            )

    def increment_fields(self) -> list[forms.BoundField]:
        return [self[records.increment_field(pk)] for pk in self.indicators]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("participants", "volunteer_hours", "note")]

    def activity(self) -> records.Activity:
        data = self.cleaned_data
        return records.Activity(
            occurred_on=data.get("occurred_on"),
            place=data.get("place") or "",
            community=data.get("community"),
            kind=data.get("kind") or "",
            participants=data.get("participants"),
            volunteer_hours=data.get("volunteer_hours"),
            note=data.get("note") or "",
            increments={
                pk: data.get(records.increment_field(pk))
                for pk in self.indicators
                if records.increment_field(pk) in data
            },
        )

    def clean(self) -> dict:
        data = super().clean()
        removed = set(data.get("remove_photos") or [])
        kept = len([photo for photo in self.photo_choices if photo.pk not in removed])
        self.add_problems(
            records.activity_problems(
                self.project, self.activity(), indicators=self.indicators, today=_today()
            )
            + records.photo_problems(data.get("photos") or [], kept=kept)
            + entries.upload_problems(data.get("sign_in_sheet"), field="sign_in_sheet")
        )
        return data


def _initial_of(record: ServiceRecord) -> dict:
    initial: dict[str, Any] = {
        "occurred_on": record.occurred_on,
        "kind": record.kind,
        "place": record.place,
        "community": record.community_id,
        "participants": record.participants,
        "volunteer_hours": record.volunteer_hours,
        "note": record.note,
    }
    for progress in record.progress.all():
        initial[records.increment_field(progress.indicator_id)] = progress.amount
    return initial


def _today() -> date:
    return timezone.localdate()


class LineChoiceField(forms.TypedChoiceField):
    """The project's budget lines; a value that names another line is left to the
    spending rules, which say so in words."""

    def valid_value(self, value: Any) -> bool:
        return True


class ExpenseForm(_RuledForm):
    spent_on = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    budget_line = LineChoiceField(label=_("Budget line"), required=False, coerce=int)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(NUMBER),
    )
    payee = forms.CharField(label=_("Payee"), required=False, max_length=100)
    voucher_number = forms.CharField(
        label=_("Voucher or invoice number"), required=False, max_length=50
    )
    receipt = forms.FileField(label=_("Receipt"), required=False)

    def __init__(
        self,
        *args: Any,
        project: Project,
        lines: Sequence[BudgetLine],
        spending_entry: Spending | None = None,
        **kwargs: Any,
    ) -> None:
        if spending_entry is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "spent_on": spending_entry.spent_on,
                "budget_line": spending_entry.budget_line_id,
                "amount": spending_entry.amount,
                "payee": spending_entry.payee,
                "voucher_number": spending_entry.voucher_number,
            }
        elif "initial" not in kwargs:
            kwargs["initial"] = {"spent_on": _today()}
        super().__init__(*args, **kwargs)
        self.project = project
        self.line_ids = {line.pk for line in lines}
        self.fields["budget_line"].choices = [("", "—")] + [
            (line.pk, f"{line.get_category_display()} {line.note}".strip()) for line in lines
        ]

    def expense(self) -> spending.Expense:
        data = self.cleaned_data
        line = data.get("budget_line")
        return spending.Expense(
            spent_on=data.get("spent_on"),
            budget_line_id=line if isinstance(line, int) else None,
            amount=data.get("amount"),
            payee=data.get("payee") or "",
            voucher_number=data.get("voucher_number") or "",
        )

    def clean(self) -> dict:
        data = super().clean()
        self.add_problems(
            spending.spending_problems(
                self.project, self.expense(), line_ids=self.line_ids, today=_today()
            )
            + entries.upload_problems(data.get("receipt"), field="receipt")
        )
        return data


class VisitForm(_RuledForm):
    visited_on = forms.DateField(label=_("Visit date"), required=False, widget=DATE_INPUT)
    visitors = forms.CharField(
        label=_("Visited by"),
        required=False,
        max_length=200,
        help_text=_("Names and units, e.g. 区民政局 张三、雨花街道 李四."),
    )
    findings = forms.CharField(
        label=_("What the visit found"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    rating = forms.ChoiceField(
        label=_("Rating"), required=False, choices=[("", "—"), *VisitRating.choices]
    )
    follow_up = forms.CharField(
        label=_("Follow-up required"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the organisation must do; leave empty if nothing."),
    )
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False, widget=DATE_INPUT)

    def visit(self) -> visits.Visit:
        data = self.cleaned_data
        return visits.Visit(
            visited_on=data.get("visited_on"),
            visitors=data.get("visitors") or "",
            findings=data.get("findings") or "",
            rating=data.get("rating") or "",
            follow_up=data.get("follow_up") or "",
            follow_up_due=data.get("follow_up_due"),
        )

    def clean(self) -> dict:
        data = super().clean()
        self.add_problems(visits.visit_problems(self.visit(), today=_today()))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for unlocking"), max_length=500)


class NarrativeForm(forms.Form):
    progress_summary = forms.CharField(
        label=_("Progress and results"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the project has done so far and what changed for the people served."),
    )
    problems = forms.CharField(
        label=_("Problems and how they are addressed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
