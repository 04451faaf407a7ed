"""Facet counts of frequent words kept by PostgreSQL (search/term_counts.py): the tables, and the statement-level
trigger on the entries that keeps them (written out here as it was when this migration was made)."""

from django.db import migrations, models

from ._postgresql import on_postgresql

FORWARD = [
    "\nCREATE OR REPLACE FUNCTION platform_term_facet_counts() RETURNS trigger AS $$\nBEGIN\n    IF NOT EXISTS (SELECT 1 FROM platform_search_trackedterm) THEN\n        RETURN NULL;\n    END IF;\n    IF TG_OP = 'INSERT' THEN \n        INSERT INTO platform_search_termfacetcount AS c (lexeme, kind, resource_type, status, year, province, theme_ids, n)\n        SELECT d.lexeme, d.kind, d.resource_type, d.status, d.year, d.province, d.theme_ids, sum(d.n)\n        FROM (SELECT l.lexeme, e.kind, e.resource_type, e.status, coalesce(e.year, 0), e.province, e.theme_ids, 1 AS n FROM new_rows e CROSS JOIN LATERAL unnest(array_append(tsvector_to_array(e.search_vector), '')) AS l(lexeme)) AS d (lexeme, kind, resource_type, status, year, province, theme_ids, n)\n        JOIN platform_search_trackedterm t ON t.lexeme = d.lexeme\n        GROUP BY 1, 2, 3, 4, 5, 6, 7\n        HAVING sum(d.n) <> 0\n        ON CONFLICT (lexeme, kind, resource_type, status, year, province, theme_ids) DO UPDATE SET n = c.n + EXCLUDED.n;\n    ELSIF TG_OP = 'DELETE' THEN \n        INSERT INTO platform_search_termfacetcount AS c (lexeme, kind, resource_type, status, year, province, theme_ids, n)\n        SELECT d.lexeme, d.kind, d.resource_type, d.status, d.year, d.province, d.theme_ids, sum(d.n)\n        FROM (SELECT l.lexeme, e.kind, e.resource_type, e.status, coalesce(e.year, 0), e.province, e.theme_ids, -1 AS n FROM old_rows e CROSS JOIN LATERAL unnest(array_append(tsvector_to_array(e.search_vector), '')) AS l(lexeme)) AS d (lexeme, kind, resource_type, status, year, province, theme_ids, n)\n        JOIN platform_search_trackedterm t ON t.lexeme = d.lexeme\n        GROUP BY 1, 2, 3, 4, 5, 6, 7\n        HAVING sum(d.n) <> 0\n        ON CONFLICT (lexeme, kind, resource_type, status, year, province, theme_ids) DO UPDATE SET n = c.n + EXCLUDED.n;\n    ELSIF TG_OP = 'UPDATE' THEN \n        INSERT INTO platform_search_termfacetcount AS c (lexeme, kind, resource_type, status, year, province, theme_ids, n)\n        SELECT d.lexeme, d.kind, d.resource_type, d.status, d.year, d.province, d.theme_ids, sum(d.n)\n        FROM (SELECT l.lexeme, e.kind, e.resource_type, e.status, coalesce(e.year, 0), e.province, e.theme_ids, 1 AS n FROM new_rows e CROSS JOIN LATERAL unnest(array_append(tsvector_to_array(e.search_vector), '')) AS l(lexeme) UNION ALL SELECT l.lexeme, e.kind, e.resource_type, e.status, coalesce(e.year, 0), e.province, e.theme_ids, -1 AS n FROM old_rows e CROSS JOIN LATERAL unnest(array_append(tsvector_to_array(e.search_vector), '')) AS l(lexeme)) AS d (lexeme, kind, resource_type, status, year, province, theme_ids, n)\n        JOIN platform_search_trackedterm t ON t.lexeme = d.lexeme\n        GROUP BY 1, 2, 3, 4, 5, 6, 7\n        HAVING sum(d.n) <> 0\n        ON CONFLICT (lexeme, kind, resource_type, status, year, province, theme_ids) DO UPDATE SET n = c.n + EXCLUDED.n;\n    ELSIF TG_OP = 'TRUNCATE' THEN DELETE FROM platform_search_termfacetcount;\n    END IF;\n    RETURN NULL;\nEND\n$$ LANGUAGE plpgsql\n",
    'CREATE TRIGGER platform_term_counts_insert AFTER INSERT ON platform_search_searchentry REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION platform_term_facet_counts()',
    'CREATE TRIGGER platform_term_counts_update AFTER UPDATE ON platform_search_searchentry REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION platform_term_facet_counts()',
    'CREATE TRIGGER platform_term_counts_delete AFTER DELETE ON platform_search_searchentry REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION platform_term_facet_counts()',
    'CREATE TRIGGER platform_term_counts_truncate AFTER TRUNCATE ON platform_search_searchentry FOR EACH STATEMENT EXECUTE FUNCTION platform_term_facet_counts()',
]

BACKWARD = [
    'DROP TRIGGER IF EXISTS platform_term_counts_insert ON platform_search_searchentry',
    'DROP TRIGGER IF EXISTS platform_term_counts_update ON platform_search_searchentry',
    'DROP TRIGGER IF EXISTS platform_term_counts_delete ON platform_search_searchentry',
    'DROP TRIGGER IF EXISTS platform_term_counts_truncate ON platform_search_searchentry',
    'DROP FUNCTION IF EXISTS platform_term_facet_counts()',
]


class Migration(migrations.Migration):

    dependencies = [
        ('platform_search', '0006_search_vectors'),
    ]

    operations = [
        migrations.CreateModel(
            name='TrackedTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lexeme', models.CharField(max_length=255, unique=True)),
            ],
            options={
                'verbose_name': 'mot suivi',
                'verbose_name_plural': 'mots suivis',
            },
        ),
        migrations.CreateModel(
            name='TermFacetCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lexeme', models.CharField(max_length=255)),
                ('kind', models.CharField(max_length=20)),
                ('resource_type', models.CharField(max_length=20)),
                ('status', models.CharField(max_length=20)),
                ('year', models.PositiveSmallIntegerField()),
                ('province', models.CharField(max_length=20)),
                ('theme_ids', models.CharField(max_length=255)),
                ('n', models.IntegerField(default=0)),
            ],
            options={
                'verbose_name': "décompte de facettes d'un mot",
                'verbose_name_plural': 'décomptes de facettes des mots',
                'constraints': [models.UniqueConstraint(fields=('lexeme', 'kind', 'resource_type', 'status', 'year', 'province', 'theme_ids'), name='unique_term_facet_combination')],
            },
        ),
        on_postgresql(FORWARD, BACKWARD),
    ]
