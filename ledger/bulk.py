"""Writing many rows at once: COPY on PostgreSQL, multi-row statements elsewhere.

Ids of new parents are drawn before the insert (from the sequence on
PostgreSQL; past the table's highest id under SQLite's write lock), so
children, history and stale marks can refer to them without reading back.
History rows are written beside the records, as simple-history's
bulk_create_with_history would: one '+' per created and one '~' per changed
record, with the importing user and a change reason.
"""

import csv
import functools
import io
import operator

from django.db import connection

NULL = "\\N"
COPY_BATCH = 50_000
TEXT_TYPES = ("CharField", "TextField")


def allocate_ids(model, count):
    """`count` fresh primary keys for `model`, reserved for this transaction."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite runs write transactions IMMEDIATE: nobody else inserts until we commit.
        # AUTOINCREMENT never reuses an id, so start past the highest ever issued.
        cursor.execute(f'SELECT MAX(id) FROM "{table}"')
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
    return list(range(start, start + count))


def _fields(model, attnames):
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    return [by_attname[a] for a in attnames]


def insert(model, attnames, rows):
    """Insert `rows` (sequences in `attnames` order) into `model`'s table."""
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return
    fields = _fields(model, attnames)
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        for start in range(0, len(rows), COPY_BATCH):
            _copy(table, fields, rows[start : start + COPY_BATCH])
    else:
        _insert_many(table, fields, rows)


def _copy(table, fields, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([NULL if v is None else v for v in row] for row in rows)
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Text columns never hold NULL, so a value that reads "\N" there is text, not NULL.
    texts = [
        connection.ops.quote_name(f.column)
        for f in fields
        if f.get_internal_type() in TEXT_TYPES and not f.null
    ]
    options = "FORMAT csv, NULL '\\N'"
    if texts:
        options += f", FORCE_NOT_NULL ({', '.join(texts)})"
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN WITH ({options})",
            buffer,
        )


def _insert_many(table, fields, rows):
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({marks})"
    converters = [(i, _adapter(f)) for i, f in enumerate(fields)]
    converters = [(i, adapt) for i, adapt in converters if adapt is not None]
    prepared = []
    for row in rows:
        row = list(row)
        for i, adapt in converters:
            if row[i] is not None:
                row[i] = adapt(row[i])
        prepared.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _adapter(field):
    """How the backend stores a value of `field` where the driver would not (None: as it is).

    Django's own adaptation (get_db_prep_save) per value costs more than the insert;
    a batch shares a handful of timestamps, so those are adapted once each.
    """
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return functools.lru_cache(maxsize=16)(connection.ops.adapt_datetimefield_value)
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DecimalField":
        return str
    if kind == "JSONField":
        return functools.partial(field.get_db_prep_save, connection=connection)
    return None


def update(model, attnames, objs):
    """Write `attnames` of each of `objs` (instances with a pk) back to their rows."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, attnames, batch_size=500)
        return
    # A temporary table filled by COPY, then one UPDATE … FROM: no per-row statement.
    table = connection.ops.quote_name(model._meta.db_table)
    scratch_name = f"ledger_update_{model._meta.db_table}"
    scratch = connection.ops.quote_name(scratch_name)
    fields = _fields(model, ["id", *attnames])
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
    rows = [[getattr(obj, f.attname) for f in fields] for obj in objs]
    for start in range(0, len(rows), COPY_BATCH):
        _copy(scratch_name, fields, rows[start : start + COPY_BATCH])
    sets = ", ".join(
        f"{connection.ops.quote_name(f.column)} = s.{connection.ops.quote_name(f.column)}"
        for f in fields[1:]
    )
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} AS t SET {sets} FROM {scratch} AS s WHERE t.id = s.id")


def tracked_attnames(model):
    """The fields simple-history keeps for `model`, in its historical table's order."""
    historical = model.history.model
    return [
        f.attname for f in historical._meta.concrete_fields if not f.attname.startswith("history_")
    ]


def insert_history(model, records, *, history_type, user, reason, when):
    """One history row per record (a dict or a fully loaded instance holding every tracked field)."""
    tracked = tracked_attnames(model)
    pick = operator.itemgetter(*tracked)
    tail = (when, reason, history_type, getattr(user, "pk", None))
    rows = [(*pick(r if isinstance(r, dict) else r.__dict__), *tail) for r in records]
    columns = [*tracked, "history_date", "history_change_reason", "history_type", "history_user_id"]
    insert(model.history.model, columns, rows)
