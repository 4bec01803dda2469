from django.urls import path

from . import finder, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("suche/", finder.search, name="search"),
    path("karte/", finder.offer_map, name="map"),
    path("runder-tisch/", views.runder_tisch, name="runder-tisch"),
    path("ansprechpartner/", views.contact_list, name="contact-list"),
    path("themen/", views.topic_list, name="topic-list"),
    path("themen/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("partner/", views.partner_list, name="partner-list"),
    path("organisationen/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("gemeinden/", views.municipality_list, name="municipality-list"),
    path("gemeinden/<slug:slug>/", views.municipality_detail, name="municipality-detail"),
    path("angebote/<slug:slug>/", views.offer_detail, name="offer-detail"),
    path("veranstaltungen/", views.event_list, name="event-list"),
    path("veranstaltungen/<slug:slug>/", views.event_detail, name="event-detail"),
    path("mithelfen/", views.volunteer, name="volunteer"),
    path("weitere-informationen/", views.further_information, name="further-information"),
    path("barriere-melden/", views.accessibility_report, name="accessibility-report"),
    path("seiten/<slug:slug>/", views.page_detail, name="page-detail"),
]
