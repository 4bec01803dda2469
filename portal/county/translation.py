from modeltranslation.translator import TranslationOptions, register

from .models import County


@register(County)
class CountyTranslation(TranslationOptions):
    fields = ("title", "short_title", "tagline", "description")
