"""What the generated clients' tests share: the typed answer of a call, the JSON it came from, French messages."""

import json
import re
import time

from pages.api.schema import load_schema


def typed(response, model, status=200):
    """The answer parsed into `model` by the generated client, its status `status`."""
    assert response.status_code == status, f"{response.status_code}: {response.content[:500]!r}"
    assert isinstance(response.parsed, model), (
        f"parsed as {type(response.parsed).__name__}, not {model.__name__}: {response.content[:500]!r}"
    )
    return response.parsed


def as_json(response):
    """The JSON the API sent, to compare with what the typed model gives back (`to_dict()`)."""
    return json.loads(response.content)


def page_type_names():
    """Every page type of the contract (the variants of PageItem): ResourcePage, DossierPage…"""
    return [
        variant["$ref"].rsplit("/", 1)[1] for variant in load_schema()["components"]["schemas"]["PageItem"]["oneOf"]
    ]


FRENCH_WORDS = re.compile(r"\b(le|la|les|l'|de|des|du|un|une|aucun|ce|cette|est|pas|introuvable|invalides?)\b", re.I)


def french(message):
    """A sentence meant for people, in French (not DRF's or Django's English)."""
    return isinstance(message, str) and bool(FRENCH_WORDS.search(message)) and "not found" not in message.lower()


def wait_min_fill(form, shown_at):
    """What a front end must do before sending: wait `min_fill_seconds` after the form was shown."""
    time.sleep(max(0.0, form.min_fill_seconds - (time.monotonic() - shown_at)))
