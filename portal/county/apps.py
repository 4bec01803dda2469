from django.apps import AppConfig


class CountyConfig(AppConfig):
    name = "portal.county"
    label = "county"
    verbose_name = "Landkreis"
