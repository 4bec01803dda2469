"""Lighthouse accessibility scores (target: 100) for the start, topic, municipality and
offer pages, in German and Arabic, against a freshly prepared portal served by gunicorn.

    make bench          # or: .venv/bin/python bench/lighthouse_a11y.py

Needs Node 20 and npm (installs Lighthouse 12.8 into bench/node_modules) and Debian's
Chromium. Slow (about 10 s per page), so it is not part of CI.
Each run also prints the performance score and page weight as a baseline for comparison.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.portal_server import fresh_portal, serve_env

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PAGES = {
    "Startseite": "/{lang}/",
    "Thema": "/{lang}/themen/sprache/",
    "Gemeinde": "/{lang}/gemeinden/ehingen-donau/",
    "Angebot": "/{lang}/angebote/integrationskurs-ehingen/",
}


def lighthouse(url: str, out: Path) -> dict:
    binary = BENCH / "node_modules" / ".bin" / "lighthouse"
    # Lighthouse sometimes fails to record the trace (NO_NAVSTART); it says to run it again.
    for attempt in range(3):
        done = subprocess.run(
            [
                str(binary),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                "--only-categories=accessibility,performance,best-practices,seo",
                "--form-factor=mobile",
                "--screenEmulation.mobile",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
                "--disable-background-networking --disable-component-update --no-first-run",
            ],
            env={**os.environ, "CHROME_PATH": shutil.which("chromium") or ""},
        )
        if done.returncode == 0:
            break
        if attempt == 2:
            raise SystemExit(f"Lighthouse failed three times on {url}")
    report = json.loads(out.read_text())
    return {
        "a11y": round(report["categories"]["accessibility"]["score"] * 100),
        "perf": round(report["categories"]["performance"]["score"] * 100),
        "bp": round(report["categories"]["best-practices"]["score"] * 100),
        "seo": round(report["categories"]["seo"]["score"] * 100),
        "kb": round(report["audits"]["total-byte-weight"]["numericValue"] / 1024),
        "failed": [
            a["id"]
            for a in report["audits"].values()
            if a.get("score") == 0
            and a["id"] in {r["id"] for r in report["categories"]["accessibility"]["auditRefs"]}
        ],
    }


def main() -> int:
    if not (BENCH / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BENCH, check=True
        )
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **serve_env(),  # as `make serve`: production settings, HTTPS off
            "DJANGO_SECRET_KEY_FILE": str(Path(tmp) / "secret_key"),
            "STATIC_ROOT": str(Path(tmp) / "static"),
        }
        with fresh_portal(Path(tmp), env, collectstatic=True) as base:
            print(f"{'Seite':<12}{'Sprache':<8}{'A11y':>5}{'Perf':>6}{'BP':>5}{'SEO':>5}{'KB':>6}")
            worst = 100
            for name, pattern in PAGES.items():
                for lang in ("de", "ar"):
                    result = lighthouse(base + pattern.format(lang=lang), Path(tmp) / "r.json")
                    worst = min(worst, result["a11y"])
                    print(
                        f"{name:<12}{lang:<8}{result['a11y']:>5}{result['perf']:>6}"
                        f"{result['bp']:>5}{result['seo']:>5}{result['kb']:>6}"
                        + (f"  failed: {', '.join(result['failed'])}" if result["failed"] else "")
                    )
            print(f"lowest accessibility score: {worst} (target 100)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
