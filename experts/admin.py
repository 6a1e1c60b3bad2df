from django.contrib import admin

from accounts import interests
from experts.models import Draw, Expert, ExpertTie, Recusal


class TieInline(admin.TabularInline):
    model = ExpertTie
    extra = 0


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "title", "is_active"]
    search_fields = ["name", "affiliation", "user__username"]
    inlines = [TieInline]

    def save_formset(self, request, form, formset, change) -> None:
        """A tie added or changed here is a tie gained: the expert's seats on that
        organisation's projects follow, in the admin's transaction."""
        super().save_formset(request, form, formset, change)
        if formset.model is ExpertTie:
            gained = [*formset.new_objects, *(row for row, _ in formset.changed_objects)]
            if gained:
                interests.gained(user_ids=[form.instance.user_id], by=request.user)


@admin.register(Recusal)
class RecusalAdmin(admin.ModelAdmin):
    list_display = ["expert", "project", "reason", "at"]


@admin.register(Draw)
class DrawAdmin(admin.ModelAdmin):
    """Draws are records to replay and audit; nobody edits them."""

    list_display = ["created_at", "kind", "stage", "seed", "created_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
