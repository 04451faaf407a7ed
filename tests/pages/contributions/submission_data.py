"""What the contribution tests submit: the service's data and a mail server that is down."""

from pages.models import (
    ContributionKind,
)

FAILING_MAIL_BACKEND = "tests.pages.failing_mail.FailingEmailBackend"


def service_data(tree, **overrides):
    data = {
        "kind": ContributionKind.RESOURCE,
        "title": "Canevas d'animation pour une analyse partagée",
        "description": "Le canevas utilisé avec les habitants.",
        "themes": [tree.theme["analyse-partagee"], tree.theme["autres"]],
        "contributor_name": "Camille Dupont",
        "contributor_email": "camille.dupont@cc-rochefort.be",
        "organisation": "Centre culturel de Rochefort",
        "role": "Animatrice",
        "consent_licence": True,
        "consent_personal_data": True,
    }
    data.update(overrides)
    return data
