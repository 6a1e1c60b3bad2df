from django.contrib import admin

from experts.models import Draw, Expert, ExpertTie, Recusal


class TieInline(admin.TabularInline):
    model = ExpertTie
    extra = 0


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "title", "is_active"]
    search_fields = ["name", "affiliation", "user__username"]
    inlines = [TieInline]


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
