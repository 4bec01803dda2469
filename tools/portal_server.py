"""A real portal for browser tests and benchmarks: a fresh SQLite database with the county
profile and demo data, served by gunicorn on a free port of 127.0.0.1, as `make serve` does."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve_env(host="127.0.0.1", port=8000) -> dict:
    """The environment `make serve` gives the portal (SERVE_ENV in the Makefile): production
    settings, only HTTPS off."""
    makefile = (ROOT / "Makefile").read_text().splitlines()
    line = next(s for s in makefile if s.startswith("SERVE_ENV"))
    assignments = line.split(":=", 1)[1].replace("$(HOST)", host).replace("$(PORT)", str(port))
    return dict(pair.split("=", 1) for pair in assignments.split())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def fresh_portal(
    folder: Path, env: dict | None = None, collectstatic: bool = False, prepare: tuple = ()
):
    """Prepare a database in `folder` (and run the `prepare` commands, each a list of
    arguments, with the same environment), start gunicorn, yield its base URL, stop it."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'portal.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PAGE_CACHE_LOCATION": str(folder / "page-cache"),  # pages of this database only
        **(env or {}),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    commands = [["migrate", "-v0"], ["load_profile"], ["load_demo"]]
    if collectstatic:
        commands.append(["collectstatic", "--noinput", "-v0"])
    for command in commands:
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True)
    for command in prepare:
        subprocess.run(command, env=env, cwd=ROOT, check=True)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
