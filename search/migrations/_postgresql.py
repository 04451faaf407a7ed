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
