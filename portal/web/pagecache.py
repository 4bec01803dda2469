"""Whole public pages cached for anonymous readers until something they show changes.

A view names what its page shows (`shows(request, "offers", f"offer:{pk}", …)`); the page is
kept in the shared cache (local memory per process by default, Redis when configured) under its
path, which carries the language, and the query string. Each name ("tag") has a version in the
cache; saving, deleting or relating an entry sets new versions for the tags it appears under
(`portal.web.signals`), and a cached page whose tags have other versions than when it was
stored is rendered anew. So an edit clears exactly the pages that show it, in every worker and
on every machine that shares the cache. Most requests need one read: a page kept since the last
edit of all is current without comparing its tags. A process also keeps the pages it answered
lately (`PAGE_CACHE_RECENT_BYTES`); for those the one read is the edit token alone.

A kept page is compressed (gzip) once, when it is kept, and sent so to readers who accept it.

Only answers that are the same for everybody are kept: GET or HEAD without cookies other than
the CSRF cookie (no logged-in partner, no message), status 200, no cookie set, no CSRF token
used, not private. Pages also expire after `PAGE_CACHE_SECONDS`, for what changes with time
alone (upcoming events). The cache key includes a digest of the templates and translation
catalogues, so a deployment with new interface texts starts afresh.
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers, set_response_etag
from django.utils.text import compress_string

EDITS = "page-tags:edits"  # changes with every edit: a page rendered meanwhile is not kept
FORMAT = 2  # of a kept entry: part of its key, so that a new format never reads an old one
HEADER = "X-Page-Cache"


def shows(request, *tags: str) -> None:
    """Mark the page of this request as cacheable, showing these tags."""
    if not hasattr(request, "page_tags"):
        request.page_tags = set()
    request.page_tags.update(tags)


def _tag_key(tag: str) -> str:
    return f"page-tag:{tag}"


def touch(tags) -> None:
    """Something shown under these tags changed: the pages that show them are out of date."""
    tags = set(tags)
    if not tags or not settings.PAGE_CACHE_SECONDS:
        return
    token = uuid.uuid4().hex  # a new version; never one seen before, even after an eviction
    values = {_tag_key(tag): token for tag in tags}
    values[EDITS] = token
    caches[settings.PAGE_CACHE_ALIAS].set_many(values, timeout=None)


def _deployment() -> str:
    """A digest of what renders the pages besides the data: templates and translations."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = sorted([*base.glob("templates/**/*.html"), *base.glob("locale/*/LC_MESSAGES/*.mo")])
    for path in files:
        stat = path.stat()
        digest.update(f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.deployment = _deployment()
        self.recent = Recent(settings.PAGE_CACHE_RECENT_BYTES)

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not self._cacheable_request(request):
            return self.get_response(request)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        key = f"page{FORMAT}:{self.deployment}:{request.get_full_path()}"
        recent = self.recent.get(key)
        if recent is not None:  # read here lately: current if no edit happened since
            edits = cache.get(EDITS)
            entry = recent if recent[2] == edits and recent[3] > time.time() else cache.get(key)
        else:
            found = cache.get_many([key, EDITS])  # one round trip to Redis
            edits, entry = found.get(EDITS), found.get(key)
        if entry is not None:
            entry = self._current(cache, key, entry, edits)
        if entry is not None:
            self.recent.put(key, entry)
            return self._kept(request, entry)
        response = self.get_response(request)
        tags = getattr(request, "page_tags", None)
        if tags and self._cacheable_response(request, response):
            tags = {*tags, "county"}  # every page shows the county's name
            keys = {tag: _tag_key(tag) for tag in tags}
            now = cache.get_many([*keys.values(), EDITS])
            if now.get(EDITS) == edits:  # no edit while the page was rendered
                versions = {tag: now.get(keys[tag]) for tag in tags}
                set_response_etag(response)  # kept with it, not computed on every hit
                headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
                seconds = settings.PAGE_CACHE_SECONDS
                entry = (sorted(tags), versions, edits, time.time() + seconds)
                entry += (response.status_code, headers, response.content)
                entry += (_compressed(response),)
                cache.set(key, entry, seconds)
                response.headers[HEADER] = "miss"
        return response

    @staticmethod
    def _kept(request, entry: tuple) -> HttpResponse:
        """The kept page, compressed when it was worth it and the reader accepts it: the page
        is compressed once when it is kept, not on every read (GZipMiddleware leaves an
        answer with a Content-Encoding alone)."""
        _tags, _versions, _edits, _expires, status, headers, content, compressed = entry
        gzip = compressed and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        response = HttpResponse(compressed if gzip else content, status=status)
        for name, value in headers:
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(response.content))
        if compressed:
            patch_vary_headers(response, ("Accept-Encoding",))
        if gzip:
            response.headers["Content-Encoding"] = "gzip"
            etag = response.get("ETag", "")
            if etag.startswith('"'):  # as GZipMiddleware does: the compressed body differs
                response.headers["ETag"] = f"W/{etag}"
        response.headers[HEADER] = "hit"
        return response

    @staticmethod
    def _current(cache, key: str, entry: tuple, edits) -> tuple | None:
        """The entry if nothing the page shows changed since it was kept: certainly so when no
        edit happened at all (the common case, one read); otherwise its tags are compared, and
        a page still current is marked as checked against this edit."""
        tags, versions, checked, expires, *response = entry
        if checked == edits:
            return entry
        current = cache.get_many([_tag_key(tag) for tag in tags])
        if any(current.get(_tag_key(tag)) != versions.get(tag) for tag in tags):
            return None
        entry = (tags, versions, edits, expires, *response)
        remaining = expires - time.time()
        if remaining > 1:
            cache.set(key, entry, remaining)
        return entry

    @staticmethod
    def _cacheable_request(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        return all(name == settings.CSRF_COOKIE_NAME for name in request.COOKIES)

    @staticmethod
    def _cacheable_response(request, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_USED")
            and "private" not in cache_control
            and "no-store" not in cache_control
        )


class Recent:
    """The pages a process answered lately, up to a number of bytes, least recently used out
    first. An entry here is as good as the shared one while no edit has happened since it was
    checked, so a hit reads only the edit token from the shared cache, not the whole page."""

    def __init__(self, limit: int):
        self.limit, self.size, self.entries = limit, 0, OrderedDict()
        self.lock = threading.Lock()  # for threaded workers

    @staticmethod
    def _bytes(entry: tuple) -> int:
        return len(entry[6]) + len(entry[7] or b"")

    def get(self, key: str) -> tuple | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= self._bytes(old)
            if self._bytes(entry) > self.limit // 4:  # one page may not push out all others
                return
            self.entries[key] = entry
            self.size += self._bytes(entry)
            while self.size > self.limit:
                _key, oldest = self.entries.popitem(last=False)
                self.size -= self._bytes(oldest)


def _compressed(response) -> bytes | None:
    """The page gzip-compressed, if that makes it shorter, as GZipMiddleware would send it but
    without its random padding: the padding hides secrets (a CSRF token) from BREACH, and a
    kept page holds none (see `_cacheable_response`)."""
    if len(response.content) < 200 or response.has_header("Content-Encoding"):
        return None
    compressed = compress_string(response.content)
    return compressed if len(compressed) < len(response.content) else None
