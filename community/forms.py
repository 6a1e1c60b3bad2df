from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Allocation, AllocationUse, FundPlan, Room
from grants.models import PAST_APPROVAL_STATES, Project


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
