"""Reference data in the Django admin. Projects change only through the product's own
pages and use cases; the transition log and payments can be read here, never edited."""

from django.contrib import admin

from grants.models import (
    BudgetCap,
    Call,
    GuideItem,
    Payment,
    Programme,
    ProjectChange,
    TrancheRule,
    TransitionLog,
)


class TrancheRuleInline(admin.TabularInline):
    model = TrancheRule
    extra = 0


class BudgetCapInline(admin.TabularInline):
    model = BudgetCap
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "max_grant", "is_active"]
    inlines = [TrancheRuleInline, BudgetCapInline]


class GuideItemInline(admin.TabularInline):
    model = GuideItem
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "year", "opens_at", "closes_at", "total_budget"]
    list_filter = ["programme", "year"]
    inlines = [GuideItemInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible for audit; no add, change or delete path."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "project", "transition", "from_state", "to_state", "actor"]
    list_filter = ["transition", "to_state"]
    list_select_related = ["project", "actor"]
    search_fields = ["project__title", "comment"]


@admin.register(ProjectChange)
class ProjectChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "project", "user", "fields"]
    list_select_related = ["project", "user"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["paid_on", "voucher_number", "tranche", "amount", "recorded_by"]
    list_select_related = ["tranche__project", "recorded_by"]
    search_fields = ["voucher_number", "tranche__project__title"]
