from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choosers import SearchSelect, all_communities, all_streets
from accounts.models import User
from community import permissions
from community.models import (
    REPORTED_STATES,
    Allocation,
    AllocationUse,
    Department,
    FundPlan,
    GuideItemDraft,
    Need,
    NeedState,
    Room,
)
from community.needs import CONTENT_FIELDS
from grants.models import PAST_APPROVAL_STATES, Call, GuideItem, Project
from grants.uploads import check_upload


class AllocationForm(forms.ModelForm):
    """One use of a community's fund; project-based ones name a project of the community."""

    class Meta:
        model = Allocation
        fields = ["use", "project", "amount", "note"]

    def __init__(self, *args, plan: FundPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(
            community=plan.community_id, state__in=PAST_APPROVAL_STATES
        ).order_by("title")
        self.fields["project"].help_text = _(
            "Only for project-based services: a project serving this community, past approval."
        )

    def clean(self):
        data = super().clean()
        if data.get("use") == AllocationUse.PROJECT_BASED and not data.get("project"):
            self.add_error("project", _("Choose the project this allocation funds."))
        elif data.get("use") and data.get("use") != AllocationUse.PROJECT_BASED:
            data["project"] = None
            self.instance.project = None
        return data


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "area", "use", "open_to_organisations"]


# --- the needs list ------------------------------------------------------------------------

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NeedForm(forms.ModelForm):
    """What a need says; the community is one of those the user records needs for."""

    class Meta:
        model = Need
        fields = CONTENT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "found_on": DATE_INPUT}
        labels = {"title": _("Title of the need"), "description": _("What residents need")}
        error_messages = {
            "community": {"required": _("Choose the community where the need was found.")},
            "title": {"required": _("Give the need a short title.")},
            "description": {
                "required": _("Describe the need: what residents lack, and what the record shows.")
            },
            "people_affected": {"required": _("Say how many people are affected (at least one).")},
            "affected_group": {"required": _("Say who is affected, e.g. 独居老人.")},
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        communities = permissions.recordable_communities(user)
        self.fields["community"].queryset = communities
        self.fields["people_affected"].min_value = 1
        self.fields["people_affected"].widget.attrs["min"] = 1
        if self.instance.pk is None and len(communities) == 1:
            self.fields["community"].initial = communities[0].pk


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence"),
        help_text=_("The ticket, the visit record or a photo: PDF, Word, Excel, JPG or PNG."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason, so the community knows what to do.")},
    )


class ReferForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(is_active=True),
        error_messages={"required": _("Choose the department the need is referred to.")},
    )
    note = forms.CharField(
        label=_("Note for the department (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Need.objects.none(),
        error_messages={"required": _("Choose the need this one repeats.")},
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False)

    def __init__(self, *args, need: Need, **kwargs):
        super().__init__(*args, **kwargs)
        # Needs of the same street and year that reached the street and were not merged.
        self.fields["into"].queryset = (
            Need.objects.filter(
                community__street=need.community.street_id,
                found_on__year=need.found_on.year,
                state__in=REPORTED_STATES - {NeedState.RETURNED, NeedState.MERGED},
            )
            .exclude(pk=need.pk)
            .select_related("community")
            .order_by("community__name", "title")
        )
        self.fields["into"].label_from_instance = lambda other: (
            f"#{other.pk} {other.title}（{other.community.name}，{other.get_state_display()}）"
        )
        if need.possible_duplicate_of_id:
            self.fields["into"].initial = need.possible_duplicate_of_id


class BatchForm(forms.Form):
    """The street's batch: forward or return the ticked needs."""

    FORWARD, RETURN = "forward", "return"
    need = forms.ModelMultipleChoiceField(
        queryset=Need.objects.none(),
        error_messages={"required": _("Choose at least one need.")},
    )
    action = forms.ChoiceField(
        label=_("What to do"),
        choices=[(FORWARD, _("Forward to the district")), (RETURN, _("Return to the community"))],
    )
    reason = forms.CharField(
        label=_("Reason or comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs

    def clean(self):
        data = super().clean()
        if data.get("action") == self.RETURN and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason, so the community knows what to do."))
        return data


class GuideDraftForm(forms.ModelForm):
    """Screening into a new guide item: the four parts are required, each by its name."""

    class Meta:
        model = GuideItemDraft
        fields = [
            "title",
            "category",
            "street",
            "community",
            "target_group",
            "need_statement",
            "service",
            "goal",
            "suggested_budget",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in ["target_group", "need_statement", "service", "goal"]
            },
            "street": SearchSelect("all-streets"),
            "community": SearchSelect("all-communities"),
        }
        error_messages = {
            "title": {"required": _("Give the guide item a title.")},
            "category": {"required": _("Choose the category of the guide item.")},
            "target_group": {"required": _("Say who exactly is served (对象要准).")},
            "need_statement": {"required": _("Say what the need is (需求要清).")},
            "service": {"required": _("Say what service answers it (服务要实).")},
            "goal": {"required": _("Say what goal it reaches (目标要明).")},
            "suggested_budget": {"required": _("Suggest a budget of more than zero.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = all_streets()
        self.fields["community"].queryset = all_communities()
        self.fields["suggested_budget"].min_value = Decimal("0.01")

    def clean(self):
        data = super().clean()
        if not data.get("street") and not data.get("community"):
            self.add_error("community", _("Choose the street or the community it serves."))
        return data


class ExistingDraftForm(forms.Form):
    draft = forms.ModelChoiceField(
        label=_("Guide-item draft"),
        queryset=GuideItemDraft.objects.order_by("-created_at"),
        error_messages={"required": _("Choose the draft these needs join.")},
    )


class PlaceForm(forms.Form):
    call = forms.ModelChoiceField(
        label=_("Call"),
        queryset=Call.objects.select_related("programme").order_by("-year", "-opens_at"),
        error_messages={"required": _("Choose the call whose guide list it joins.")},
    )
    existing = forms.ModelChoiceField(
        label=_("Already in its guide list as (optional)"),
        queryset=GuideItem.objects.filter(draft__isnull=True).select_related("call"),
        required=False,
        help_text=_("Leave empty to add a new item; choose one when the call's list has it."),
    )


class NeedImportForm(forms.Form):
    workbook = forms.FileField(label=_("Excel workbook (.xlsx)"))
