"""« Synonymes et sigles »: the glossary of the sector, kept by editors, that the public search expands queries with.

Every role with admin access (« Éditeurs », « Modérateurs », « Administrateurs ») may add, change and delete
its entries: a glossary entry only widens what a search finds, it never hides or shows a page.
"""

from django.db import migrations, models

GROUPS = ("Éditeurs", "Modérateurs", "Administrateurs")
ACTIONS = ("add", "change", "delete", "view")


def grant_synonyms(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="pages", model="synonym")
    # Permissions are created after migrations (post_migrate): create the ones needed, as Django names them.
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_synonym", defaults={"name": f"Can {action} synonym"}
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0012_attachments_tie_break_order'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='Synonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(help_text='Le sigle ou le mot tel que les visiteurs le tapent, par ex. « AP ».', max_length=100, unique=True, verbose_name='Terme ou sigle')),
                ('equivalents', models.TextField(help_text='Un équivalent par ligne, par ex. « analyse partagée ». Dans les deux sens : chercher « AP » trouve les pages qui disent « analyse partagée », et inversement. Pris en compte dès la recherche suivante.', max_length=1000, verbose_name='Équivalents')),
            ],
            options={
                'verbose_name': 'synonyme ou sigle',
                'verbose_name_plural': 'synonymes et sigles',
                'ordering': ['term'],
            },
        ),
        migrations.RunPython(grant_synonyms, migrations.RunPython.noop),
    ]
