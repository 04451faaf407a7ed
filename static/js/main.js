/* Small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  // Mobile menu: without JavaScript the navigation is simply shown; with it, a button folds it away.
  function initMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    toggle.hidden = false;
    var label = toggle.querySelector("span");
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
      if (label) label.textContent = open ? "Fermer" : "Menu";
    }
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // Videos: the provider's player is loaded only when the visitor asks for it.
  function initVideos() {
    var videos = document.querySelectorAll("[data-video]");
    Array.prototype.forEach.call(videos, function (figure) {
      var url = figure.getAttribute("data-embed-url");
      var button = figure.querySelector(".video__play");
      if (!url || !button) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var iframe = document.createElement("iframe");
        var separator = url.indexOf("?") === -1 ? "?" : "&";
        iframe.src = url + separator + "autoplay=1";
        iframe.title = figure.getAttribute("data-title") || "Vidéo";
        iframe.allow = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture";
        iframe.allowFullscreen = true;
        iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
        var frame = document.createElement("div");
        frame.className = "video__frame";
        frame.appendChild(iframe);
        var facade = figure.querySelector(".video__facade");
        figure.replaceChild(frame, facade);
        iframe.focus();
      });
    });
  }

  function init() {
    initMenu();
    initVideos();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
