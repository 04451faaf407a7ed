"""Roles of issue 6 (placeholder: filled in by the roles work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pages", "0004_contribution_refusal_sent_at")]

    operations = []
