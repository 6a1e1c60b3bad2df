from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from experts.models import Expert, ExpertField, ExpertTie
from grants.forms import DATE_INPUT
from grants.stages import Stage
from reviews.aggregation import SATISFACTION_LEVELS
from reviews.models import Criterion


class DrawForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    size = forms.IntegerField(label=_("Panel size"), min_value=1, max_value=15, initial=5)
    required_fields = forms.MultipleChoiceField(
        label=_("Fields every panel must include"),
        choices=ExpertField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Left empty: at least one finance expert at mid-term and final."),
    )
    load_cap = forms.IntegerField(
        label=_("Most panels per expert"), min_value=1, max_value=50, initial=8
    )
    deadline = forms.DateField(label=_("Scores due"), widget=DATE_INPUT, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AssignForm(ReasonForm):
    expert = forms.ModelChoiceField(
        label=_("Expert"), queryset=Expert.objects.filter(is_active=True)
    )


class ApproveForm(forms.Form):
    amount = forms.DecimalField(label=_("Approved amount"), max_digits=12, decimal_places=2)
    override_reason = forms.CharField(
        label=_("Reason to approve below the threshold"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RectifyForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Rectify by"), widget=DATE_INPUT)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    """Closing is confirmed on its preview, with the final score the officer saw."""

    final_score = forms.DecimalField(
        label=_("Final score"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        widget=forms.HiddenInput,
    )


class TieForm(forms.ModelForm):
    class Meta:
        model = ExpertTie
        fields = ["organisation", "kind", "note"]


class SheetForm(forms.Form):
    """One points field and one comment field per criterion of the panel's rubric."""

    def __init__(self, *args, criteria: list[Criterion], initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        self.criteria = criteria
        for criterion in criteria:
            points, comment = initial_scores.get(criterion.pk, (None, ""))
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name}（0–{criterion.max_points}）",
                max_digits=5,
                decimal_places=2,
                required=False,
                initial=points,
                min_value=Decimal("0"),
                max_value=criterion.max_points,
                # Added up as the expert types (reviews/static/reviews/sheet_total.js).
                widget=forms.NumberInput(attrs={"data-points": "", "step": "0.01"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": criterion.name},
                required=False,
                initial=comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [
            (criterion, self[f"points_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]


class SatisfactionForm(forms.Form):
    respondents = forms.IntegerField(label=_("Respondents"), min_value=1, required=False)
    score = forms.DecimalField(
        label=_("Satisfaction score (0–100)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        required=False,
    )

    LEVEL_LABELS = {
        "very_satisfied": _("Very satisfied"),
        "satisfied": _("Satisfied"),
        "fair": _("Fairly satisfied"),
        "dissatisfied": _("Dissatisfied"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for level in SATISFACTION_LEVELS:
            self.fields[f"count_{level}"] = forms.IntegerField(
                label=self.LEVEL_LABELS[level], min_value=0, required=False
            )

    def counts(self) -> dict[str, int]:
        return {
            level: self.cleaned_data.get(f"count_{level}") or 0 for level in SATISFACTION_LEVELS
        }
