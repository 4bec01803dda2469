"""What the start page costs a reader on prepaid mobile data: everything it loads on a first
visit (HTML, CSS, JavaScript, fonts, images; compressed as sent), and on a repeat visit, when
the hashed static files come from the browser's cache without a request. Measured in Chromium
against the production-like server (`make serve`); nothing leaves the machine."""

import pytest

pytestmark = pytest.mark.browser

FIRST_VISIT = 120 * 1024  # bytes transferred, headers included
REPEAT_VISIT = 15 * 1024


def visit(page, url: str) -> list[tuple[str, int]]:
    """(URL, bytes on the wire) of every request the page sends until it and its fonts are
    loaded; what the browser takes from its cache is not sent."""
    finished = []

    def record(request):
        finished.append(request)

    page.on("requestfinished", record)
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", record)
    sent = []
    for request in finished:
        response = request.response()
        if response is None or response.from_service_worker:
            continue
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if size:  # nothing on the wire: from the browser's cache
            sent.append((request.url, size))
    return sent


def report(label: str, sent: list[tuple[str, int]]) -> int:
    total = sum(size for _url, size in sent)
    print(f"\n{label}: {total:,} bytes in {len(sent)} requests")
    for url, size in sorted(sent, key=lambda item: -item[1]):
        print(f"  {size:>8,}  {url.split('/', 3)[-1]}")
    return total


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_start_page_stays_within_its_weight_budget(browser, portal_url, lang):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        first = visit(page, f"{portal_url}/{lang}/")
        assert report(f"/{lang}/ first visit", first) <= FIRST_VISIT
        fonts = [url for url, _size in first if url.endswith(".woff2")]
        if lang == "de":  # Latin, and Cyrillic for the language switcher: no Arabic font
            assert any("-latin." in url for url in fonts), fonts
            assert not any("arabic" in url or "latin-ext" in url for url in fonts), fonts
        else:
            assert any("arabic" in url for url in fonts), fonts
        repeat = visit(page, f"{portal_url}/{lang}/")
        assert report(f"/{lang}/ repeat visit", repeat) <= REPEAT_VISIT
        assert [url for url, _size in repeat if "/static/" in url] == []  # all from the cache
    finally:
        context.close()
