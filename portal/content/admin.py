from django.contrib import admin

from portal.core.admin import TranslatableAdmin

from .models import AccessibilityReport, Event, Page


@admin.register(Page)
class PageAdmin(TranslatableAdmin):
    list_display = ["title", "slug", "kind", "is_published"]


@admin.register(Event)
class EventAdmin(TranslatableAdmin):
    list_display = ["title", "starts_at", "kind", "municipality", "is_demo"]


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "language"]
    readonly_fields = ["page_url", "message", "name", "email", "language", "created_at"]
