from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("display_name", "phone")}))
    list_display = ("email", "username", "display_name", "is_staff", "is_active")
    search_fields = ("email", "username", "display_name")
