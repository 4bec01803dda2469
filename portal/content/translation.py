from modeltranslation.translator import TranslationOptions, register

from .models import Event, Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")
