"""`manage.py api_schema`: generate the API's OpenAPI schema and write docs/openapi.json (pages/api/schema.py).

`--check` writes nothing and fails when the committed file differs from a fresh generation (a field added to or
removed from a model's `api_fields`, a block, a choice… without regenerating).
"""

from django.core.management.base import BaseCommand, CommandError
from openapi_spec_validator import validate

from pages.api.schema import GENERATED_SCHEMA, build_schema, dumps


class Command(BaseCommand):
    help = "Génère le schéma OpenAPI de l'API (docs/openapi.json) à partir du code."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Ne rien écrire ; échouer si le fichier enregistré n'est pas à jour."
        )

    def handle(self, *args, check=False, **options):
        schema = build_schema()
        validate(schema)  # never write an invalid contract
        text = dumps(schema)
        current = GENERATED_SCHEMA.read_text(encoding="utf-8") if GENERATED_SCHEMA.exists() else None
        if check:
            if text != current:
                raise CommandError(
                    f"{GENERATED_SCHEMA.name} n'est pas à jour : lancez « python manage.py api_schema » et "
                    "enregistrez le fichier."
                )
            self.stdout.write(f"{GENERATED_SCHEMA.name} est à jour.")
            return
        GENERATED_SCHEMA.write_text(text, encoding="utf-8")
        schemas = schema["components"]["schemas"]
        self.stdout.write(f"{GENERATED_SCHEMA.name} écrit : {len(schema['paths'])} chemins, {len(schemas)} schémas.")
