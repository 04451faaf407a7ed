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
        button.setAttribute("data-label", button.textContent);
        window.setTimeout(function () {
          button.disabled = true;
          button.setAttribute("aria-busy", "true");
          button.textContent = "Envoi en cours…";
        }, 0);
      });
    });
  }

  // Back from the answer (the French 403 of an expired CSRF token, templates/403_csrf.html, says to come back): the
  // browser shows the form as it was left, typed text included, but with its button still disabled.
  function enableAfterBack(event) {
    if (!event.persisted) return;
    document.querySelectorAll("form.form button[data-label]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.textContent = button.getAttribute("data-label");
    });
  }

  // The form's CSRF token is the one of the moment the page was loaded: sent again after a refusal, it would be
  // refused again. The CSRF cookie (renewed by the refusal, cms/errors.py) holds the current one.
  function refreshCsrfToken(event) {
    var field = event.target.querySelector && event.target.querySelector('input[name="csrfmiddlewaretoken"]');
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (field && cookie) field.value = decodeURIComponent(cookie[1]);
  }

  document.addEventListener("DOMContentLoaded", function () {
    initKindSections();
    focusErrorSummary();
    preventDoubleSubmit();
  });
  window.addEventListener("pageshow", enableAfterBack);
  document.addEventListener("submit", refreshCsrfToken, true);
})();
