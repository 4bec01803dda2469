from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import AccessibilityReport, Event, Page


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "kind", "is_published"]


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "starts_at", "kind", "municipality", "is_demo"]


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "language"]
    readonly_fields = ["page_url", "message", "name", "email", "language", "created_at"]
