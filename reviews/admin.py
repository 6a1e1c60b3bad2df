"""Rubrics in the admin: editable until a panel uses them; then a new version is made, and
the panels keep the version they started with."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from reviews.models import Criterion, Rubric


class CriteriaTotal100(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        total = sum(
            (
                form.cleaned_data["max_points"]
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            Decimal("0"),
        )
        if total != Decimal("100"):
            raise ValidationError(
                _("The criteria add up to %(total)s points; a rubric totals 100.")
                % {"total": total}
            )


class CriterionInline(admin.TabularInline):
    model = Criterion
    formset = CriteriaTotal100
    extra = 0

    def _editable(self, obj) -> bool:
        return obj is None or not obj.panels.exists()

    def has_add_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["programme", "stage", "version", "created_at"]
    list_filter = ["programme", "stage"]
    inlines = [CriterionInline]
    actions = ["new_version"]

    def get_readonly_fields(self, request, obj=None):
        return ["programme", "stage", "version"] if obj else ["version"]

    @admin.action(description=_("Make a new editable version"))
    def new_version(self, request, queryset) -> None:
        for rubric in queryset:
            with transaction.atomic():
                latest = Rubric.objects.filter(
                    programme=rubric.programme, stage=rubric.stage
                ).aggregate(latest=Max("version"))["latest"]
                copy = Rubric.objects.create(
                    programme=rubric.programme, stage=rubric.stage, version=latest + 1
                )
                Criterion.objects.bulk_create(
                    Criterion(rubric=copy, order=c.order, name=c.name, max_points=c.max_points)
                    for c in rubric.criteria.all()
                )
            messages.success(request, _("Version %(version)s created.") % {"version": copy.version})
