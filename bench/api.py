"""Speed of the open-data API over HTTP, at 100 and 1,000 published offers.

    make bench-api          # or: .venv/bin/python bench/api.py [--sizes 100 1000]

For each size a fresh SQLite database gets the county profile and generated offers, each with
a location and a contact and its texts in five languages; gunicorn serves it with two workers
and production settings on 127.0.0.1, as `make serve` does. Printed per size: median and p95
of the whole service list in one language as NDJSON (`format=ndjson&full=true`) and of a
page of 50 services, each also as a multiple of the health check's time in the same run (the
baseline: the same server answering without the database), and the number of SQL queries
each request runs (counted in-process on the same database: the first request, which encodes
every service and puts it in the cache, and the next, which takes them from there). Nothing
leaves 127.0.0.1.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.portal_server import free_port, serve_env  # noqa: E402

SIZES = (100, 1_000)
RUNS = 30
REQUESTS = {
    "full list (ndjson)": "/api/hsds/services?format=ndjson&full=true&lang=en",
    "page of 50": "/api/hsds/services?per_page=50&full=true&lang=en",
}
BASELINE = "/healthz"
LANGS = ("de", "en", "ar", "uk", "tr")


def generate(size: int) -> None:
    """`size` published offers, each with a location and a contact, texts in five languages."""
    from django.utils import timezone

    from portal.directory.models import (
        Contact,
        Language,
        Location,
        Municipality,
        Offer,
        Organisation,
        OrganisationKind,
        Topic,
    )

    places = list(Municipality.objects.order_by("pk"))
    kind = OrganisationKind.objects.get(slug="verein")
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Verein {n}", slug=f"bench-verein-{n}", kind=kind) for n in range(50)
    )
    now = timezone.now()
    texts = {
        lang: {
            f"title_{lang}": f"Kurs {{n}} ({lang})",
            f"summary_{lang}": f"Kurz erklärt ({lang}).",
            f"description_{lang}": f"Eine längere Beschreibung des Angebots ({lang}). " * 4,
        }
        for lang in LANGS
    }
    offers = Offer.objects.bulk_create(
        Offer(
            organisation=orgs[n % len(orgs)],
            slug=f"bench-{n}",
            status=Offer.Status.PUBLISHED,
            published_at=now,
            last_verified_at=now,
            schedule_de="Montags 9 bis 12 Uhr",
            **{k: v.format(n=n) for lang in LANGS for k, v in texts[lang].items()},
        )
        for n in range(size)
    )
    locations = Location.objects.bulk_create(
        Location(
            organisation=o.organisation,
            name=f"Treffpunkt {n}",
            street=f"Hauptstraße {n}",
            postcode=places[n % len(places)].postcode,
            city=places[n % len(places)].name,
            municipality=places[n % len(places)],
            latitude=places[n % len(places)].latitude,
            longitude=places[n % len(places)].longitude,
        )
        for n, o in enumerate(offers)
    )
    contacts = Contact.objects.bulk_create(
        Contact(
            organisation=o.organisation,
            name=f"Beratung {n}",
            kind=Contact.Kind.COUNSELLING,
            email=f"beratung{n}@example.org",
            phone="0731 000000",
        )
        for n, o in enumerate(offers)
    )
    topic = Topic.objects.get(slug="sprache")
    german = Language.objects.get(code="de")
    Offer.locations.through.objects.bulk_create(
        Offer.locations.through(offer=o, location=p) for o, p in zip(offers, locations, strict=True)
    )
    Offer.contacts.through.objects.bulk_create(
        Offer.contacts.through(offer=o, contact=c) for o, c in zip(offers, contacts, strict=True)
    )
    Offer.topics.through.objects.bulk_create(
        Offer.topics.through(offer=o, topic=topic) for o in offers
    )
    Offer.languages.through.objects.bulk_create(
        Offer.languages.through(offer=o, language=german) for o in offers
    )
    Offer.municipalities.through.objects.bulk_create(
        Offer.municipalities.through(offer=o, municipality=places[n % len(places)])
        for n, o in enumerate(offers)
    )


def prepare(size: int) -> dict:
    """In the child process: database, offers, and the queries each request runs."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("load_profile", verbosity=0)
    generate(size)
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, path in REQUESTS.items():
        for state in ("first", "again"):  # building the cache, then from it
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
            assert response.status_code == 200, body[:300]
            counts[f"{name} {state}"] = len(queries)
    return counts


def timed(url: str, runs: int) -> list[float]:
    for _ in range(3):  # warm: both workers, the database's pages
        urllib.request.urlopen(url).read()  # noqa: S310 (loopback)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        urllib.request.urlopen(url).read()  # noqa: S310 (loopback)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(size: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        env = {
            **os.environ,
            **serve_env(port=port),
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "DJANGO_SECRET_KEY_FILE": f"{folder}/secret_key",
            "STATIC_ROOT": f"{folder}/static",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT),
        }
        done = subprocess.run(
            [sys.executable, __file__, "--prepare", str(size)],
            env=env, cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode:
            raise SystemExit(f"{size}: {done.stderr[-3000:]}")
        counts = json.loads(done.stdout.strip().splitlines()[-1])
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _attempt in range(100):
                try:
                    urllib.request.urlopen(base + BASELINE, timeout=1)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.1)
            result = {"size": size, "baseline": timed(base + BASELINE, runs), "queries": counts}
            for name, path in REQUESTS.items():
                result[name] = timed(base + path, runs)
            return result
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.prepare)))
        return
    print(f"gunicorn, 2 workers, SQLite; {args.runs} requests each; times in milliseconds\n")
    print(
        f"{'offers':>7}  {'request':<20}{'median':>9}{'p95':>9}{'× baseline':>12}"
        f"{'queries (first/again)':>23}"
    )
    results = []
    for size in args.sizes:
        row = measure(size, args.runs)
        results.append(row)
        base = statistics.median(row["baseline"])
        print(f"{size:>7}  {'baseline (healthz)':<20}{base:>9.1f}{p95(row['baseline']):>9.1f}"
              f"{1:>12.1f}{'0/0':>23}")  # fmt: skip
        for name in REQUESTS:
            median = statistics.median(row[name])
            queries = f"{row['queries'][name + ' first']}/{row['queries'][name + ' again']}"
            print(f"{size:>7}  {name:<20}{median:>9.1f}{p95(row[name]):>9.1f}"
                  f"{median / base:>12.1f}{queries:>23}", flush=True)  # fmt: skip
    if len(results) > 1:
        first, last = results[0], results[-1]
        for name in first["queries"]:
            same = first["queries"][name] == last["queries"][name]
            print(f"{name}: queries at {first['size']} and {last['size']} offers: "
                  f"{first['queries'][name]} and {last['queries'][name]}"
                  f" ({'the same' if same else 'NOT the same'})")  # fmt: skip
        full = statistics.median(last["full list (ndjson)"])
        print(f"full list of {last['size']}: median {full:.1f} ms (target: under 100 ms)")


if __name__ == "__main__":
    main()
