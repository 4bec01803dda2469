from django.contrib import admin

from .models import Account


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    """For the technical administrator to create the first county admin; county admins
    manage everybody else in the partner area."""

    list_display = ["user", "role", "invited_at"]
    list_filter = ["role"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["organisations", "municipalities"]
