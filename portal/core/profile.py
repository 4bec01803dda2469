"""The county profile's settings (profile.toml), read once per process."""

import tomllib
from functools import cache

from django.conf import settings


@cache
def county() -> dict:
    path = settings.BASE_DIR / "data" / settings.COUNTY_PROFILE / "profile.toml"
    with path.open("rb") as handle:
        return tomllib.load(handle)["county"]
