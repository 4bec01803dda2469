"""The translation workbench: which entries miss a translation or have an outdated one, and
translating them side by side with the German text (what changed in German first)."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from portal.accounts import scopes
from portal.core.models import TranslationState, target_languages
from portal.core.translations import (
    changed_sentences,
    save_translation,
    translation_version,
)
from portal.directory.models import Contact, Location, Offer, Organisation

from ..access import partner_view
from ..forms import translation_form

LANGUAGE_NAMES = dict(settings.LANGUAGES)
# What partners translate: their own entries. County editors translate every kind of content.
PARTNER_MODELS = {
    "offer": scopes.offers_for,
    "organisation": scopes.organisations_for,
    "contact": scopes.contacts_for,
    "location": scopes.locations_for,
}
COUNTY_MODELS = [
    "directory.offer",
    "directory.organisation",
    "directory.contact",
    "directory.location",
    "directory.topic",
    "directory.targetgroup",
    "directory.organisationkind",
    "directory.municipality",
    "content.page",
    "content.event",
    "county.county",
]


def scope(user, model_name: str):
    """The entries of one kind this user translates (none for a kind they may not)."""
    if scopes.is_county(user):
        label = next((m for m in COUNTY_MODELS if m.endswith(f".{model_name}")), None)
        if label is None:
            return None
        return apps.get_model(label).objects.all()
    scope_of = PARTNER_MODELS.get(model_name)
    return scope_of(user) if scope_of else None


def entries(user):
    names = (
        [label.split(".")[1] for label in COUNTY_MODELS]
        if scopes.is_county(user)
        else list(PARTNER_MODELS)
    )
    for name in names:
        queryset = scope(user, name)
        if queryset.model in (Offer,):
            queryset = queryset.exclude(status=Offer.Status.ARCHIVED)
        if queryset.model in (Contact, Location):
            queryset = queryset.active()
        if queryset.model in (Offer, Contact, Location):
            queryset = queryset.select_related("organisation")  # the overview names the owner
        for obj in queryset:
            if obj.source_texts():
                yield name, obj


def language_of(lang: str) -> str:
    if lang not in target_languages():
        raise Http404
    return lang


@partner_view
def overview(request):
    """Per language: how many entries are current, outdated or missing; for county editors
    also per partner organisation."""
    counts = {lang: {"current": 0, "outdated": 0, "missing": 0} for lang in target_languages()}
    by_partner: dict = {}
    for _name, obj in entries(request.user):
        owner = getattr(obj, "organisation", None) or (
            obj if isinstance(obj, Organisation) else None
        )
        for lang in target_languages():
            state = obj.translation_state(lang)
            counts[lang][state] += 1
            if owner is not None and state != TranslationState.CURRENT:
                row = by_partner.setdefault(owner.name, dict.fromkeys(target_languages(), 0))
                row[lang] += 1
    rows = [
        {"code": lang, "name": LANGUAGE_NAMES[lang], **counts[lang]} for lang in target_languages()
    ]
    context = {
        "rows": rows,
        "by_partner": sorted(by_partner.items()),
        "languages": target_languages(),
    }
    return render(request, "partners/translation_overview.html", context)


@partner_view
def language_list(request, lang):
    lang = language_of(lang)
    outdated, missing = [], []
    for name, obj in entries(request.user):
        state = obj.translation_state(lang)
        if state == TranslationState.OUTDATED:
            outdated.append((name, obj))
        elif state == TranslationState.MISSING:
            missing.append((name, obj))
    context = {
        "lang": lang,
        "language": LANGUAGE_NAMES[lang],
        "outdated": outdated,
        "missing": missing,
    }
    return render(request, "partners/translation_list.html", context)


@partner_view
@require_http_methods(["GET", "HEAD", "POST"])
def translate(request, lang, model, pk):
    lang = language_of(lang)
    queryset = scope(request.user, model)
    if queryset is None:
        raise Http404
    obj = get_object_or_404(queryset, pk=pk)
    form = translation_form(obj, lang, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = _save(request, obj, lang, form)
        if saved:
            messages.success(request, "Die Übersetzung ist gespeichert und gilt als aktuell.")
            return redirect("partners:translation-list", lang)
        messages.error(
            request,
            "Jemand hat diesen Eintrag inzwischen geändert. Bitte prüfen Sie den neuen "
            "Stand; Ihre Eingaben stehen noch im Formular.",
        )
        obj.refresh_from_db()  # the form keeps the input; saving again takes it knowingly
        data = request.POST.copy()
        data["version"] = translation_version(obj, lang)
        form = translation_form(obj, lang, data)
        form.is_valid()
    then = obj.translation_sources.get(lang) or {}
    rows = []
    for bound in form:
        if bound.name == "version":
            continue
        name = bound.name.rsplit("_", 1)[0]
        source = getattr(obj, f"{name}_de") or ""
        changes = (
            changed_sentences(then.get(name, ""), source) if lang in obj.translation_sources else []
        )
        rows.append({"field": bound, "source": source, "changes": changes, "name": name})
    rows.sort(key=lambda row: not row["changes"])  # what changed in German comes first
    context = {
        "obj": obj,
        "lang": lang,
        "language": LANGUAGE_NAMES[lang],
        "rows": rows,
        "form": form,
        "state": obj.translation_state(lang),
        "rtl": lang in settings.LANGUAGES_BIDI,
    }
    return render(request, "partners/translate.html", context, status=400 if form.is_bound else 200)


def _save(request, obj, lang: str, form) -> bool:
    """Save the translation unless the entry changed since the form was shown (locked
    meanwhile, so two translators cannot both pass the check)."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if form.cleaned_data["version"] != translation_version(current, lang):
        return False
    values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    save_translation(current, lang, values, request.user)
    return True
