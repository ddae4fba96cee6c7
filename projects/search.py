"""Keyword search over projects: name, code, investor and leader, through an index.

Each project keeps `search_text`, its name, code, investor's name and leader in lower
case, rewritten by `search_refresh` (services and the ledger's bulk writer call it; the
investor is another row, so a generated column could not see its name). Chinese names
have no word breaks and most searches are one or two characters (沧州, 钢), which a
trigram index cannot serve, so the index holds every character and every pair of
adjacent characters of the text (its *grams*):

- PostgreSQL: a GIN index on `search_grams`, a column generated from search_text by
  `project_search_grams`, an immutable SQL function that is the copy of `grams` below
  (tests/pages/test_search.py proves they agree). A one-character term is looked up as itself, a longer one as all of its
  pairs; one index serves every length, so no pg_trgm index beside it.
- SQLite: an FTS5 table `projects_search` (rowid = project id) whose one column holds the
  grams as hex tokens, rewritten by `search_refresh`. FTS5's trigram tokenizer needs
  three characters; hex tokens of the grams serve one and two as well.

The index finds candidates; `search_text LIKE %term%` keeps exactly the projects that
contain every term, so the index is never trusted for the answer, only for speed.
"""

from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

FTS_TABLE = "projects_search"
# The project fields search_text is made of (investor: its name).
SEARCHED_FIELDS = {"name", "code", "investor", "investor_id", "leader"}
MAX_TERMS = 5
# Only ASCII folds case: SQLite's lower() folds nothing else, so the query must match it.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

PROJECT_TABLE = "projects_project"
SEARCH_TEXT_SQL = """lower(p.name || ' ' || p.code || ' ' || COALESCE(
    (SELECT e.name FROM projects_enterprise e WHERE e.id = p.investor_id), '')
    || ' ' || p.leader)"""

PG_GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION project_search_grams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(DISTINCT substr(w, i, n)), '{}'::text[])
    FROM regexp_split_to_table($1, '\s+') AS w,
         generate_series(1, 2) AS n,
         generate_series(1, char_length(w)) AS i
    WHERE w <> '' AND i + n - 1 <= char_length(w)
$$"""
# A stored column, not an index on the expression: a plan that filters rows another way
# (by region, say) then compares arrays instead of calling the function on every row.
PG_GRAMS_COLUMN = (
    "ALTER TABLE projects_project ADD COLUMN IF NOT EXISTS search_grams text[] "
    "GENERATED ALWAYS AS (project_search_grams(search_text)) STORED"
)
PG_GRAMS_INDEX = (
    "CREATE INDEX IF NOT EXISTS project_search_grams ON projects_project USING gin (search_grams)"
)
SQLITE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
    "USING fts5(grams, tokenize='ascii', detail='none')"
)


def fold(text):
    return text.translate(_ASCII_LOWER)


def terms_of(query):
    """The distinct whitespace-separated terms of a query, case-folded, at most MAX_TERMS."""
    return list(dict.fromkeys(fold(query).split()))[:MAX_TERMS]


def grams(text):
    """Every character and every pair of adjacent characters within each word."""
    found = set()
    for word in text.split():
        found.update(word)
        found.update(word[i : i + 2] for i in range(len(word) - 1))
    return found


def term_grams(term):
    """The grams a text must hold to contain `term`: itself when one character, else its pairs."""
    return [term] if len(term) == 1 else sorted({term[i : i + 2] for i in range(len(term) - 1)})


def _token(gram):
    return "".join(f"{ord(c):06x}" for c in gram)


# ---------------------------------------------------------------- writing


def search_refresh(*, project_ids=None, investor_ids=None):
    """Rewrite the search text (and on SQLite its index rows) of the given projects, or of
    the projects of the given investors; with neither, of every project."""
    if project_ids is not None and investor_ids is not None:
        raise ValueError("project_ids or investor_ids, not both")
    ids = project_ids if project_ids is not None else investor_ids
    if ids is None:
        _refresh("1 = 1", [])
        return
    ids = list(ids)
    column = "id" if project_ids is not None else "investor_id"
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        _refresh(f"p.{column} IN ({', '.join(['%s'] * len(chunk))})", chunk)


BATCH = 1000  # ids per statement: well within SQLite's limit on parameters


def _refresh(where, params):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PROJECT_TABLE} AS p SET search_text = {SEARCH_TEXT_SQL} WHERE {where}", params
        )
        if connection.vendor == "sqlite":
            _refresh_fts(cursor, where, params)


def _refresh_fts(cursor, where, params, batch=BATCH):
    cursor.execute(f"SELECT p.id, p.search_text FROM {PROJECT_TABLE} p WHERE {where}", params)
    rows = cursor.fetchall()
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", [r[0] for r in chunk])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, grams) VALUES (%s, %s)",
            [(pk, " ".join(sorted(_token(g) for g in grams(text)))) for pk, text in chunk],
        )


def install_index(schema_editor):
    """Create the backend's gram index and fill it and every project's search text (the
    migration runs this; on PostgreSQL the texts are written before the index is built)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_GRAMS_FUNCTION)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FTS)
    search_refresh()
    if vendor == "postgresql":
        schema_editor.execute(PG_GRAMS_COLUMN)
        schema_editor.execute(PG_GRAMS_INDEX)


