from django.urls import path

from . import exports, views

app_name = "api"

urlpatterns = [
    path("kalender.ics", exports.events_calendar, name="calendar"),
    path(
        "kalender/gemeinde/<slug:slug>.ics",
        exports.municipality_calendar,
        name="calendar-municipality",
    ),
    path("kalender/thema/<slug:slug>.ics", exports.topic_calendar, name="calendar-topic"),
    path("angebote.csv", exports.offers_csv, name="offers-csv"),
    path("hsds/", views.root, name="root"),
    path("hsds/openapi.json", views.openapi, name="openapi"),
    path("hsds/services", views.services, name="services"),
    path("hsds/services/<str:pk>", views.service, name="service"),
    path("hsds/organizations", views.organizations, name="organizations"),
    path("hsds/organizations/<str:pk>", views.organization, name="organization"),
    path("hsds/service_at_locations", views.services_at_locations, name="service-at-locations"),
    path(
        "hsds/service_at_locations/<str:pk>", views.service_at_location, name="service-at-location"
    ),
    path("hsds/taxonomies", views.taxonomies, name="taxonomies"),
    path("hsds/taxonomies/<str:pk>", views.taxonomy, name="taxonomy"),
    path("hsds/taxonomy_terms", views.taxonomy_terms, name="taxonomy-terms"),
    path("hsds/taxonomy_terms/<str:pk>", views.taxonomy_term, name="taxonomy-term"),
]
