from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import interests
from accounts.models import (
    Community,
    District,
    OrganisationMembership,
    Role,
    SocialOrganisation,
    Street,
    User,
    UserRole,
    Verification,
)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "division_code"]


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district"]
    list_filter = ["district", "kind"]
    search_fields = ["name"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "street"]
    list_filter = ["street"]
    list_select_related = ["street"]
    search_fields = ["name", "street__name"]


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined_at"]


class MembershipFollowedMixin:
    """A member added or moved here has gained a tie with the organisation: whoever
    depends on ties (an expert's seats) follows in the admin's transaction."""

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        if formset.model is OrganisationMembership:
            joined = [*formset.new_objects, *(row for row, _ in formset.changed_objects)]
            interests.gained(user_ids=[row.user_id for row in joined], by=request.user)


@admin.register(SocialOrganisation)
class SocialOrganisationAdmin(MembershipFollowedMixin, admin.ModelAdmin):
    list_display = ["name", "credit_code", "org_type", "home_community", "status"]
    list_filter = ["org_type", "status", "inspection_result", "home_community__street"]
    list_select_related = ["home_community"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["home_community"]
    inlines = [MembershipInline]
    # The bureau's check is the officers' (its page, with the audit trail); an
    # organisation the bureau enters here is checked as it is entered.
    readonly_fields = ["verification", "verified_at", "verified_by", "verification_note"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.verification = Verification.CONFIRMED
            obj.verified_at = timezone.now()
            obj.verified_by = request.user
        super().save_model(request, obj, form, change)


class RoleInlineFormSet(forms.BaseInlineFormSet):
    """A street or community role needs its region on the user; say so at once."""

    def clean(self) -> None:
        super().clean()
        roles = {
            form.cleaned_data.get("role")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        problems = []
        if Role.STREET_STAFF in roles and not self.instance.street_id:
            problems.append(_("Street staff need a street: choose one under Scope."))
        if Role.COMMUNITY_STAFF in roles and not self.instance.community_id:
            problems.append(_("Community staff need a community: choose one under Scope."))
        if problems:
            raise ValidationError(problems)


class RoleInline(admin.TabularInline):
    model = UserRole
    formset = RoleInlineFormSet
    extra = 1


@admin.register(User)
class UserAdmin(MembershipFollowedMixin, DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    list_filter = ["role_assignments__role", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["street", "community"]
    inlines = [RoleInline, MembershipInline]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Scope"), {"fields": ["full_name", "phone", "street", "community"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Scope"), {"fields": ["full_name", "street", "community"]}),
    ]
