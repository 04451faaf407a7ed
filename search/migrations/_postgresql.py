"""What this app's migrations share (Django's migration loader skips modules whose name starts with "_")."""

from django.db import migrations


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


def on_postgresql(forward, backward):
    """An operation running the SQL statements `forward` on PostgreSQL (`backward` to undo), nothing elsewhere."""
    return migrations.RunPython(_run(forward), _run(backward))


# The per-word facet counts (search/term_counts.py): a statement-level trigger on the entries adds the entries
# inserted, removes the entries deleted, and for updates the difference, in one statement per statement on the
# entries, however many rows it wrote. Generated from the facets' columns, [(column, value kept for NULL or
# None)] in the order of search/facets.py `COLUMNS`: a migration passes them written out, as they were when it
# was made (0007 wrote its statements out in full; they are what `term_counts_trigger` gives for its columns).
ENTRIES = "platform_search_searchentry"
COUNTS = "platform_search_termfacetcount"
TRACKED = "platform_search_trackedterm"
# Each entry counts for each of its lexemes, and for the empty lexeme that stands for every entry (filters alone).
LEXEMES = "CROSS JOIN LATERAL unnest(array_append(tsvector_to_array(e.search_vector), '')) AS l(lexeme)"
EVENTS = ("insert", "update", "delete", "truncate")


def facet_values(columns):
    """The facet values of an entry `e`, as the counts keep them (« coalesce(e.year, 0) »)."""
    return ", ".join(f"e.{column}" if kept is None else f"coalesce(e.{column}, {kept})" for column, kept in columns)


def count_columns(columns):
    """The columns of a count but `n`: the lexeme and the facets'."""
    return ", ".join(["lexeme", *(column for column, _kept in columns)])


def positions(columns):
    """« 1, 2, …, 7 »: the lexeme's and the facets' positions (GROUP BY, ORDER BY)."""
    return ", ".join(str(position) for position in range(1, len(columns) + 2))


def _apply(columns, delta):
    names = count_columns(columns)
    selected = ", ".join(f"d.{name}" for name in names.split(", "))
    return f"""
        INSERT INTO {COUNTS} AS c ({names}, n)
        SELECT {selected}, sum(d.n)
        FROM ({delta}) AS d ({names}, n)
        JOIN {TRACKED} t ON t.lexeme = d.lexeme
        GROUP BY {positions(columns)}
        HAVING sum(d.n) <> 0
        ON CONFLICT ({names}) DO UPDATE SET n = c.n + EXCLUDED.n;"""


def term_counts_trigger(columns):
    """(forward, backward): the statements creating the trigger function and its four triggers, and dropping them."""
    values = facet_values(columns)
    inserted = f"SELECT l.lexeme, {values}, 1 AS n FROM new_rows e {LEXEMES}"
    deleted = f"SELECT l.lexeme, {values}, -1 AS n FROM old_rows e {LEXEMES}"
    function = f"""
CREATE OR REPLACE FUNCTION platform_term_facet_counts() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM {TRACKED}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN {_apply(columns, inserted)}
    ELSIF TG_OP = 'DELETE' THEN {_apply(columns, deleted)}
    ELSIF TG_OP = 'UPDATE' THEN {_apply(columns, f"{inserted} UNION ALL {deleted}")}
    ELSIF TG_OP = 'TRUNCATE' THEN DELETE FROM {COUNTS};
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
    run = "FOR EACH STATEMENT EXECUTE FUNCTION platform_term_facet_counts()"
    forward = [
        function,
        f"CREATE TRIGGER platform_term_counts_insert AFTER INSERT ON {ENTRIES} REFERENCING NEW TABLE AS new_rows {run}",
        f"CREATE TRIGGER platform_term_counts_update AFTER UPDATE ON {ENTRIES} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows {run}",
        f"CREATE TRIGGER platform_term_counts_delete AFTER DELETE ON {ENTRIES} REFERENCING OLD TABLE AS old_rows {run}",
        f"CREATE TRIGGER platform_term_counts_truncate AFTER TRUNCATE ON {ENTRIES} {run}",
    ]
    backward = [
        *(f"DROP TRIGGER IF EXISTS platform_term_counts_{event} ON {ENTRIES}" for event in EVENTS),
        "DROP FUNCTION IF EXISTS platform_term_facet_counts()",
    ]
    return forward, backward


def replace_term_counts_trigger(previous, columns):
    """An operation replacing the trigger made for the facet columns `previous` by the one for `columns` (PostgreSQL
    only; backward, the previous one again)."""
    new_forward, drop = term_counts_trigger(columns)
    old_forward, _drop = term_counts_trigger(previous)
    return on_postgresql([*drop, *new_forward], [*drop, *old_forward])
