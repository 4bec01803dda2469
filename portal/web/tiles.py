"""Map tiles through the portal: fetched once from the configured tile server, kept on disk
for MAP_TILE_MAX_AGE_DAYS, and only for the county's area (not an open proxy)."""

import logging
import math
import os
import tempfile
import time
import urllib.request
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Min

from portal.directory.models import Municipality

log = logging.getLogger(__name__)
MARGIN = 0.2  # degrees around the outermost municipalities
TIMEOUT = 5


@cache
def _area() -> tuple[float, float, float, float] | None:
    """South, west, north, east of the county (from its municipalities), with a margin."""
    box = Municipality.objects.aggregate(
        south=Min("latitude"), north=Max("latitude"), west=Min("longitude"), east=Max("longitude")
    )
    if box["south"] is None:
        return None
    return (
        float(box["south"]) - MARGIN,
        float(box["west"]) - MARGIN,
        float(box["north"]) + MARGIN,
        float(box["east"]) + MARGIN,
    )


def _tile_of(lat: float, lon: float, z: int) -> tuple[int, int]:
    """The x, y of the tile containing a point (Web Mercator, as OpenStreetMap numbers them)."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def in_area(z: int, x: int, y: int) -> bool:
    area = _area()
    if area is None or not settings.MAP_MIN_ZOOM <= z <= settings.MAP_MAX_ZOOM:
        return False
    south, west, north, east = area
    x_min, y_min = _tile_of(north, west, z)
    x_max, y_max = _tile_of(south, east, z)
    return x_min <= x <= x_max and y_min <= y <= y_max


def tile(z: int, x: int, y: int) -> bytes | None:
    """The tile's PNG: from the cache while it is fresh, else from the tile server; a stale
    copy when the server does not answer; None if there is none at all."""
    path = Path(settings.MAP_TILE_CACHE) / str(z) / str(x) / f"{y}.png"
    max_age = settings.MAP_TILE_MAX_AGE_DAYS * 86400
    if path.exists() and time.time() - path.stat().st_mtime < max_age:
        return path.read_bytes()
    url = settings.MAP_TILE_URL.format(z=z, x=x, y=y)
    if not url.startswith(("http://", "https://")):
        return None
    request = urllib.request.Request(  # noqa: S310 (the operator's tile server, http or https)
        url, headers={"User-Agent": f"Integrationsportal ({settings.SITE_URL})"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            data = response.read(1_000_000)
            if response.status != 200 or not data.startswith(b"\x89PNG"):
                raise ValueError(f"no PNG (status {response.status})")
    except (OSError, ValueError) as exc:
        log.warning("Map tile %s/%s/%s not available: %s", z, x, y, exc)
        return path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)  # readers see the old tile or the new one, never half
    return data
