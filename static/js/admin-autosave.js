// Autosave (Wagtail's w-autosave controller) must not post a form that carries an editor's action: publishing,
// submitting for review or a workflow action (« Approuver et Publier »). The click's own submission performs it;
// a background copy racing it would perform it twice and fail. Cancelling the controller's `save` event makes it
// skip that save (pages/autosave.py refuses such requests on the server too).
(function () {
  "use strict";
  var ACTION_FIELDS = [
    "action-publish",
    "action-submit",
    "action-workflow-action",
    "action-restart-workflow",
    "action-cancel-workflow",
  ];
  document.addEventListener("w-autosave:save", function (event) {
    var data = event.detail && event.detail.formData;
    if (!data) return;
    for (var i = 0; i < ACTION_FIELDS.length; i++) {
      if (data.get(ACTION_FIELDS[i])) {
        event.preventDefault();
        return;
      }
    }
  });
})();
