from django.urls import path

from . import finder, views, volunteering

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
    path("mithelfen/", volunteering.volunteer, name="volunteer"),
    path("mithelfen/anmelden/", volunteering.signup, name="volunteer-signup"),
    path("mithelfen/anmelden/gesendet/", volunteering.signup_sent, name="volunteer-sent"),
    path("mithelfen/bestaetigen/<str:token>/", volunteering.confirm, name="volunteer-confirm"),
    path("mithelfen/anmeldung/<str:token>/", volunteering.manage, name="volunteer-manage"),
    path(
        "mithelfen/anmeldung/<str:token>/daten.json",
        volunteering.stored_data,
        name="volunteer-data",
    ),
    path("mithelfen/abmelden/<str:token>/", volunteering.withdraw, name="volunteer-withdraw"),
    path("mithelfen/gesuche/", volunteering.need_list, name="need-list"),
    path("mithelfen/gesuche/<int:pk>/", volunteering.need_detail, name="need-detail"),
    path("mithelfen/gesuche/<int:pk>/gesendet/", volunteering.need_sent, name="need-sent"),
    path("weitere-informationen/", views.further_information, name="further-information"),
    path("barriere-melden/", views.accessibility_report, name="accessibility-report"),
    path("seiten/<slug:slug>/", views.page_detail, name="page-detail"),
]
