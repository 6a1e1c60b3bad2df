from django.contrib import admin
from django.utils import timezone

from community.models import Policy


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    """Administrators add the policy of a later year; a year already under way keeps the
    numbers it is judged by, so only future policies can still be changed."""

    list_display = [
        "effective_year",
        "fund_amount",
        "project_share_min",
        "designated_space_min",
        "home_care_space_min",
        "open_space_min",
    ]

    def _is_future(self, obj) -> bool:
        return obj is None or obj.effective_year > timezone.localdate().year

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._is_future(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._is_future(obj)
