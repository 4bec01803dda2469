from modeltranslation.translator import TranslationOptions, register

from .models import (
    Contact,
    Location,
    Municipality,
    Offer,
    Organisation,
    OrganisationKind,
    TargetGroup,
    Topic,
)


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("note",)


@register(OrganisationKind)
class OrganisationKindTranslation(TranslationOptions):
    fields = ("name", "name_plural")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")


@register(TargetGroup)
class TargetGroupTranslation(TranslationOptions):
    fields = ("name",)


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = ("accessibility",)


@register(Contact)
class ContactTranslation(TranslationOptions):
    fields = ("role", "office_hours")


@register(Offer)
class OfferTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "cost_note", "registration", "schedule")
