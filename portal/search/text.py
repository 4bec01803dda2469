"""One normal form of text for documents and queries, whatever the database.

Both sides go through `words()`: case folded, accents and vowel marks removed (so "Fluchtlinge"
finds "Flüchtlinge" and إيهينغن finds ايهينغن), Arabic and Persian letter variants unified,
invisible direction marks dropped. German words are then stemmed with the Snowball algorithm that
PostgreSQL's `german` configuration uses, so SQLite finds what PostgreSQL finds.
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_CHARS = 200  # longer queries are cut (and the reader is told)
MAX_WORDS = 8
MIN_WORD = 2

# Letters written differently in Arabic and Persian, and Eastern Arabic digits.
_LETTERS = str.maketrans(
    {
        "ى": "ي",  # alef maksura
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian keheh
        "ة": "ه",  # teh marbuta
        "ـ": None,  # tatweel (stretching)
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)
_WORD = re.compile(r"[^\W_]+")
# The Arabic article and the particles written together with it.
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a]")


def fold(text: str) -> str:
    """Lower case without accents, vowel marks or invisible formatting characters."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(
        char
        for char in unicodedata.normalize("NFD", text)
        # Mn: accents, umlaut dots, Arabic vowel marks and hamza; Cf: ZWNJ, direction marks.
        if unicodedata.category(char) not in ("Mn", "Cf")
    )
    return unicodedata.normalize("NFC", text).translate(_LETTERS)


def _without_article(word: str) -> str:
    if _ARABIC_LETTER.match(word):
        for article in _ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 3:
                return word[len(article) :]
    return word


def words(text: str) -> list[str]:
    """The words of `text` in normal form, in order."""
    return [_without_article(word) for word in _WORD.findall(fold(text or ""))]


def as_indexed(text: str) -> str:
    """`text` as the index stores it: normal-form words separated by spaces."""
    return " ".join(words(text))


@cache
def stop_words() -> frozenset[str]:
    path = Path(__file__).with_name("german_stopwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line) for line in lines if line and not line.startswith("#"))


_stemmer = snowballstemmer.stemmer("german")


@lru_cache(maxsize=100_000)  # the same words recur in every document; stemming is slow
def stem(word: str) -> str:
    """The German stem, as PostgreSQL's `german` configuration computes it."""
    return _stemmer.stemWord(word)


def stemmed(text: str) -> str:
    return " ".join(stem(word) for word in text.split())


def trigrams(word: str) -> set[str]:
    """The trigrams of a word as PostgreSQL's pg_trgm counts them (two spaces before, one
    after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of both words."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second)


@lru_cache(maxsize=100_000)  # a results page folds some 200 words, most of them seen before
def _normal_word(word: str) -> str:
    return _without_article(fold(word))


@lru_cache(maxsize=100_000)  # the words of a results page, most of them seen before
def _marked(word: str, terms: tuple) -> bool:
    """Whether `highlight` marks this word for these terms."""
    normal = _normal_word(word)
    return any(normal.startswith(t) for t in terms) or any(
        stem(normal).startswith(stem(t)) for t in terms
    )


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text`, escaped, with the words that a query found in <mark>: a word whose normal form
    starts with one of `terms`, or whose German stem starts with a term's stem."""
    if not text or not terms:
        return escape(text or "")
    terms = tuple(terms)
    parts, end = [], 0
    for match in _WORD.finditer(text):
        if _marked(match.group(), terms):
            parts.append(escape(text[end : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            end = match.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))  # every piece of `text` went through escape()
