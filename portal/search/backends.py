"""The database's own full-text search behind one interface.

PostgreSQL: a `tsvector` column per language, generated from the document's text columns
(`german` configuration for German, `simple` for the others), each with a GIN index in two
parts (see `Postgres.parts`); typo candidates through pg_trgm. SQLite: an FTS5 table with the
same columns, German words stemmed in Python with the same Snowball stemmer; typo candidates
through a trigram table. Both get the same words (`text.words`), so they find the same
entries.

The filters' words (`SearchDocument.facets`) are indexed too: a `text[]` column with a GIN index
on PostgreSQL, a column of the FTS5 table on SQLite. A filter is then one more condition on the
index, never a join over the offers' relations.
"""

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.db import DatabaseError, connection

from .models import LANGUAGES, TEXT_COLUMNS, SearchDocument
from .text import stem

FTS_TABLE = "search_fts"
TERMS_TABLE = "search_terms_fts"
DOCS = SearchDocument._meta.db_table
FTS_COLUMNS = (*TEXT_COLUMNS, "facets")
FUZZY_CANDIDATES = 30


# Each word of a query scores by where it is found: in the title 4, in the summary 2,
# elsewhere 1. Computed the same way on every database, so both order results alike.
FIELD_SCORES = (("a", 4), ("ab", 2))


@dataclass
class Match:
    """SQL that finds and scores the documents for a query: `source` joins what `where` and
    `score` read; each comes with its parameters."""

    source: str
    where: str
    params: list
    score: str
    score_params: list


