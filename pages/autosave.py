"""Wagtail's autosave saves drafts; it must never act in an editor's place.

When a moderator clicks « Approuver et Publier », Wagtail's workflow script adds the action's fields to the edit
form and submits it. Autosave sees the form change and posts the same fields in the background: two requests
then perform one workflow action, and the second fails (the task is already approved, `current_workflow_task`
is None). The admin script `static/js/admin-autosave.js` keeps autosave from sending such a form;
`refuse_background_action` refuses it on the server for any client that still sends it.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

# The edit form's fields that ask for more than saving a draft (wagtail/admin/views/pages/edit.py).
ACTION_FIELDS = (
    "action-publish",
    "action-submit",
    "action-workflow-action",
    "action-restart-workflow",
    "action-cancel-workflow",
)


def is_background_save(request):
    """An autosave request: a POST that asks for JSON, not for the next page."""
    return request.method == "POST" and not request.accepts("text/html")


def refuse_background_action(request):
    """A JSON 400 in Wagtail's autosave format when an autosave request carries an action; None otherwise."""
    if not is_background_save(request) or not any(request.POST.get(name) for name in ACTION_FIELDS):
        return None
    return JsonResponse(
        {
            "success": False,
            "error_code": "blocked_by_hook",
            "error_message": _(
                "L'enregistrement automatique ne publie pas et ne fait pas avancer la relecture : "
                "utilisez les boutons de la page."
            ),
        },
        status=400,
    )
