"""Django's admin is for technical superusers only; editors use the partner area."""

from django.contrib import admin

from portal.core.admin import TranslatableAdmin

from . import models


@admin.register(models.Municipality)
class MunicipalityAdmin(TranslatableAdmin):
    list_display = ["name", "ags", "kind", "administrative_unit"]
    search_fields = ["name", "ags"]


@admin.register(models.Organisation)
class OrganisationAdmin(TranslatableAdmin):
    list_display = ["name", "kind", "is_runder_tisch_member", "is_demo"]
    list_filter = ["kind", "is_runder_tisch_member", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities_served"]


@admin.register(models.Offer)
class OfferAdmin(TranslatableAdmin):
    list_display = ["title", "organisation", "status", "last_verified_at", "is_demo"]
    list_filter = ["status", "topics", "is_demo"]
    search_fields = ["title", "organisation__name"]
    filter_horizontal = [
        "topics",
        "target_groups",
        "languages",
        "locations",
        "municipalities",
        "contacts",
    ]


@admin.register(models.Contact)
class ContactAdmin(TranslatableAdmin):
    list_display = ["name", "organisation", "kind", "is_demo"]
    list_filter = ["kind", "is_demo"]
    filter_horizontal = ["municipalities"]


for model in (models.Topic, models.TargetGroup, models.OrganisationKind, models.Location):
    admin.site.register(model, TranslatableAdmin)
admin.site.register(models.AdministrativeUnit)
admin.site.register(models.Language)
