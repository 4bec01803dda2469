"""The normal form of words is the same for documents and queries, and the German stems and
trigram similarities Python computes (for SQLite) are PostgreSQL's."""

import pytest
from django.db import connection

from portal.search.text import fold, highlight, similarity, stem, stop_words, words

PG = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares with PostgreSQL's own functions"
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Flüchtlinge", ["fluchtlinge"]),
        ("STRAẞE Straße", ["strasse", "strasse"]),
        ("Sprach-Café, 2. OG", ["sprach", "cafe", "2", "og"]),
        ("أحمد إيهينغن آمنة", ["احمد", "ايهينغن", "امنه"]),  # hamza forms, teh marbuta
        ("الْعَرَبِيَّة", ["عربيه"]),  # vowel marks and the article
        ("والمدرسة", ["مدرسه"]),
        ("ی ک", ["ي", "ك"]),  # Persian yeh and keheh as the Arabic letters
        ("می\u200cخواهم", ["ميخواهم"]),  # zero-width non-joiner
        ("\u200fدورة\u200e", ["دوره"]),  # direction marks
        ("Ёлка Їжак", ["елка", "іжак"]),
        ("İstanbul ŞEHİR", ["istanbul", "sehir"]),
        ("٢٠٢٦ ۱۲", ["2026", "12"]),  # Eastern Arabic digits
        ('\'; DROP TABLE x;-- .*[ "a" OR b*', ["drop", "table", "x", "a", "or", "b"]),
    ],
)
def test_words_are_normalised(text, expected):
    assert words(text) == expected


def test_folding_keeps_length_manageable_and_is_idempotent():
    sample = "Größe Ärzte Übung ائتلاف ﻻ ﷺ"
    assert fold(fold(sample)) == fold(sample)


def test_stop_words_are_folded():
    assert {"und", "der", "fur", "uber"} <= stop_words()


def test_highlight_marks_found_words_and_escapes_everything():
    html = highlight("<b>Deutschkurse</b> für Eltern & Kinder", ["deutschkurs"])
    assert html == "&lt;b&gt;<mark>Deutschkurse</mark>&lt;/b&gt; für Eltern &amp; Kinder"
    assert highlight("Die Flüchtlingsberatung", ["fluchtling"]) == (
        "Die <mark>Flüchtlingsberatung</mark>"
    )


@PG
@pytest.mark.parametrize(
    "word",
    [
        "fluchtlinge",
        "deutschkurse",
        "deutschkurs",
        "ehingen",
        "kindergarten",
        "beratung",
        "beratungsstelle",
        "arbeitsagentur",
        "kita",
        "mutter",
        "sprachcafe",
        "alphabetisierung",
        "unterrichtseinheiten",
        "anmeldungen",
        "wohnungssuche",
        "gesundheit",
    ],
)
def test_the_python_stem_is_postgresqls(db, word):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ts_lexize('german_stem', %s)", [word])
        (lexemes,) = cursor.fetchone()
    assert lexemes == [stem(word)]


@PG
@pytest.mark.parametrize(
    "a, b",
    [
        ("ehingn", "ehingen"),
        ("laichngen", "laichingen"),
        ("kurs", "deutschkurs"),
        ("ايهينغن", "ايهنغن"),
        ("beratung", "bewerbung"),
        ("x", "y"),
    ],
)
def test_the_python_similarity_is_pg_trgms(db, a, b):
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("SELECT similarity(%s, %s)", [a, b])
        (expected,) = cursor.fetchone()
    assert similarity(a, b) == pytest.approx(expected, abs=1e-6)
