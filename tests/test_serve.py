"""`make serve` is production-like: debug off, hashed and compressed static files, the portal's
own error pages. The served portal runs gunicorn with the environment the Makefile gives it
(root conftest.py)."""

import re
import urllib.error
import urllib.request


def fetch(url: str, method="GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serve_answers_with_debug_off_and_hashed_compressed_static_files(served_portal):
    status, headers, body = fetch(f"{served_portal}/de/")
    assert status == 200
    stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body.decode())
    assert stylesheet, "static files are not hashed"
    status, headers, _body = fetch(
        served_portal + stylesheet[1], headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_serve_shows_the_portals_error_page_not_a_debug_page(served_portal):
    status, _headers, body = fetch(f"{served_portal}/de/gibt-es-nicht/")
    assert status == 404
    assert "Seite nicht gefunden" in body.decode()
    assert "URLconf" not in body.decode()  # Django's debug page lists the URL patterns


def test_serve_answers_head(served_portal):
    status, _headers, body = fetch(f"{served_portal}/de/", method="HEAD")
    assert status == 200 and body == b""
