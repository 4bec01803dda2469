from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from .models import AuditEntry, OutboxMessage
from .translations import languages_written, mark_translated


class TranslatableAdmin(TranslationAdmin):
    """Admin for translatable content: a translation edited in the form is current again."""

    def save_model(self, request, obj, form, change):
        changed = set(form.changed_data)
        for lang in languages_written(obj, changed):
            fields = [name for name in obj.translated_fields() if f"{name}_{lang}" in changed]
            mark_translated(obj, lang, fields if change else None)
        super().save_model(request, obj, form, change)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]

    @admin.action(description=_("Erneut versuchen"))
    def retry(self, request, queryset):
        count = OutboxMessage.objects.retry(queryset)
        message = ngettext(
            "%(count)d E-Mail wird erneut versucht.",
            "%(count)d E-Mails werden erneut versucht.",
            count,
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)

    def has_add_permission(self, request):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "object_repr", "user"]
    list_filter = ["action", "content_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
