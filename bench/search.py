"""Search speed at 1,000, 10,000 and 100,000 offers, on SQLite and PostgreSQL.

    make bench-search          # or: .venv/bin/python bench/search.py [--sizes 1000 10000]

For each database and size, a fresh database gets the county profile and generated offers
(German texts, half of them translated into the portal's other languages, places, topics,
languages, target groups, costs), the search index is built, PostgreSQL is vacuumed as
autovacuum would do it in service, and 20 realistic queries run
with and without filters, each several times. Printed: p50 and p95 of the search itself
(matching, ranking, counting one page of results) and of the whole results page's data
(with the counts per filter value), per size; and the growth of p95 from the smallest to the
largest size (the smallest size is the baseline, measured in the same run). Hits are counted
up to SEARCH_MAX_MATCHES ("1000+": more match).

PostgreSQL: DATABASE_URL of the server to use (default postgres://postgres@127.0.0.1:5432/),
a database `bench_search_<pid>` is created and dropped. Nothing leaves 127.0.0.1.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
REPEAT = 5
# (text, filters, reader's language): what people type, with and without filters
QUERIES = [
    ("Deutschkurs", {}, "de"),
    ("deutschkurse Ehingen", {}, "de"),
    ("Deutschkur", {}, "de"),
    ("Integrationskurs Alphabetisierung", {}, "de"),
    ("Arbeit", {}, "de"),
    ("Bewerbung", {"topic": "arbeit-ausbildung"}, "de"),
    ("Kita", {}, "de"),
    ("Beratung Frauen", {}, "de"),
    ("Ehingn", {}, "de"),
    ("Wohnung", {"municipality": "laichingen"}, "de"),
    ("kurs", {"topic": "sprache", "free": True}, "de"),
    ("Sprachcafe", {}, "de"),
    ("", {"topic": "sprache", "municipality": "ehingen-donau"}, "de"),
    ("", {"language": "ar", "target_group": "frauen"}, "de"),
    ("", {"free": True}, "de"),
    ("دورة", {}, "ar"),
    ("عمل", {"municipality": "blaubeuren"}, "ar"),
    ("курс", {}, "uk"),
    ("kurs", {"language": "tr"}, "tr"),
    ("Rechtsberatung Aufenthalt", {}, "de"),
]

KINDS = [  # title, topic, German text, Arabic, English
    (
        "Deutschkurs",
        "sprache",
        "Deutsch lernen in kleinen Gruppen",
        "دورة لغة ألمانية",
        "German course",
    ),
    (
        "Integrationskurs",
        "sprache",
        "Integrationskurs mit Orientierungskurs und Alphabetisierung",
        "دورة الاندماج",
        "Integration course",
    ),
    (
        "Sprachcafé",
        "sprache",
        "Deutsch sprechen üben bei Tee und Kuchen",
        "مقهى اللغة",
        "Language café",
    ),
    (
        "Hausaufgabenhilfe",
        "schule-kinderbetreuung",
        "Hilfe bei den Hausaufgaben für Schulkinder",
        "مساعدة في الواجبات المدرسية",
        "Homework help",
    ),
    (
        "Kita-Anmeldung",
        "schule-kinderbetreuung",
        "Begleitung bei der Anmeldung in Kita und Kindergarten",
        "التسجيل في الحضانة",
        "Nursery registration",
    ),
    (
        "Bewerbungstraining",
        "arbeit-ausbildung",
        "Bewerbung schreiben, Vorstellungsgespräch üben, Arbeit finden",
        "التدريب على طلبات العمل",
        "Job application training",
    ),
    (
        "Beratung zu Arbeit und Ausbildung",
        "arbeit-ausbildung",
        "Anerkennung von Abschlüssen, Praktikum, Ausbildung",
        "استشارات حول العمل",
        "Advice on work",
    ),
    (
        "Migrationsberatung",
        "beratung",
        "Beratung zu Aufenthalt, Familie, Behörden und Alltag",
        "استشارات الهجرة",
        "Migration counselling",
    ),
    (
        "Rechtsberatung",
        "aufenthalt-behoerden",
        "Rechtsberatung zu Aufenthalt und Asylverfahren",
        "استشارة قانونية",
        "Legal advice",
    ),
    (
        "Wohnungssuche",
        "wohnen",
        "Hilfe bei der Suche nach einer Wohnung und beim Mietvertrag",
        "البحث عن سكن",
        "Finding a flat",
    ),
    (
        "Frauentreff",
        "alltag-freizeit",
        "Treffen für Frauen mit Kinderbetreuung",
        "لقاء النساء",
        "Women's meeting",
    ),
    (
        "Fahrradwerkstatt",
        "alltag-freizeit",
        "Fahrräder reparieren und Radfahren lernen",
        "ورشة الدراجات",
        "Bicycle workshop",
    ),
    (
        "Gesundheitslotsen",
        "gesundheit",
        "Begleitung zu Ärztinnen, Ärzten und Beratungsstellen",
        "مرشدو الصحة",
        "Health guides",
    ),
    (
        "Schwimmkurs",
        "alltag-freizeit",
        "Schwimmen lernen für Kinder und Erwachsene",
        "دورة سباحة",
        "Swimming course",
    ),
    (
        "Patenschaften",
        "mithelfen",
        "Ehrenamtliche begleiten Familien im Alltag",
        "برنامج الرعاية",
        "Mentoring",
    ),
]
FOR_WHOM = [
    "für Frauen",
    "für Eltern",
    "für Jugendliche",
    "am Abend",
    "am Vormittag",
    "online",
    "für Anfänger",
    "B1",
]
TRANSLATED = ("en", "ar", "fa", "uk", "ru", "tr")
OTHER = {  # a short phrase per language, for the translated half
    "fa": "دوره و مشاوره",
    "uk": "курс і консультація",
    "ru": "курс и консультация",
    "tr": "kurs ve danışmanlık",
}


def generate(size: int) -> None:
    """`size` published offers of 200 organisations, in bulk (no signals; the index is built
    afterwards in one go)."""
    from decimal import Decimal

    from django.utils import timezone

    from portal.directory.models import (
        Language,
        Location,
        Municipality,
        Offer,
        Organisation,
        OrganisationKind,
        TargetGroup,
        Topic,
    )

    rng = random.Random(42)  # noqa: S311 (test data, not secrets)
    places = list(Municipality.objects.all())
    topics = {t.slug: t for t in Topic.objects.all()}
    languages = list(Language.objects.all())
    groups = list(TargetGroup.objects.all())
    kind = OrganisationKind.objects.get(slug="verein")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Verein {n} {rng.choice(places).name}", slug=f"bench-verein-{n}", kind=kind
        )
        for n in range(200)
    )
    locations = Location.objects.bulk_create(
        Location(
            organisation=rng.choice(organisations),
            name=f"Treffpunkt {n}",
            street=f"Hauptstraße {n}",
            postcode=(p := rng.choice(places)).postcode,
            city=p.name,
            municipality=p,
            latitude=p.latitude + Decimal(rng.randint(-50, 50)) / 10000,
            longitude=p.longitude + Decimal(rng.randint(-50, 50)) / 10000,
        )
        for n in range(500)
    )
    now = timezone.now()
    for start in range(0, size, 2000):
        offers, plan = [], []
        for n in range(start, min(size, start + 2000)):
            title, topic, text, arabic, english = rng.choice(KINDS)
            place = rng.choice(places)
            suffix = rng.choice(FOR_WHOM)
            fields = {
                "title_de": f"{title} {suffix} in {place.name}",
                "summary_de": f"{text}. {rng.choice(FOR_WHOM).capitalize()}.",
                "description_de": f"{text}. Anmeldung beim Verein, kostenlos oder gegen "
                f"kleinen Beitrag. Treffpunkt in {place.name}, gut erreichbar mit Bus und Bahn.",
            }
            if n % 2:  # half translated
                fields.update(
                    title_ar=f"{arabic} في {place.local_names.get('ar', place.name)}",
                    summary_ar=arabic,
                    title_en=f"{english} in {place.name}",
                    summary_en=english,
                    **{
                        f"title_{lang}": f"{OTHER[lang]} {place.local_names.get(lang, place.name)}"
                        for lang in OTHER
                    },
                )
            offers.append(
                Offer(
                    organisation=rng.choice(organisations),
                    slug=f"bench-{n}",
                    status=Offer.Status.PUBLISHED,
                    published_at=now,
                    last_verified_at=now,
                    cost=rng.choice(["free", "free", "reduced", "paid"]),
                    is_county_wide=n % 10 == 0,
                    **fields,
                )
            )
            plan.append(
                (
                    topics[topic],
                    place,
                    rng.sample(languages, 2),
                    rng.choice(groups),
                    rng.random() < 0.3,
                )
            )
        Offer.objects.bulk_create(offers)
        Offer.topics.through.objects.bulk_create(
            Offer.topics.through(offer=o, topic=p[0]) for o, p in zip(offers, plan, strict=True)
        )
        Offer.municipalities.through.objects.bulk_create(
            Offer.municipalities.through(offer=o, municipality=p[1])
            for o, p in zip(offers, plan, strict=True)
        )
        Offer.languages.through.objects.bulk_create(
            Offer.languages.through(offer=o, language=lang)
            for o, p in zip(offers, plan, strict=True)
            for lang in p[2]
        )
        Offer.target_groups.through.objects.bulk_create(
            Offer.target_groups.through(offer=o, targetgroup=p[3])
            for o, p in zip(offers, plan, strict=True)
        )
        Offer.locations.through.objects.bulk_create(
            Offer.locations.through(offer=o, location=rng.choice(locations))
            for o, p in zip(offers, plan, strict=True)
            if p[4]
        )


def settle() -> None:
    """A database as it is in service, not just after a bulk load: on PostgreSQL, VACUUM
    ANALYZE does now what autovacuum would otherwise do during the measurement (measured at
    1,000 offers, the queries' p95 varied between 10 and 21 ms from run to run without it)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def child(size: int) -> dict:
    """Runs inside a process whose DATABASE_URL is the fresh benchmark database."""
    import django

    django.setup()
    from django.core.management import call_command

    from portal.directory.models import Language, Municipality, TargetGroup, Topic
    from portal.search.documents import rebuild
    from portal.search.query import Query, search

    call_command("migrate", verbosity=0)
    call_command("load_profile", verbosity=0)
    started = time.perf_counter()
    generate(size)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    rebuild()
    indexed = time.perf_counter() - started
    settle()
    resolve = {
        "topic": lambda v: Topic.objects.get(slug=v),
        "municipality": lambda v: Municipality.objects.get(slug=v),
        "language": lambda v: Language.objects.get(code=v),
        "target_group": lambda v: TargetGroup.objects.get(slug=v),
        "free": lambda v: v,
    }
    queries = [
        Query(text=text, lang=lang, **{k: resolve[k](v) for k, v in filters.items()})
        for text, filters, lang in QUERIES
    ]
    search_ms, page_ms, hits = [], [], []
    for query in queries:
        search(query, with_facets=False)  # warm: the first run of a query reads from disk
        for _ in range(REPEAT):
            started = time.perf_counter()
            result = search(query, with_facets=False)
            search_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            search(query, with_facets=True)  # what the results page asks for
            page_ms.append((time.perf_counter() - started) * 1000)
        hits.append(f"{result.total}+" if result.capped else result.total)
    return {
        "size": size,
        "generated_s": round(generated, 1),
        "indexed_s": round(indexed, 1),
        "search_ms": search_ms,
        "page_ms": page_ms,
        "hits": hits,
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(backend: str, size: int, server: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",  # as in production (debug mode logs every query)
        "DJANGO_HTTPS": "false",
        "SITE_URL": "http://127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
    }
    with tempfile.TemporaryDirectory() as folder:
        if backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
            name = None
        else:
            name = f"bench_search_{os.getpid()}_{size}"
            subprocess.run(
                ["psql", server + "postgres", "-qc", f"CREATE DATABASE {name}"], check=True
            )
            env["DATABASE_URL"] = server + name
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(size)],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                raise SystemExit(f"{backend} {size}: {done.stderr[-3000:]}")
            return json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            if name:
                subprocess.run(
                    ["psql", server + "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"],
                    check=False,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
    print(f"{len(QUERIES)} queries × {REPEAT} runs per size; times in milliseconds\n")
    print(
        f"{'database':<11}{'offers':>8}{'index s':>9}"
        f"{'search p50':>12}{'p95':>8}{'page p50':>10}{'p95':>8}"
    )
    for backend in args.backends:
        rows = []
        for size in args.sizes:
            row = run(backend, size, server)
            rows.append(row)
            print(
                f"{backend:<11}{size:>8}{row['indexed_s']:>9}"
                f"{percentile(row['search_ms'], 50):>12.1f}{percentile(row['search_ms'], 95):>8.1f}"
                f"{percentile(row['page_ms'], 50):>10.1f}{percentile(row['page_ms'], 95):>8.1f}",
                flush=True,
            )
        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            growth = percentile(last["search_ms"], 95) / percentile(first["search_ms"], 95)
            page = percentile(last["page_ms"], 95) / percentile(first["page_ms"], 95)
            print(
                f"{backend}: p95 growth {last['size']}/{first['size']} offers: "
                f"search {growth:.2f}×, page {page:.2f}×"
            )
        print(f"{backend}: hits per query at {rows[-1]['size']}: {rows[-1]['hits']}\n")


if __name__ == "__main__":
    main()
