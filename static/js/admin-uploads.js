// Uploads in Wagtail's admin (documents and images, one by one, in a chooser or many at once): the title Wagtail
// proposes from the file's name is cleaned as pages/models/media.py `title_from_filename` cleans it on the server:
// « compte-rendu_rencontre_2026-03.pdf » → « Compte rendu rencontre 2026-03 ».
(function () {
  "use strict";
  function titleFromFilename(filename) {
    var name = String(filename || "").replace(/^.*[\\/]/, "");
    var dot = name.lastIndexOf(".");
    if (dot > 0) name = name.slice(0, dot);
    name = name.replace(/_/g, " ").replace(/(?<!\d)-|-(?!\d)/g, " ").replace(/\s+/g, " ").trim();
    return name.charAt(0).toUpperCase() + name.slice(1);
  }
  function cleanTitle(event) {
    var detail = event.detail || {};
    if (!detail.data || !detail.filename) return;
    var title = titleFromFilename(detail.filename);
    if (detail.maxTitleLength) title = title.slice(0, detail.maxTitleLength);
    if (title) detail.data.title = title;
  }
  document.addEventListener("wagtail:documents-upload", cleanTitle);
  document.addEventListener("wagtail:images-upload", cleanTitle);
})();
