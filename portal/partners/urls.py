from django.urls import path

from .views import account, auth, county, entries, history, home, review, translations, users

app_name = "partners"

urlpatterns = [
    path("", home.home, name="home"),
    path("anmelden/", auth.login, name="login"),
    path("anmelden/code/", auth.login_code, name="login-code"),
    path("abmelden/", auth.logout, name="logout"),
    path("zwei-faktor/", auth.two_factor_setup, name="two-factor-setup"),
    path("einladung/<str:uidb64>/<str:token>/", auth.invitation, name="invitation"),
    path("passwort-vergessen/", auth.password_reset, name="password-reset"),
    path(
        "passwort/<str:uidb64>/<str:token>/",
        auth.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("konto/", account.account, name="account"),
    path("aenderungen/<int:pk>/", entries.revision_edit, name="revision-edit"),
    path("aenderungen/<int:pk>/vorschau/", entries.revision_preview, name="revision-preview"),
    path("aenderungen/<int:pk>/einreichen/", entries.revision_submit, name="revision-submit"),
    path("pruefung/", review.review_queue, name="review-queue"),
    path("pruefung/<int:pk>/", review.review_detail, name="review-detail"),
    path("uebersetzungen/", translations.overview, name="translation-overview"),
    path("uebersetzungen/<str:lang>/", translations.language_list, name="translation-list"),
    path(
        "uebersetzungen/<str:lang>/<str:model>/<int:pk>/",
        translations.translate,
        name="translate",
    ),
    path("benutzer/", users.user_list, name="user-list"),
    path("benutzer/einladen/", users.user_invite, name="user-invite"),
    path("benutzer/<int:pk>/beenden/", users.user_deactivate, name="user-deactivate"),
    path("benutzer/<int:pk>/oeffnen/", users.user_activate, name="user-activate"),
    path("verlauf/", history.history, name="history"),
    path("redaktion/runder-tisch/", county.runder_tisch, name="runder-tisch"),
    path("redaktion/<str:kind>/", county.content_list, name="content-list"),
    path("redaktion/<str:kind>/neu/", county.content_edit, name="content-new"),
    path("redaktion/<str:kind>/<int:pk>/", county.content_edit, name="content-edit"),
    path("<str:kind>/", entries.entry_list, name="entry-list"),
    path("<str:kind>/neu/", entries.entry_new, name="entry-new"),
    path("<str:kind>/<uuid:uuid>/", entries.entry_edit, name="entry-edit"),
    path("<str:kind>/<uuid:uuid>/archivieren/", entries.entry_archive, name="entry-archive"),
    path("<str:kind>/<uuid:uuid>/wiederherstellen/", entries.entry_restore, name="entry-restore"),
]
