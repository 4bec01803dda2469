"""Public pages against the physical limit of the stack: a static file of similar size served
by the same gunicorn and whitenoise, in the same run.

    make bench-pages       # or: .venv/bin/python bench/pages.py [--offers 100 10000]
                           #     [--seconds 3] [--rounds 5] [--render-offers 1000]

For each size, a fresh portal (county profile, demo data and that many generated offers,
production settings as `make serve`: debug off, hashed and compressed static files) runs on
gunicorn with 2 workers on 127.0.0.1; the portals of all sizes run at once. wrk (Debian's
package) loads the start page, a topic page, a municipality page, an offer page and a search,
and the static file, asking for compressed answers as a browser does, in rounds: each target
in turn, at every size right after the other, `--rounds` times, so that a slow moment of the
machine falls on all targets and sizes alike. Printed per size are the median requests per
second, the median p99 latency and the ratio to the static file. Then, for the start page:
the bytes a phone transfers on a first and on a repeat visit (Chromium), the Lighthouse
mobile performance score (Lighthouse 12.8 from bench/node_modules, Node 20), the resident
memory of each gunicorn worker after the run, and the median time of each page in-process
without the page cache. Then how much the page rates change from the smallest size to the
others: per round, a page's rate at one size relative to the smallest, measured seconds
apart; the median over the rounds. Last, every kind of public page in-process without the
page cache, at `--render-offers` offers (median of 30, and the Python function calls per
request, which do not depend on the machine's load). Nothing leaves 127.0.0.1.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from tools.portal_server import fresh_portal, serve_env  # noqa: E402 (after the path)

PAGES = {
    "start": "/de/",
    "topic": "/de/themen/sprache/",
    "municipality": "/de/gemeinden/ehingen-donau/",
    "offer": "/de/angebote/integrationskurs-ehingen/",
    "search": "/de/suche/?q=deutschkurs",
}
SIZES = (100, 10_000)
# Every kind of public page (the demo data's entries), for the in-process times.
EVERY_PAGE = {
    **PAGES,
    "start, Arabic": "/ar/",
    "topics": "/de/themen/",
    "towns": "/de/gemeinden/",
    "town, Arabic": "/ar/gemeinden/ehingen-donau/",
    "organisation": "/de/organisationen/agentur-fuer-arbeit-ulm/",
    "search, filters": "/de/suche/?thema=sprache&gemeinde=ehingen-donau&sprache=ar",
    "map": "/de/karte/",
    "events": "/de/veranstaltungen/",
    "event": "/de/veranstaltungen/runder-tisch-11-sitzung/",
    "contacts": "/de/ansprechpartner/",
    "partners": "/de/partner/",
    "Runder Tisch": "/de/runder-tisch/",
    "Mithelfen": "/de/mithelfen/",
    "needs": "/de/mithelfen/gesuche/",
    "sign-up form": "/de/mithelfen/anmelden/",
    "further information": "/de/weitere-informationen/",
    "page": "/de/seiten/impressum/",
    "barrier report": "/de/barriere-melden/",
}


def generate(size: int) -> None:
    """Runs in a process whose environment is the fresh portal's: `size` generated offers
    besides the demo data, then the search index anew."""
    import django

    django.setup()
    from search import generate as generate_offers

    from portal.search.documents import rebuild

    generate_offers(size)
    rebuild()


def render_times(pages: dict, repeat: int = 30) -> None:
    """Runs in a process whose environment is the fresh portal's, page cache off: the median
    time Django takes for each page in-process (what a cold cache or a logged-in editor
    waits) and the Python function calls per request, printed as JSON; with the median time
    of a fixed piece of work (a template loop over 300 items) measured between the pages, as
    a gauge of how fast the machine was meanwhile."""
    import cProfile
    import pstats
    import statistics
    import time
    from urllib.parse import urlsplit

    import django

    django.setup()
    from django.conf import settings
    from django.template import Context, Engine
    from django.test import Client

    gauge = Engine().from_string("{% for x in items %}<li>{{ x.name }}</li>{% endfor %}")
    items = Context({"items": [{"name": f"Angebot {n} <&>"} for n in range(300)]})

    def gauged() -> float:
        started = time.perf_counter()
        gauge.render(items)
        return (time.perf_counter() - started) * 1000

    client = Client(HTTP_HOST=urlsplit(settings.SITE_URL).netloc)
    times, gauges = {}, []
    for name, path in pages.items():
        if client.get(path).status_code != 200:
            raise SystemExit(f"{path}: not 200")
        taken = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            taken.append((time.perf_counter() - started) * 1000)
        gauges += [gauged() for _ in range(3)]
        profile = cProfile.Profile()
        profile.runcall(client.get, path)
        times[name] = [round(statistics.median(taken), 1), pstats.Stats(profile).total_calls]
    print(json.dumps({"pages": times, "gauge": round(statistics.median(gauges), 2)}))


ACCEPT = "Accept-Encoding: gzip, deflate, br"  # as a phone's browser asks


def wrk(url: str, seconds: int) -> tuple[float, float]:
    """Requests per second and p99 latency in milliseconds (8 connections, 2 threads), asking
    for compressed answers as browsers do: whitenoise sends the static file's brotli file, the
    page cache its gzip-compressed page."""
    done = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-H", ACCEPT, url],
        capture_output=True,
        text=True,
        check=True,
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)[1])
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", done.stdout).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    if "Non-2xx" in done.stdout:
        raise SystemExit(f"{url}: answers that are not 200\n{done.stdout}")
    return rate, p99


def measure(portals: dict, seconds: int, rounds: int) -> dict:
    """wrk on each target in turn, `rounds` times; each target at every size right after the
    other, so that a slow moment of the machine falls on all sizes alike. `portals`: size →
    {name: url}. Per size and target: the median rate and the median p99; and per target the
    median over the rounds of each size's rate relative to the first size's in that round."""
    import statistics

    sizes = list(portals)
    names = list(portals[sizes[0]])
    runs = {size: {name: [] for name in names} for size in sizes}
    for _round in range(rounds):
        for name in names:
            for size in sizes:
                runs[size][name].append(wrk(portals[size][name], seconds))
    rates = {
        size: {
            name: (
                statistics.median(rate for rate, _p99 in found),
                statistics.median(p99 for _rate, p99 in found),
            )
            for name, found in runs[size].items()
        }
        for size in sizes
    }
    growth = {
        size: {
            name: statistics.median(
                runs[size][name][n][0] / runs[sizes[0]][name][n][0] for n in range(rounds)
            )
            for name in names
        }
        for size in sizes[1:]
    }
    return {"rates": rates, "growth": growth}


def rendered(env: dict, database: str, pages: dict) -> dict:
    """`render_times` in a process of its own, with the portal's environment."""
    done = subprocess.run(
        [sys.executable, __file__, "--render", json.dumps(pages)],
        env={
            **os.environ,
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database,
            "PAGE_CACHE_SECONDS": "0",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"in-process rendering failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def static_like(base: str, static_root: Path, size: int) -> str:
    """The URL of the hashed static file closest in size to `size` bytes."""
    files = [
        path
        for path in static_root.rglob("*")
        if path.is_file()
        and re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", path.name)
        and path.suffix in (".css", ".js", ".svg")
    ]
    best = min(files, key=lambda path: abs(path.stat().st_size - size))
    return f"{base}/static/{best.relative_to(static_root)}"


def workers_rss(port: int) -> list[float]:
    """Resident memory (MB) of the gunicorn workers bound to this port."""
    rows = subprocess.run(
        ["ps", "-eo", "pid=,ppid=,rss=,args="], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    processes = [row.split(None, 3) for row in rows]
    # The workers are forks of the master: all of them name the port; the master's parent not.
    serving = {pid: ppid for pid, ppid, _rss, args in processes if f"127.0.0.1:{port}" in args}
    masters = {pid for pid, ppid in serving.items() if ppid not in serving}
    return [
        round(int(rss) / 1024, 1)
        for pid, ppid, rss, _args in processes
        if pid in serving and ppid in masters
    ]


def transferred(url: str) -> tuple[int, int]:
    """Bytes (bodies as sent and headers) of a first and a repeat visit on a phone."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from test_page_weight import visit

    from conftest import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        first = sum(size for _url, size in visit(page, url))
        repeat = sum(size for _url, size in visit(page, url))
        browser.close()
    return first, repeat


def performance_score(url: str, folder: Path) -> int | None:
    if not shutil.which("node"):
        return None
    from lighthouse_a11y import BENCH, lighthouse

    if not (BENCH / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BENCH, check=True
        )
    return lighthouse(url, folder / "lighthouse.json")["perf"]


def _portal(folder: Path, size: int):
    """The environment, database and `fresh_portal` of a portal with `size` offers."""
    env = {
        **serve_env(),
        "DJANGO_SECRET_KEY_FILE": str(folder / "secret_key"),
        "STATIC_ROOT": str(folder / "static"),
    }
    prepare = [[sys.executable, __file__, "--generate", str(size)]]
    database = f"sqlite:///{folder / 'portal.sqlite3'}"  # as fresh_portal makes it
    return env, database, fresh_portal(folder, env, collectstatic=True, prepare=prepare)


def render_every_page(size: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env, database, portal = _portal(Path(tmp), size)
        with portal:
            return rendered(env, database, EVERY_PAGE)


def run(sizes: list, seconds: int, rounds: int) -> tuple[list, dict]:
    """A portal for each size, all running at once; wrk on all of them in rounds (`measure`),
    then each one's page weight, memory, Lighthouse score and in-process times."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        portals = {}
        for size in sizes:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            env, database, portal = _portal(folder, size)
            base = stack.enter_context(portal)
            targets = {name: base + path for name, path in PAGES.items()}
            for url in targets.values():
                subprocess.run(["curl", "-sf", "-o", "/dev/null", url], check=True)
            html = subprocess.run(
                ["curl", "-sf", base + PAGES["start"]], capture_output=True, check=True
            ).stdout
            static = static_like(base, folder / "static", len(html))
            portals[size] = {
                "base": base,
                "folder": folder,
                "env": env,
                "database": database,
                "targets": {**targets, "static": static},
                "static": static.split("/static/", 1)[1],
                "html": len(html),
            }
        measured = measure(
            {size: portal["targets"] for size, portal in portals.items()}, seconds, rounds
        )
        results = []
        for size, portal in portals.items():
            base = portal["base"]
            first, repeat = transferred(base + PAGES["start"])
            results.append(
                {
                    "size": size,
                    "rates": measured["rates"][size],
                    "static": portal["static"],
                    "html": portal["html"],
                    "first": first,
                    "repeat": repeat,
                    "memory": workers_rss(int(base.rsplit(":", 1)[1])),
                    "score": performance_score(base + PAGES["start"], portal["folder"]),
                    "render": rendered(portal["env"], portal["database"], PAGES)["pages"],
                }
            )
    return results, measured["growth"]


def report(result: dict, seconds: int, rounds: int) -> None:
    size = result["size"]
    static_rate = result["rates"]["static"][0]
    print(
        f"\ndemo data + {size:,} generated offers; wrk {seconds} s × {rounds} "
        "rounds, 8 connections; medians"
    )
    print(f"{'page':<14}{'req/s':>9}{'p99 ms':>9}{'× static':>10}")
    for name, (rate, p99) in result["rates"].items():
        print(f"{name:<14}{rate:>9.0f}{p99:>9.1f}{rate / static_rate:>10.3f}")
    print(f"static file: {result['static']} (start page HTML: {result['html']:,} bytes)")
    print(
        f"start page transferred: first visit {result['first']:,} bytes, "
        f"repeat visit {result['repeat']:,} bytes"
    )
    print(f"gunicorn workers' resident memory: {', '.join(map(str, result['memory']))} MB")
    print(
        "in-process median without the page cache (ms): "
        + ", ".join(f"{name} {ms}" for name, (ms, _calls) in result["render"].items())
    )
    if result["score"] is not None:
        print(f"Lighthouse mobile performance, start page: {result['score']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offers", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seconds", type=int, default=3, help="per target and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--render-offers", type=int, default=1000, help="0: no such run")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--render", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate is not None:
        generate(args.generate)
        return
    if args.render:
        render_times(json.loads(args.render))
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: run `make bench-pages`, which installs it")
    results, growth = run(args.offers, args.seconds, args.rounds)
    for result in results:
        report(result, args.seconds, args.rounds)
    for size, ratios in growth.items():
        first = args.offers[0]
        print(
            f"\npage rates at {size:,} offers relative to {first:,} "
            "(median over the rounds of the rates measured one after the other):"
        )
        for name, ratio in ratios.items():
            print(f"  {name:<14}{ratio:.2f}×")
    if args.render_offers:
        measured = render_every_page(args.render_offers)
        times = measured["pages"]
        print(
            f"\nevery public page in-process without the page cache, demo data + "
            f"{args.render_offers:,} generated offers (median of 30; Python calls per request):"
        )
        for name, (ms, calls) in times.items():
            print(f"  {name:<22}{ms:>7.1f} ms{calls:>9,} calls")
        slowest = max(times.items(), key=lambda item: item[1][0])
        print(f"  slowest: {slowest[0]}, {slowest[1][0]} ms")
        print(
            f"  gauge of the machine meanwhile: {measured['gauge']} ms for a template loop over"
            " 300 items (median; the same work takes longer when the machine is slower)"
        )


if __name__ == "__main__":
    main()