def drop_index(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS project_search_grams")
        schema_editor.execute("ALTER TABLE projects_project DROP COLUMN IF EXISTS search_grams")
        schema_editor.execute("DROP FUNCTION IF EXISTS project_search_grams(text)")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


# ---------------------------------------------------------------- reading


class HoldsGrams(Func):
    """PostgreSQL: the project's stored grams (search_grams, generated from search_text and
    GIN-indexed; no model field, as SQLite has no such column) include all of `wanted`."""

    output_field = BooleanField()

    def __init__(self, expression, wanted):
        super().__init__(expression)
        self.wanted = list(wanted)

    def as_sql(self, compiler, connection, **extra):
        # search_text's column, as the query names its table, stands for its sibling.
        sql, params = compiler.compile(self.source_expressions[0])
        if not sql.endswith('"search_text"'):
            raise ValueError(f"HoldsGrams needs the search_text column, not {sql}")
        grams_column = sql[: -len('"search_text"')] + '"search_grams"'
        return f"{grams_column} @> %s::text[]", [*params, self.wanted]


def matching(queryset, query):
    """The projects of `queryset` whose name, code, investor or leader contain every term
    of `query`."""
    terms = terms_of(query)
    for term in terms:
        queryset = queryset.filter(_candidates(term), search_text__contains=term)
    return queryset


def _candidates(term):
    wanted = term_grams(term)
    if connection.vendor == "postgresql":
        # A subquery, so that the index is read once, not once per region a scope joins.
        from projects.models import Project

        ids = Project.objects.order_by().filter(HoldsGrams(F("search_text"), wanted))
        return Q(pk__in=ids.values("pk"))
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{_token(g)}"' for g in wanted)
        return Q(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        )
    return Q()


def ranked(queryset, query):
    """Best matches first: the exact code, then names that start with the query, then
    names that contain it, then investors' names; the newest first within each."""
    terms = terms_of(query)
    if not terms:
        return queryset
    whole = " ".join(terms)
    rank = Case(
        When(code__iexact=whole, then=Value(0)),
        When(name__startswith=terms[0], then=Value(1)),
        When(name__contains=terms[0], then=Value(2)),
        When(investor__name__contains=terms[0], then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    # Annotated, not aliased: the API's cursor pages read the rank of the last row sent.
    return queryset.annotate(search_rank=rank).order_by("search_rank", "-created_at", "-id")


def highlighted(text, terms):
    """`text` as safe HTML, escaped, with every occurrence of the terms in <mark>."""
    text = str(text or "")
    folded, spans = fold(text), []
    for term in terms:
        start = folded.find(term)
        while term and start != -1:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, at = [], 0
    for start, end in merged:
        parts += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308 every piece of the text is escaped
