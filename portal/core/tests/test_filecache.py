"""The page cache's file cache counts its files once every so many writes, not on each one
(listing thousands of files made a bulk change take minutes), and still culls them."""

from portal.core.filecache import FileCache


def test_files_are_counted_once_every_so_many_writes_and_culled(tmp_path, monkeypatch):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_EVERY": 5}})
    listed = []
    original = FileCache._list_cache_files
    monkeypatch.setattr(
        FileCache, "_list_cache_files", lambda self: listed.append(1) or original(self)
    )
    for n in range(50):
        cache.set(f"tag-{n}", n, timeout=None)
    assert len(listed) == 10  # Django's lists the directory 50 times
    assert len(list(tmp_path.glob("*.djcache"))) <= 10 + 5
    assert cache.get("tag-49") == 49
    cache.set_many({f"many-{n}": n for n in range(20)}, timeout=None)
    assert len(listed) == 14
    assert cache.get("many-19") == 19


def test_the_default_culls_as_django_does(tmp_path):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 300}})
    assert cache.cull_every == 200
    assert cache._max_entries == 300
    cache.set("a", "b")
    assert cache.get("a") == "b"
