/* Public forms (contribution, dossier request): small enhancements, the forms work without them. */
(function () {
  "use strict";

  // A form sent back with errors: the summary is focused, so that it is read first.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  // The dossier section only concerns a dossier: hidden (and skipped) for a resource or a link.
  function initKindSections() {
    var form = document.querySelector("[data-contribution-form]");
    if (!form) return;
    var radios = form.querySelectorAll('input[name="kind"]');
    var sections = form.querySelectorAll("[data-show-for-kind]");
    function update() {
      var checked = form.querySelector('input[name="kind"]:checked');
      var kind = checked ? checked.value : "";
      sections.forEach(function (section) {
        var show = section.getAttribute("data-show-for-kind") === kind || section.querySelector(".field--error");
        section.hidden = !show;
      });
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  // One click sends the form once: the button is disabled while the page loads the answer.
  function preventDoubleSubmit() {
    document.querySelectorAll("form.form").forEach(function (form) {
      form.addEventListener("submit", function () {
        var button = form.querySelector('button[type="submit"]');
        if (!button) return;
        window.setTimeout(function () {
          button.disabled = true;
          button.setAttribute("aria-busy", "true");
          button.textContent = "Envoi en cours…";
        }, 0);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initKindSections();
    focusErrorSummary();
    preventDoubleSubmit();
  });
})();