class Postgres:
    vendor = "postgresql"
    indexes_terms = False  # pg_trgm's index on the term column does it

    @staticmethod
    def install(schema_editor) -> None:
        execute = schema_editor.execute
        execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for lang in LANGUAGES:
            config = "german" if lang == "de" else "simple"
            parts = " || ".join(
                f"setweight(to_tsvector('{config}'::regconfig, {lang}_{w}), '{w.upper()}')"
                for w in ("a", "b", "c")
            )
            execute(
                f"ALTER TABLE {DOCS} ADD COLUMN vector_{lang} tsvector "
                f"GENERATED ALWAYS AS ({parts}) STORED"
            )
            execute(f"CREATE INDEX search_vector_{lang} ON {DOCS} USING gin (vector_{lang})")
        execute("CREATE INDEX search_term_trgm ON search_searchterm USING gin (term gin_trgm_ops)")

    @staticmethod
    def install_facets(schema_editor) -> None:
        schema_editor.execute(
            f"ALTER TABLE {DOCS} ADD COLUMN facet_words text[] "
            "GENERATED ALWAYS AS (string_to_array(facets, ' ')) STORED"
        )
        schema_editor.execute(f"CREATE INDEX search_facet_words ON {DOCS} USING gin (facet_words)")

    @staticmethod
    def uninstall_facets(schema_editor) -> None:
        schema_editor.execute(f"ALTER TABLE {DOCS} DROP COLUMN IF EXISTS facet_words")

    # The text indexes come in two parts: a quarter of the documents (every fourth run of 64
    # ids, so that they stay together on disk) and the rest. A query asks the quarter first,
    # and the rest only for what is missing (see `query._matches`): a query that matches many
    # documents finds `limit` of them in the quarter at a quarter of the cost of reading every
    # match (its answer is capped anyway); any other query reads each document's entries
    # once, as with one index. Statistics on the expression tell the planner the quarter's
    # share. The filters' index stays whole: checking a document's filter words is cheap,
    # checking its text is not, so the text index should narrow a query first.
    QUARTER = "mod({id} / 64, 4)"
    parts = (f"{QUARTER.format(id='d.id')} = 0", f"{QUARTER.format(id='d.id')} <> 0")

    @classmethod
    def install_parts(cls, schema_editor) -> None:
        """The text indexes in parts; and each document's word lists kept in its row (scoring
        reads them for every match): a document's texts in seven languages pass PostgreSQL's
        threshold of about 2 KB for a row, and it had moved the lists to its TOAST table, which made
        reading them eight times as slow (1,266 documents: 2.8 ms against 0.35 ms)."""
        quarter = cls.QUARTER.format(id="id")
        for lang in LANGUAGES:
            schema_editor.execute(f"ALTER TABLE {DOCS} ALTER COLUMN vector_{lang} SET STORAGE MAIN")
            schema_editor.execute(f"DROP INDEX IF EXISTS search_vector_{lang}")
            for name, where in (("quarter", f"{quarter} = 0"), ("rest", f"{quarter} <> 0")):
                schema_editor.execute(
                    f"CREATE INDEX search_vector_{lang}_{name} ON {DOCS} "
                    f"USING gin (vector_{lang}) WHERE {where}"
                )
        schema_editor.execute(f"CREATE STATISTICS search_quarter ON ({quarter}) FROM {DOCS}")

    @staticmethod
    def uninstall_parts(schema_editor) -> None:
        schema_editor.execute("DROP STATISTICS IF EXISTS search_quarter")
        for lang in LANGUAGES:
            schema_editor.execute(
                f"ALTER TABLE {DOCS} ALTER COLUMN vector_{lang} SET STORAGE EXTENDED"
            )
            schema_editor.execute(f"DROP INDEX IF EXISTS search_vector_{lang}_quarter")
            schema_editor.execute(f"DROP INDEX IF EXISTS search_vector_{lang}_rest")
            schema_editor.execute(
                f"CREATE INDEX search_vector_{lang} ON {DOCS} USING gin (vector_{lang})"
            )

    # The small columns a query reads for every row it finds (see `query.Row`): a document's
    # row is too long for its page (texts in seven languages), and PostgreSQL had moved every
    # text column it could to the TOAST table, these too, before it would touch the word
    # lists (storage MAIN). Reading one of them then costs a lookup in the TOAST table's index
    # per row, and ordering by the title one per comparison (1,001 titles at 100,000 offers:
    # 20,000 buffer reads, 15 ms). With storage MAIN they stay in the row.
    INLINE = ("kind", "sort_title", "languages", "facets")

    @classmethod
    def install_inline(cls, schema_editor) -> None:
        for column in cls.INLINE:
            schema_editor.execute(f"ALTER TABLE {DOCS} ALTER COLUMN {column} SET STORAGE MAIN")

    @classmethod
    def uninstall_inline(cls, schema_editor) -> None:
        for column in cls.INLINE:
            schema_editor.execute(f"ALTER TABLE {DOCS} ALTER COLUMN {column} SET STORAGE EXTENDED")

    @staticmethod
    def uninstall(schema_editor) -> None:
        schema_editor.execute("DROP INDEX IF EXISTS search_term_trgm")
        for lang in LANGUAGES:
            schema_editor.execute(f"ALTER TABLE {DOCS} DROP COLUMN IF EXISTS vector_{lang}")

    def remember(self, documents) -> None:
        """Nothing to do: PostgreSQL computes the vectors itself."""

    def forget(self, ids) -> None:
        """Nothing to do: the vectors go with the rows."""

    def clear(self) -> None:
        """Nothing to do: the vectors go with the rows."""

    def analyze(self) -> None:
        """After writing every document (a rebuild, a bulk load): the GIN indexes' pending
        entries moved into the indexes, and fresh statistics. PostgreSQL collects new index
        entries in a pending list that every query reads through; only VACUUM or autovacuum
        empties it, not ANALYZE. Left full after a rebuild of 10,000 offers (50 to 240 pages
        per index), it made searches a quarter slower (p95 25-28 ms against 18-19 ms), and
        typo lookups in the vocabulary too. Without statistics the planner guesses, and facet
        counts took seconds instead of milliseconds."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "WHERE a.amname = 'gin' AND i.indrelid IN (%s::regclass, %s::regclass)",
                [DOCS, "search_searchterm"],
            )
            cursor.execute("ANALYZE")  # the entries' tables too: filters join them

    @staticmethod
    @contextmanager
    def text_search():
        """While matching words: the planner often prices a GIN scan higher than reading
        every document, which costs many times as much and grows with the index (measured at
        1,000 offers: 2.5-3.7 ms against 0.1-0.4 ms per statement). Sequential scans are only
        discouraged, not forbidden, and only for these statements; a transaction that fails
        takes the setting back with it."""
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
        try:
            yield
        finally:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("RESET enable_seqscan")
            except DatabaseError:  # the transaction failed: its rollback resets it
                pass

    def match(self, lang: str, expansions: list[list[str]], all_of=(), any_of=()) -> Match:
        """Documents with every group of words (any word of a group, exactly as the index has
        it), and with every filter word of `all_of` and one of `any_of`."""

        def tsquery(words, weight=""):
            # Words are letters and digits only (text.words): nothing to escape.
            return " | ".join(f"{w}:{weight}" if weight else w for w in words)

        def found(words, weight=""):
            condition = "d.vector_de @@ to_tsquery('german', %s)"
            params = [tsquery(words, weight.upper())]
            if lang != "de":
                condition += f" OR d.vector_{lang} @@ to_tsquery('simple', %s)"
                params.append(tsquery(words, weight.upper()))
            return f"({condition})", params

        where, params, scores, score_params = [], [], [], []
        for words in expansions:
            condition, condition_params = found(words)
            where.append(condition)
            params += condition_params
            cases = []
            for weights, points in FIELD_SCORES:
                condition, condition_params = found(words, weights)
                cases.append(f"WHEN {condition} THEN {points}")
                score_params += condition_params
            scores.append(f"CASE {' '.join(cases)} ELSE 1 END")
        if all_of:
            where.append("d.facet_words @> %s::text[]")
            params.append(list(all_of))
        if any_of:
            where.append("d.facet_words && %s::text[]")
            params.append(list(any_of))
        return Match(
            source=f"{DOCS} d",
            where=" AND ".join(where) or "1=1",
            params=params,
            score=" + ".join(scores) or "0",
            score_params=score_params,
        )

    least = "LEAST"

    def containing(self, word: str, limit: int) -> list[str]:
        """Terms that contain `word`, shortest first (pg_trgm's index answers LIKE '%…%')."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM search_searchterm WHERE term LIKE %s "
                "ORDER BY length(term), term LIMIT %s",
                [f"%{word}%", limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def fuzzy_candidates(self, word: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM search_searchterm WHERE term %% %s "
                "ORDER BY similarity(term, %s) DESC, term LIMIT %s",
                [word, word, FUZZY_CANDIDATES],
            )
            return [row[0] for row in cursor.fetchall()]


class Sqlite:
    vendor = "sqlite"
    indexes_terms = True  # into an FTS5 trigram table
    least = "MIN"
    parts = ("",)  # one FTS5 table, read whole

    @staticmethod
    def install_parts(schema_editor) -> None:
        """Nothing to do (see `parts`)."""

    @staticmethod
    def uninstall_parts(schema_editor) -> None:
        """Nothing to do (see `parts`)."""

    @staticmethod
    def install_inline(schema_editor) -> None:
        """Nothing to do (SQLite keeps a row's values together)."""

    @staticmethod
    def uninstall_inline(schema_editor) -> None:
        """Nothing to do."""

    @staticmethod
    def _text_table(schema_editor, columns) -> None:
        """The text table (anew) with these columns."""
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(columns)}, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )

    @classmethod
    def install(cls, schema_editor) -> None:
        cls._text_table(schema_editor, TEXT_COLUMNS)
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {TERMS_TABLE} USING fts5(term, tokenize = 'trigram')"
        )

    @classmethod
    def install_facets(cls, schema_editor) -> None:
        """The text table anew, with the filters' words as one more column."""
        cls._text_table(schema_editor, FTS_COLUMNS)

    @classmethod
    def uninstall_facets(cls, schema_editor) -> None:
        cls._text_table(schema_editor, TEXT_COLUMNS)

    @staticmethod
    def uninstall(schema_editor) -> None:
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TERMS_TABLE}")

    def remember_terms(self, terms: list[tuple[int, str]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {TERMS_TABLE} WHERE rowid = %s", [[pk] for pk, _t in terms]
            )
            cursor.executemany(f"INSERT INTO {TERMS_TABLE} (rowid, term) VALUES (%s, %s)", terms)

    def containing(self, word: str, limit: int) -> list[str]:
        """Terms that contain `word`, shortest first (the trigram table answers substrings
        of 3 or more)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.term FROM {TERMS_TABLE} f JOIN search_searchterm t ON t.id = f.rowid "
                f"WHERE {TERMS_TABLE} MATCH %s ORDER BY length(t.term), t.term LIMIT %s",
                [f'"{word}"', limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def remember(self, documents) -> None:
        """Write the documents' words into the FTS table, German words stemmed (PostgreSQL's
        `german` configuration does that itself)."""
        rows = []
        for document in documents:
            values = [
                " ".join(stem(w) for w in getattr(document, c).split())
                if c.startswith("de_")
                else getattr(document, c)
                for c in TEXT_COLUMNS
            ]
            rows.append([document.pk, *values, document.facets])
        placeholders = ", ".join(["%s"] * (len(FTS_COLUMNS) + 1))
        with connection.cursor() as cursor:
            # A row id can come back after a flush; an old row of the same id goes first.
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [[r[0]] for r in rows])
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) "
                f"VALUES ({placeholders})",
                rows,
            )

    def forget(self, ids) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [[i] for i in ids])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            cursor.execute(f"DELETE FROM {TERMS_TABLE}")

    def analyze(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    @staticmethod
    def text_search():
        return nullcontext()

    def match(self, lang: str, expansions: list[list[str]], all_of=(), any_of=()) -> Match:
        """As `Postgres.match`, in one FTS5 expression: the words in the text columns, the
        filters' words in the `facets` column."""

        def expression(words, weights="abc") -> str:
            # Words are letters and digits only (text.words), so quoting them is enough.
            german = " OR ".join(f'"{stem(w)}"' for w in words)
            group = f"{{{' '.join(f'de_{x}' for x in weights)}}} : ({german})"
            if lang != "de":
                own = " OR ".join(f'"{w}"' for w in words)
                group += f" OR {{{' '.join(f'{lang}_{x}' for x in weights)}}} : ({own})"
            return f"({group})"

        found_in = f"d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        scores, score_params = [], []
        for words in expansions:
            cases = []
            for weights, points in FIELD_SCORES:
                cases.append(f"WHEN {found_in} THEN {points}")
                score_params.append(expression(words, weights))
            scores.append(f"CASE {' '.join(cases)} ELSE 1 END")
        parts = [expression(words) for words in expansions]
        # Filter words are a letter and digits, or a fixed word (see models): quoting will do.
        facets = [f'"{w}"' for w in all_of]
        if any_of:
            facets.append("(" + " OR ".join(f'"{w}"' for w in any_of) + ")")
        if facets:
            parts.append(f"{{facets}} : ({' AND '.join(facets)})")
        if not parts:
            return Match(f"{DOCS} d", "1=1", [], "0", [])
        return Match(
            # CROSS JOIN keeps SQLite from running the text match once per document of a kind.
            source=f"{FTS_TABLE} CROSS JOIN {DOCS} d ON d.id = {FTS_TABLE}.rowid",
            where=f"{FTS_TABLE} MATCH %s",
            params=[" AND ".join(parts)],
            score=" + ".join(scores) or "0",
            score_params=score_params,
        )

    def fuzzy_candidates(self, word: str) -> list[str]:
        """Terms sharing trigrams with `word`, those sharing the most (rarest) first."""
        grams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
        if not grams:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.term FROM {TERMS_TABLE} f JOIN search_searchterm t ON t.id = f.rowid "
                f"WHERE {TERMS_TABLE} MATCH %s ORDER BY f.rank LIMIT %s",
                [" OR ".join(f'"{g}"' for g in grams), FUZZY_CANDIDATES * 3],
            )
            return [row[0] for row in cursor.fetchall()]


def current():
    return Postgres() if connection.vendor == "postgresql" else Sqlite()


def _backend(schema_editor):
    return Postgres if schema_editor.connection.vendor == "postgresql" else Sqlite


def install(schema_editor) -> None:
    _backend(schema_editor).install(schema_editor)


def uninstall(schema_editor) -> None:
    _backend(schema_editor).uninstall(schema_editor)


def install_facets(schema_editor) -> None:
    _backend(schema_editor).install_facets(schema_editor)


def uninstall_facets(schema_editor) -> None:
    _backend(schema_editor).uninstall_facets(schema_editor)


def install_parts(schema_editor) -> None:
    _backend(schema_editor).install_parts(schema_editor)


def uninstall_parts(schema_editor) -> None:
    _backend(schema_editor).uninstall_parts(schema_editor)


def install_inline(schema_editor) -> None:
    _backend(schema_editor).install_inline(schema_editor)


def uninstall_inline(schema_editor) -> None:
    _backend(schema_editor).uninstall_inline(schema_editor)
