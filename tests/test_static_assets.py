"""The generated static files are current: `static/css/kern.css` (make css) keeps every KERN
class the templates and scripts use, and the Fira Sans pieces (make fonts) cover the
portal's languages."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERN = ROOT / "static" / "vendor" / "kern" / "kern.min.css"
PURGED = ROOT / "static" / "css" / "kern.css"
CLASS = re.compile(r"kern-[a-z0-9_]+(?:-[a-z0-9_]+)*(?:--[a-z0-9_-]+)?")


def selectors(css: str) -> set[str]:
    return set(re.findall(r"\.(kern-[a-zA-Z0-9_-]+)", css))


def used_classes() -> set[str]:
    used = set()
    for pattern in ("templates/**/*.html", "static/js/*.js", "portal/**/*.py"):
        for path in ROOT.glob(pattern):
            used.update(CLASS.findall(path.read_text(encoding="utf-8")))
    return used


def test_the_purged_kern_css_keeps_every_class_the_portal_uses():
    available, kept = selectors(KERN.read_text()), selectors(PURGED.read_text())
    missing = sorted((used_classes() & available) - kept)
    assert not missing, f"run `make css` and commit static/css/kern.css; missing: {missing}"
    assert len(kept) < len(available) / 2  # and it is purged


def test_fira_sans_pieces_cover_latin_turkish_and_cyrillic():
    css = (ROOT / "static" / "css" / "fira-sans.css").read_text()
    files = re.findall(r'url\("\.\./vendor/fonts/([^"]+)"\)', css)
    assert sorted(files) == sorted(
        f"fira-sans-{weight}-{script}.woff2"
        for weight in (400, 600)
        for script in ("latin", "latin-ext", "cyrillic")
    )
    for name in files:
        assert (ROOT / "static" / "vendor" / "fonts" / name).stat().st_size < 30_000
    assert "U+0400-045F" in css and "U+0100-02BA" in css  # Cyrillic; ğ, ş, İ of Turkish


def test_the_arabic_font_covers_arabic_and_persian_letters():
    from fontTools.ttLib import TTFont

    css = (ROOT / "static" / "css" / "fonts.css").read_text()
    for name in re.findall(r'url\("\.\./vendor/fonts/([^"]+)"\)', css):
        font = TTFont(ROOT / "static" / "vendor" / "fonts" / name)
        letters = font.getBestCmap()
        for char in "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "پچژگکی" + "۰۱۲۳۴۵۶۷۸۹" + "\u200c":
            assert ord(char) in letters, (name, char)
        assert "GSUB" in font  # the joining forms come from shaping
        assert (ROOT / "static" / "vendor" / "fonts" / name).stat().st_size < 30_000
