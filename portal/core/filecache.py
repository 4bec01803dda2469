"""Django's file-based cache, counting its files less often.

Django's `FileBasedCache` lists its whole directory on every write, to remove entries once
there are more than `MAX_ENTRIES`. The page cache writes a small file per tag it clears (an
offer, a contact, a town …): with some thousand such files, each write took milliseconds,
and a bulk change (1,000 offers deleted, each clearing its tags) took over a minute. This
cache counts its files once every `CULL_EVERY` writes of a process (an option, 200 by
default), so the directory may hold that many entries per worker over `MAX_ENTRIES` before
they are culled as Django culls them."""

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        options = dict(params.get("OPTIONS", {}))
        self.cull_every = max(int(options.pop("CULL_EVERY", 200)), 1)
        super().__init__(dir, {**params, "OPTIONS": options})
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % self.cull_every == 0:
            super()._cull()
