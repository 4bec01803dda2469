from django.contrib import admin

from portal.core.admin import TranslatableAdmin

from .models import County


@admin.register(County)
class CountyAdmin(TranslatableAdmin):
    """Read-only: the county comes from its profile folder (`manage.py load_profile`)."""

    list_display = ["name", "key", "profile"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
