from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("display_name", "phone")}))
    list_display = ("email", "username", "display_name", "is_staff", "is_active")
    search_fields = ("email", "username", "display_name")

    def has_delete_permission(self, request, obj=None):
        # Accounts that acted are kept for the records that name them (see audit.services).
        from audit.services import has_acted

        if obj is not None and has_acted(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        from django.core.exceptions import PermissionDenied

        from audit.services import has_acted

        if any(has_acted(user) for user in queryset):
            raise PermissionDenied("Accounts that acted are deactivated, not deleted")
        super().delete_queryset(request, queryset)
