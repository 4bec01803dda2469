"""Demo data for trying the portal out: built on real partner organisations of the county
(see data/<profile>/regional-facts.csv), with fictional people, example.org addresses and
made-up offers. Every entry is flagged `is_demo` and shown with a "Beispieldaten" badge.

Entries are matched by slug, so running the command again adds nothing twice.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from portal.content.models import Event
from portal.core.text import german_slugify

from .models import (
    Contact,
    Language,
    Location,
    Municipality,
    Offer,
    Organisation,
    OrganisationKind,
    TargetGroup,
    Topic,
)

# (name, kind, Runder Tisch member, seat AGS or "", website, description)
ORGANISATIONS = [
    (
        "Agentur für Arbeit Ulm",
        "arbeitsagentur",
        True,
        "",
        "",
        "Berufsberatung, Arbeitsvermittlung und Beratung zur Anerkennung ausländischer Abschlüsse.",
    ),
    (
        "Jobcenter Alb-Donau",
        "jobcenter",
        True,
        "08425033",
        "",
        "Zuständig für Bürgergeld und die Vermittlung in Arbeit; Standorte in Ulm und Ehingen.",
    ),
    (
        "IHK Ulm",
        "kammer",
        True,
        "",
        "",
        "Berät Zugewanderte und Betriebe zu Ausbildung in Industrie, Handel und Dienstleistung.",
    ),
    (
        "Handwerkskammer Ulm",
        "kammer",
        True,
        "",
        "https://www.hwk-ulm.de",
        "Berät Geflüchtete und Handwerksbetriebe zu Praktikum und Ausbildung im Handwerk.",
    ),
    (
        "Kreishandwerkerschaft Ulm",
        "kreishandwerkerschaft",
        True,
        "",
        "",
        "Verbindet die Innungen des Handwerks und vermittelt Kontakte zu Ausbildungsbetrieben.",
    ),
    (
        "Volkshochschule Ehingen",
        "volkshochschule",
        True,
        "08425033",
        "",
        "Integrationskurse, Alphabetisierungskurse und Deutsch für den Beruf in Ehingen.",
    ),
    (
        "Ulmer Volkshochschule",
        "volkshochschule",
        True,
        "",
        "",
        "Deutsch als Fremdsprache und Integrationskurse im EinsteinHaus in Ulm.",
    ),
    (
        "Volkshochschule Langenau",
        "volkshochschule",
        True,
        "08425072",
        "",
        "Sprachkurse und Begegnungsangebote in Langenau.",
    ),
    (
        "DRK-Kreisverband Ulm",
        "wohlfahrtsverband",
        True,
        "",
        "",
        "Sozialbetreuung in Unterkünften, Gesundheitsvorsorge und Hilfe im Alltag.",
    ),
    (
        "Caritas Ulm-Alb-Donau",
        "wohlfahrtsverband",
        True,
        "",
        "",
        "Migrationsberatung für Erwachsene und Mitträger des Dolmetscherpools.",
    ),
    (
        "Diakonie Ulm/Alb-Donau",
        "wohlfahrtsverband",
        True,
        "",
        "",
        "Flüchtlingsarbeit, Sozialberatung und Begleitung von Ehrenamtlichen.",
    ),
    (
        "Freundeskreis für Migranten Ehingen e. V.",
        "verein",
        False,
        "08425033",
        "",
        "Ehrenamtlicher Verein seit 1993: Sprechstunde, Möbellager und Hausaufgabenhilfe.",
    ),
    (
        "Flüchtlingsrat Ulm/Alb-Donau-Kreis",
        "verein",
        False,
        "",
        "",
        "Verein mit Asylcafé im Haus der Begegnung in Ulm.",
    ),
    (
        "Polizeipräsidium Ulm",
        "polizei",
        True,
        "",
        "",
        "Prävention und Ansprechpartner für Sicherheit; Mitglied im Runden Tisch.",
    ),
    (
        "Bundesamt für Migration und Flüchtlinge (BAMF)",
        "bundesbehoerde",
        True,
        "",
        "",
        "Zuständig für Asylverfahren und Integrationskurse.",
    ),
]

# Helferkreise: (town AGS, further AGS served)
CIRCLES = [
    ("08425033", []),
    ("08425071", ["08425079"]),
    ("08425072", ["08425062", "08425092"]),
    ("08425031", ["08425014"]),
    ("08425020", ["08425017"]),
    ("08425081", ["08425098"]),
    ("08425039", []),
    ("08425141", []),
    ("08425028", ["08425066"]),
    ("08425075", ["08425008"]),
    ("08425108", []),
    ("08425002", ["08425004"]),
]

# Fictional integration managers of the county, each responsible for one or more
# administrative units (keys from administrative-units.csv).
MANAGERS = [
    ("Anna Beispiel", ["084255005"]),
    ("Jonas Muster", ["084255007"]),
    ("Leyla Exempel", ["084255008"]),
    ("Mira Probe", ["084255004", "084255009"]),
    ("Tobias Platzhalter", ["084255002", "084250141"]),
    ("Sara Fiktiv", ["084255010"]),
    ("David Demo", ["084250039", "084255003"]),
    ("Elif Testfall", ["084255001", "084250108", "084255006"]),
]

# (slug, title, organisation, topics, target groups, languages, cost, municipalities or None
#  for county-wide, location (name, street, AGS) or None, summary, schedule, registration)
OFFERS = [
    (
        "integrationskurs-ehingen",
        "Integrationskurs mit Alphabetisierung in Ehingen",
        "Volkshochschule Ehingen",
        ["sprache"],
        ["erwachsene"],
        ["de", "ar", "fa"],
        "reduced",
        ["08425033", "08425050", "08425088", "08425093"],
        ("VHS Ehingen, Kursraum 2", "Am Beispielplatz 1", "08425033"),
        "Deutschkurs mit 600 Unterrichtseinheiten und Orientierungskurs; für Menschen, die noch "
        "lesen und schreiben lernen.",
        "Montag bis Freitag, 8:30 bis 12:45 Uhr. Neuer Kurs alle drei Monate.",
        "Persönlich im Büro der VHS oder per E-Mail an vhs-ehingen@example.org. Bringen Sie den "
        "Berechtigungsschein vom BAMF oder Jobcenter mit.",
    ),
    (
        "sprachcafe-laichingen",
        "Sprachcafé Laichingen",
        "Helferkreis Laichingen",
        ["sprache", "alltag-freizeit"],
        ["alle"],
        ["de"],
        "free",
        ["08425071", "08425079"],
        ("Gemeindehaus Laichingen", "Beispielstraße 5", "08425071"),
        "Deutsch sprechen üben bei Tee und Kuchen, ohne Anmeldung.",
        "Jeden Donnerstag, 16 bis 18 Uhr.",
        "Keine Anmeldung nötig. Kommen Sie einfach vorbei.",
    ),
    (
        "deutsch-fuer-den-beruf-ulm",
        "Deutsch für den Beruf (B1/B2)",
        "Ulmer Volkshochschule",
        ["sprache", "arbeit-ausbildung"],
        ["erwachsene", "arbeitsuchende"],
        ["de"],
        "reduced",
        None,
        None,
        "Berufsbezogener Deutschkurs für Menschen mit B1, die eine Arbeit suchen oder haben.",
        "Abendkurs, zweimal pro Woche.",
        "Einstufungstest bei der vh; Anmeldung über das Jobcenter oder die Agentur für Arbeit.",
    ),
    (
        "sprachkurs-langenau",
        "Deutschkurs für Eltern mit Kinderbetreuung",
        "Volkshochschule Langenau",
        ["sprache", "schule-kinderbetreuung"],
        ["eltern", "frauen"],
        ["de", "ar", "uk"],
        "free",
        ["08425072", "08425005", "08425011", "08425013", "08425019"],
        ("VHS Langenau", "Musterweg 3", "08425072"),
        "Deutsch lernen am Vormittag, während die Kinder nebenan betreut werden.",
        "Dienstag und Donnerstag, 9 bis 11:30 Uhr.",
        "Telefonisch bei der VHS Langenau.",
    ),
    (
        "kuemmerer-ausbildung-ihk",
        "Beratung zur Ausbildung für Zugewanderte",
        "IHK Ulm",
        ["arbeit-ausbildung"],
        ["jugendliche", "arbeitsuchende"],
        ["de", "en", "ar"],
        "free",
        None,
        None,
        "Die IHK berät zu Ausbildung und Praktikum und sucht passende Betriebe.",
        "Termine nach Vereinbarung, auch in Ehingen und Laichingen.",
        "Termin per E-Mail an ausbildung@example.org.",
    ),
    (
        "ausbildung-im-handwerk",
        "Ausbildung im Handwerk: Beratung und Praktikum",
        "Handwerkskammer Ulm",
        ["arbeit-ausbildung"],
        ["jugendliche"],
        ["de", "en"],
        "free",
        None,
        None,
        "Beratung zu Praktikum, Einstiegsqualifizierung und Ausbildung in Handwerksbetrieben.",
        "Sprechstunde jeden Mittwoch.",
        "Anmeldung per Telefon oder E-Mail.",
    ),
    (
        "anerkennung-abschluesse",
        "Anerkennung ausländischer Berufsabschlüsse",
        "Agentur für Arbeit Ulm",
        ["arbeit-ausbildung", "beratung"],
        ["erwachsene"],
        ["de", "en", "ar", "uk", "ru"],
        "free",
        None,
        None,
        "Beratung, ob und wie Ihr Abschluss in Deutschland anerkannt wird.",
        "Nach Vereinbarung.",
        "Termin über die Servicenummer der Agentur (Beispiel).",
    ),
    (
        "jobcenter-integration-ehingen",
        "Beratung zu Arbeit und Bürgergeld in Ehingen",
        "Jobcenter Alb-Donau",
        ["arbeit-ausbildung", "beratung"],
        ["arbeitsuchende"],
        ["de", "uk", "ar"],
        "free",
        None,
        ("Jobcenter Alb-Donau, Standort Ehingen", "Beispielstraße 2", "08425033"),
        "Ihre Ansprechperson im Jobcenter hilft bei Arbeitssuche, Sprachkurs und Leistungen.",
        "Montag bis Freitag vormittags, Donnerstag auch nachmittags.",
        "Mit Termin; bringen Sie Ihren Bescheid mit.",
    ),
    (
        "migrationsberatung-caritas",
        "Migrationsberatung für Erwachsene (MBE)",
        "Caritas Ulm-Alb-Donau",
        ["beratung", "aufenthalt-behoerden"],
        ["erwachsene"],
        ["de", "en", "ar", "fa", "tr"],
        "free",
        None,
        None,
        "Beratung zu Aufenthalt, Familie, Arbeit und Wohnen für Zugewanderte ab 27 Jahren.",
        "Offene Sprechstunde dienstags; sonst nach Vereinbarung.",
        "Kommen Sie in die Sprechstunde oder rufen Sie an.",
    ),
    (
        "sozialberatung-diakonie",
        "Sozialberatung für Geflüchtete",
        "Diakonie Ulm/Alb-Donau",
        ["beratung"],
        ["alle"],
        ["de", "ar", "fa", "ps"],
        "free",
        ["08425020", "08425017", "08425141"],
        None,
        "Hilfe bei Anträgen, Briefen von Behörden und Fragen des Alltags.",
        "Montag und Mittwoch 9 bis 12 Uhr.",
        "Ohne Anmeldung in der Sprechstunde.",
    ),
    (
        "gesundheitslotsen-drk",
        "Gesundheitslotsen: Begleitung zur Ärztin oder zum Arzt",
        "DRK-Kreisverband Ulm",
        ["gesundheit"],
        ["alle"],
        ["de", "ar", "uk", "ru"],
        "free",
        None,
        None,
        "Ehrenamtliche begleiten zu Terminen und erklären das Gesundheitssystem.",
        "Nach Vereinbarung.",
        "Anfrage über Ihre Integrationsmanagerin oder Ihren Integrationsmanager.",
    ),
    (
        "wohnraum-anbieten",
        "Wohnraum für Geflüchtete anbieten",
        "Landratsamt Alb-Donau-Kreis",
        ["wohnen", "mithelfen"],
        ["alle"],
        ["de"],
        "free",
        None,
        None,
        "Sie haben eine Wohnung frei? Das Landratsamt berät Vermieterinnen und Vermieter.",
        "",
        "Per E-Mail an wohnraum@example.org.",
    ),
    (
        "dolmetscherpool-ida",
        "Internationaler Dolmetscherpool (IDA)",
        "Landratsamt Alb-Donau-Kreis",
        ["aufenthalt-behoerden", "mithelfen"],
        ["alle", "ehrenamtliche"],
        ["ar", "fa", "prs", "ps", "uk", "ru", "tr", "ti", "ku"],
        "free",
        None,
        None,
        "Ehrenamtliche Dolmetscherinnen und Dolmetscher für Gespräche in Kita, Schule und "
        "Beratung; Schulung für neue Ehrenamtliche.",
        "Einsätze nach Absprache.",
        "Anfrage per E-Mail an dolmetscherpool@example.org.",
    ),
    (
        "hausaufgabenhilfe-ehingen",
        "Hausaufgabenhilfe",
        "Freundeskreis für Migranten Ehingen e. V.",
        ["schule-kinderbetreuung"],
        ["kinder", "jugendliche"],
        ["de"],
        "free",
        ["08425033"],
        ("Treffpunkt Freundeskreis", "Musterstraße 7", "08425033"),
        "Ehrenamtliche helfen Schulkindern bei den Hausaufgaben.",
        "Montag bis Donnerstag, 14 bis 16 Uhr.",
        "Einfach vorbeikommen.",
    ),
    (
        "moebellager-ehingen",
        "Möbellager für Familien",
        "Freundeskreis für Migranten Ehingen e. V.",
        ["wohnen", "alltag-freizeit"],
        ["eltern"],
        ["de"],
        "free",
        ["08425033", "08425050"],
        None,
        "Gebrauchte Möbel für neu eingezogene Familien, gegen eine kleine Spende.",
        "Samstag 10 bis 12 Uhr.",
        "Mit Berechtigung von der Integrationsmanagerin.",
    ),
    (
        "asylcafe-ulm",
        "Asylcafé",
        "Flüchtlingsrat Ulm/Alb-Donau-Kreis",
        ["alltag-freizeit", "beratung"],
        ["alle"],
        ["de", "en", "ar"],
        "free",
        None,
        None,
        "Begegnung, Beratung zu Asylfragen und Vermittlung an Fachstellen.",
        "Jeden ersten Freitag im Monat.",
        "Ohne Anmeldung.",
    ),
    (
        "praevention-polizei",
        "Sicher im Alltag: Informationsabend der Polizei",
        "Polizeipräsidium Ulm",
        ["alltag-freizeit"],
        ["erwachsene", "jugendliche"],
        ["de", "ar", "uk"],
        "free",
        None,
        None,
        "Die Polizei erklärt Rechte und Pflichten, Verkehr und Schutz vor Betrug.",
        "Mehrmals im Jahr in verschiedenen Orten.",
        "Anmeldung über den Helferkreis.",
    ),
    (
        "elternmentoren",
        "Elternmentorinnen und Elternmentoren",
        "Landratsamt Alb-Donau-Kreis",
        ["schule-kinderbetreuung", "mithelfen"],
        ["eltern"],
        ["de", "ar", "tr", "uk"],
        "free",
        None,
        None,
        "Erfahrene Eltern begleiten zugewanderte Familien durch Kita und Schule.",
        "Nach Absprache.",
        "Über die Integrationsmanagerin oder den Integrationsmanager.",
    ),
    (
        "behoerdenlotsen",
        "Behördenlotsen",
        "Landratsamt Alb-Donau-Kreis",
        ["aufenthalt-behoerden", "mithelfen"],
        ["alle"],
        ["de", "ar", "fa"],
        "free",
        None,
        None,
        "Ehrenamtliche helfen beim Ausfüllen von Formularen und begleiten zu Ämtern.",
        "Nach Absprache.",
        "Anfrage bei der Koordinierungsstelle im Landratsamt.",
    ),
    (
        "fahrradwerkstatt-dornstadt",
        "Offene Fahrradwerkstatt",
        "Helferkreis Dornstadt",
        ["alltag-freizeit"],
        ["alle"],
        ["de"],
        "free",
        ["08425031", "08425014", "08425135"],
        ("Bauhof Dornstadt (Beispiel)", "Beispielweg 9", "08425031"),
        "Fahrräder reparieren und Verkehrsregeln lernen.",
        "Samstags 10 bis 13 Uhr.",
        "Ohne Anmeldung.",
    ),
]

OFFER_TRANSLATIONS = {
    "integrationskurs-ehingen": {
        "en": (
            "Integration course with literacy in Ehingen",
            "German course with 600 lessons and an orientation course, for people who are "
            "still learning to read and write.",
        ),
        "ar": (
            "دورة اندماج مع محو الأمية في إيهينغن",
            "دورة لغة ألمانية من 600 درس مع دورة توجيهية، للأشخاص الذين ما زالوا يتعلمون "
            "القراءة والكتابة.",
        ),
        "uk": (
            "Інтеграційний курс з навчанням грамоти в Еінгені",
            "Курс німецької мови на 600 уроків і орієнтаційний курс для тих, хто ще вчиться "
            "читати й писати.",
        ),
    },
    "migrationsberatung-caritas": {
        "en": (
            "Migration counselling for adults (MBE)",
            "Advice on residence, family, work and housing for immigrants aged 27 and over.",
        ),
        "ar": (
            "استشارات الهجرة للبالغين (MBE)",
            "استشارات حول الإقامة والأسرة والعمل والسكن للمهاجرين من عمر 27 عامًا فما فوق.",
        ),
    },
    "anerkennung-abschluesse": {
        "en": (
            "Recognition of foreign vocational qualifications",
            "Advice on whether and how your qualification is recognised in Germany.",
        ),
        "uk": (
            "Визнання іноземних професійних кваліфікацій",
            "Консультація щодо того, чи і як визнають вашу кваліфікацію в Німеччині.",
        ),
        "ru": (
            "Признание иностранных профессиональных квалификаций",
            "Консультация о том, признаётся ли ваша квалификация в Германии и как.",
        ),
    },
}


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _phone(n: int) -> str:
    # 000000 is no subscriber number in the Ulm area: clearly not a real line.
    return f"0731 000000-{n:02d}"


@transaction.atomic
def load_demo() -> dict[str, int]:
    created: dict[str, int] = {}

    def count(label, was_created):
        created[label] = created.get(label, 0) + int(was_created)

    kinds = {k.slug: k for k in OrganisationKind.objects.all()}
    towns = {m.ags: m for m in Municipality.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    verified = timezone.now() - timedelta(days=30)

    orgs = {o.name: o for o in Organisation.objects.all()}
    for name, kind, member, seat, website, description in ORGANISATIONS:
        org, was = Organisation.objects.get_or_create(
            slug=german_slugify(name),
            defaults={
                "name": name,
                "kind": kinds[kind],
                "is_runder_tisch_member": member,
                "municipality": towns.get(seat),
                "website": website,
                "description_de": description,
                "email": f"kontakt-{german_slugify(name)[:30]}@example.org",
                "is_demo": True,
            },
        )
        orgs[name] = org
        count("Organisationen", was)

    county_office = Organisation.objects.get(slug="landratsamt-alb-donau-kreis")
    for number, (ags, served) in enumerate(CIRCLES, start=1):
        town = towns[ags]
        name = f"Helferkreis {town.name}"
        circle, was = Organisation.objects.get_or_create(
            slug=german_slugify(name),
            defaults={
                "name": name,
                "kind": kinds["helferkreis"],
                "municipality": town,
                "description_de": f"Ehrenamtliche in {town.name} begleiten neu Zugewanderte: "
                "Sprachcafé, Patenschaften, Hilfe bei Behördengängen.",
                "is_demo": True,
            },
        )
        if was:
            circle.municipalities_served.set([town, *(towns[a] for a in served)])
            Contact.objects.create(
                organisation=circle,
                name=f"Koordination {name}",
                is_person=False,
                kind=Contact.Kind.VOLUNTEER_COORDINATION,
                role_de="Koordination (ehrenamtlich)",
                email=f"{german_slugify(name)}@example.org",
                phone=_phone(50 + number),
                is_demo=True,
            ).municipalities.set(circle.municipalities_served.all())
        orgs[name] = circle
        count("Helferkreise", was)

    for number, (name, units) in enumerate(MANAGERS, start=1):
        contact, was = Contact.objects.get_or_create(
            organisation=county_office,
            name=name,
            defaults={
                "kind": Contact.Kind.INTEGRATION_MANAGER,
                "role_de": "Integrationsmanagerin oder Integrationsmanager",
                "role_en": "Integration manager",
                "role_ar": "مديرة أو مدير الاندماج",
                "role_uk": "Менеджерка або менеджер з інтеграції",
                "email": f"{german_slugify(name).replace('-', '.')}@example.org",
                "phone": _phone(number),
                "order": number,
                "is_demo": True,
                "office_hours_de": "Dienstag 9 bis 12 Uhr und nach Vereinbarung",
            },
        )
        if was:
            contact.municipalities.set(
                Municipality.objects.filter(administrative_unit__key__in=units)
            )
        count("Ansprechpersonen", was)
    desks = [
        (
            "Fachdienst Flüchtlinge und Integration",
            Contact.Kind.ADMINISTRATION,
            "Koordination des Integrationsmanagements und der Helferkreise",
        ),
        (
            "Koordination Dolmetscherpool (IDA)",
            Contact.Kind.OTHER,
            "Vermittlung ehrenamtlicher Dolmetscherinnen und Dolmetscher",
        ),
        ("Ausländerbehörde", Contact.Kind.ADMINISTRATION, "Aufenthalt und Aufenthaltstitel"),
    ]
    for number, (name, kind, role) in enumerate(desks, start=20):
        _contact, was = Contact.objects.get_or_create(
            organisation=county_office,
            name=name,
            defaults={
                "is_person": False,
                "kind": kind,
                "role_de": role,
                "phone": _phone(number),
                "email": f"{german_slugify(name)[:40]}@example.org",
                "order": number,
                "is_demo": True,
            },
        )
        count("Ansprechpersonen", was)
    for number, name in enumerate(
        ["Caritas Ulm-Alb-Donau", "Diakonie Ulm/Alb-Donau", "IHK Ulm", "Agentur für Arbeit Ulm"],
        start=30,
    ):
        _contact, was = Contact.objects.get_or_create(
            organisation=orgs[name],
            name=f"Beratungsstelle {name}",
            defaults={
                "is_person": False,
                "kind": Contact.Kind.COUNSELLING,
                "role_de": "Beratung für Zugewanderte",
                "phone": _phone(number),
                "email": f"beratung-{german_slugify(name)[:30]}@example.org",
                "is_demo": True,
            },
        )
        count("Ansprechpersonen", was)

    for (
        slug,
        title,
        org_name,
        topic_slugs,
        group_slugs,
        lang_codes,
        cost,
        served,
        place,
        summary,
        schedule,
        registration,
    ) in OFFERS:
        org = orgs[org_name]
        offer, was = Offer.objects.get_or_create(
            slug=slug,
            defaults={
                "organisation": org,
                "title_de": title,
                "summary_de": summary,
                "description_de": summary,
                "schedule_de": schedule,
                "registration_de": registration,
                "cost": cost,
                "is_county_wide": served is None,
                "status": Offer.Status.PUBLISHED,
                "last_verified_at": verified,
                "published_at": verified,
                "is_demo": True,
            },
        )
        count("Angebote", was)
        if not was:
            continue
        for lang, (t_title, t_summary) in OFFER_TRANSLATIONS.get(slug, {}).items():
            setattr(offer, f"title_{lang}", t_title)
            setattr(offer, f"summary_{lang}", t_summary)
            setattr(offer, f"description_{lang}", t_summary)
        offer.save()
        offer.topics.set([topics[t] for t in topic_slugs])
        offer.target_groups.set([groups[g] for g in group_slugs])
        offer.languages.set([languages[c] for c in lang_codes])
        if served:
            offer.municipalities.set([towns[a] for a in served])
        if place:
            name, street, ags = place
            town = towns[ags]
            location, _new = Location.objects.get_or_create(
                organisation=org,
                name=name,
                defaults={
                    "street": street,
                    "postcode": town.postcode,
                    "city": town.name,
                    "municipality": town,
                    "latitude": town.latitude,
                    "longitude": town.longitude,
                },
            )
            offer.locations.add(location)
        offer.contacts.set(org.contacts.all()[:1])

    events = [
        (
            "runder-tisch-11-sitzung",
            "11. Sitzung des Runden Tisches Integration",
            Event.Kind.RUNDER_TISCH,
            timezone.make_aware(datetime(2025, 10, 9, 14)),
            3,
            "Haus des Landkreises, Ulm",
            None,
            county_office,
            "Schwerpunkt Arbeitsmarktintegration, mit Kammern, Agentur für Arbeit, "
            "Sprachkursträgern und BAMF.",
        ),
        (
            "runder-tisch-naechste-sitzung",
            "Sitzung des Runden Tisches Integration",
            Event.Kind.RUNDER_TISCH,
            _at(70, 14),
            3,
            "Haus des Landkreises, Ulm",
            None,
            county_office,
            "Austausch der Partner; Tagesordnung folgt.",
        ),
        (
            "infoabend-ehrenamt-ehingen",
            "Infoabend: Ehrenamtlich im Helferkreis",
            Event.Kind.INFO_EVENING,
            _at(14, 19),
            2,
            "Rathaus Ehingen (Beispiel)",
            "08425033",
            orgs["Helferkreis Ehingen (Donau)"],
            "Wie Sie mithelfen können: Patenschaften, Sprachcafé, Begleitung.",
        ),
        (
            "kursbeginn-integrationskurs-ehingen",
            "Neuer Integrationskurs beginnt",
            Event.Kind.COURSE_START,
            _at(21, 8, 30),
            4,
            "VHS Ehingen",
            "08425033",
            orgs["Volkshochschule Ehingen"],
            "Start des nächsten Integrationskurses.",
        ),
        (
            "austauschtreffen-haupt-ehrenamt",
            "Austauschtreffen Haupt- und Ehrenamt",
            Event.Kind.MEETING,
            _at(35, 17),
            2,
            "Landratsamt, Ulm",
            None,
            county_office,
            "Helferkreise, Dolmetscherpool, Elternmentorinnen und Integrationsmanagement "
            "tauschen sich aus.",
        ),
        (
            "sprachcafe-laichingen-fest",
            "Sommerfest des Sprachcafés",
            Event.Kind.OTHER,
            _at(45, 15),
            3,
            "Gemeindehaus Laichingen",
            "08425071",
            orgs["Helferkreis Laichingen"],
            "Begegnung mit Musik und Essen aus vielen Ländern.",
        ),
    ]
    for slug, title, kind, start, hours, place, ags, org, description in events:
        _event, was = Event.objects.get_or_create(
            slug=slug,
            defaults={
                "title_de": title,
                "kind": kind,
                "starts_at": start,
                "ends_at": start + timedelta(hours=hours),
                "place_text": place,
                "municipality": towns.get(ags),
                "organisation": org,
                "description_de": description,
                "offer": Offer.objects.filter(slug="integrationskurs-ehingen").first()
                if slug.startswith("kursbeginn")
                else None,
                "is_demo": True,
            },
        )
        count("Termine", was)
    return created
