/* Search suggestions: an editable combobox with a listbox popup (WAI-ARIA 1.2 combobox pattern).
   Enhances every <input data-autocomplete="/recherche/suggestions/">. Without JavaScript, or if the
   suggestions cannot be fetched, the input stays a plain search box that submits its form. */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DEBOUNCE_MS = 200;
  var counter = 0;

  // Lowercase without accents, one character for one character, so positions map back to the title.
  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i).normalize("NFD").charAt(0).toLowerCase();
      out += ch || text.charAt(i);
    }
    return out;
  }

  // The title with the typed words marked where a word of the title starts with them (DOM nodes, no HTML).
  function highlighted(title, query) {
    var fragment = document.createDocumentFragment();
    var folded = fold(title);
    var words = fold(query).split(/[\s'’"-]+/).filter(function (w) { return w.length > 0; });
    var marks = new Array(title.length).fill(false);
    words.forEach(function (word) {
      var from = 0;
      var at;
      while ((at = folded.indexOf(word, from)) !== -1) {
        if (at === 0 || /[\s'’"(«-]/.test(folded.charAt(at - 1))) {
          for (var k = at; k < at + word.length; k++) marks[k] = true;
        }
        from = at + 1;
      }
    });
    var i = 0;
    while (i < title.length) {
      var j = i;
      while (j < title.length && marks[j] === marks[i]) j++;
      var text = document.createTextNode(title.slice(i, j));
      if (marks[i]) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(text);
      }
      i = j;
    }
    return fragment;
  }

  function Combobox(input) {
    this.input = input;
    this.url = input.getAttribute("data-autocomplete");
    this.form = input.form;
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.lastQuery = null;
    var id = "suggestions-" + ++counter;

    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    if (input.getAttribute("data-autocomplete-align") === "end") wrapper.classList.add("combobox--end");
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    this.listbox = document.createElement("ul");
    this.listbox.id = id + "-listbox";
    this.listbox.className = "combobox__listbox";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", "Suggestions");
    this.listbox.hidden = true;
    wrapper.appendChild(this.listbox);

    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-atomic", "true");
    wrapper.appendChild(this.status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);
    input.setAttribute("autocomplete", "off");
    this.idPrefix = id + "-option-";

    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeydown.bind(this));
    input.addEventListener("blur", this.onBlur.bind(this));
    input.addEventListener("focus", this.onFocus.bind(this));
    // mousedown, not click: the input keeps its focus, so blur does not close the list first.
    this.listbox.addEventListener("mousedown", this.onPointer.bind(this));
    this.listbox.addEventListener("mousemove", this.onHover.bind(this));
  }

  Combobox.prototype.query = function () {
    return this.input.value.replace(/\s+/g, " ").trim();
  };

  Combobox.prototype.onInput = function () {
    var self = this;
    clearTimeout(this.timer);
    if (this.query().length < MIN_CHARS) {
      this.abort();
      this.results = [];
      this.lastQuery = null;
      this.close();
      this.status.textContent = "";
      return;
    }
    this.timer = setTimeout(function () { self.fetch(); }, DEBOUNCE_MS);
  };

  Combobox.prototype.abort = function () {
    if (this.request) {
      this.request.abort();
      this.request = null;
    }
  };

  Combobox.prototype.fetch = function () {
    var self = this;
    var query = this.query();
    if (query === this.lastQuery) {
      this.render();
      return;
    }
    this.abort();
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    this.request = controller;
    var url = this.url + (this.url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
    fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (self.query() !== query) return; // the visitor typed on meanwhile
        self.lastQuery = query;
        self.results = (data && data.results) || [];
        self.render();
      })
      .catch(function () {
        // Offline or aborted: the box remains a plain search box.
      });
  };

  Combobox.prototype.render = function () {
    var self = this;
    var query = this.query();
    this.listbox.textContent = "";
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.results.forEach(function (result, index) {
      var option = document.createElement("li");
      option.id = self.idPrefix + index;
      option.className = "combobox__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      var title = document.createElement("span");
      title.className = "combobox__title";
      title.appendChild(highlighted(result.title || "", query));
      option.appendChild(title);
      var meta = document.createElement("span");
      meta.className = "combobox__meta";
      var type = document.createElement("span");
      type.className = "combobox__type";
      type.textContent = result.type_label || "";
      meta.appendChild(type);
      if (result.centre) {
        var centre = document.createElement("span");
        centre.className = "combobox__centre";
        centre.textContent = result.centre;
        meta.appendChild(centre);
      }
      option.appendChild(meta);
      self.listbox.appendChild(option);
    });
    var count = this.results.length;
    if (count && document.activeElement === this.input) {
      this.open();
      this.status.textContent =
        count + (count > 1 ? " suggestions disponibles" : " suggestion disponible") +
        ". Utilisez les flèches haut et bas pour les parcourir, Entrée pour ouvrir.";
    } else {
      this.close();
      this.status.textContent = document.activeElement === this.input ? "Aucune suggestion." : "";
    }
  };

  Combobox.prototype.open = function () {
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.setActive(-1);
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Combobox.prototype.setActive = function (index) {
    var options = this.listbox.querySelectorAll("[role=option]");
    if (this.active >= 0 && options[this.active]) {
      options[this.active].setAttribute("aria-selected", "false");
      options[this.active].classList.remove("is-active");
    }
    this.active = index;
    if (index >= 0 && options[index]) {
      options[index].setAttribute("aria-selected", "true");
      options[index].classList.add("is-active");
      this.input.setAttribute("aria-activedescendant", options[index].id);
      if (options[index].scrollIntoView) options[index].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Combobox.prototype.move = function (step) {
    var count = this.results.length;
    if (!count) return;
    if (!this.isOpen()) {
      this.open();
      this.setActive(step > 0 ? 0 : count - 1);
      return;
    }
    var next = this.active + step;
    if (next >= count) next = 0;
    if (next < -1) next = count - 1;
    if (next === -1) next = step > 0 ? 0 : count - 1;
    this.setActive(next);
  };

  Combobox.prototype.choose = function (index) {
    var result = this.results[index];
    if (!result || !result.url) return false;
    this.close();
    window.location.assign(result.url);
    return true;
  };

  Combobox.prototype.onKeydown = function (event) {
    if (event.altKey && event.key === "ArrowDown") {
      if (this.results.length) this.open();
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case "ArrowDown":
        this.move(1);
        event.preventDefault();
        break;
      case "ArrowUp":
        this.move(-1);
        event.preventDefault();
        break;
      case "Enter":
        // With an option active, Enter opens it; otherwise the form is submitted as usual.
        if (this.isOpen() && this.active >= 0 && this.choose(this.active)) event.preventDefault();
        break;
      case "Escape":
        if (this.isOpen()) {
          this.close();
          event.preventDefault();
          event.stopPropagation(); // the mobile menu must stay open
        } else if (this.input.value) {
          this.input.value = "";
          this.results = [];
          this.lastQuery = null;
          event.preventDefault();
          event.stopPropagation();
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.onBlur = function () {
    var self = this;
    setTimeout(function () {
      if (document.activeElement !== self.input) self.close();
    }, 0);
  };

  Combobox.prototype.onFocus = function () {
    if (this.results.length && this.query() === this.lastQuery) this.render();
  };

  Combobox.prototype.optionIndex = function (event) {
    var option = event.target.closest ? event.target.closest("[role=option]") : null;
    return option ? parseInt(option.getAttribute("data-index"), 10) : -1;
  };

  Combobox.prototype.onPointer = function (event) {
    var index = this.optionIndex(event);
    event.preventDefault();
    if (index >= 0) this.choose(index);
  };

  Combobox.prototype.onHover = function (event) {
    var index = this.optionIndex(event);
    if (index >= 0 && index !== this.active) this.setActive(index);
  };

  function init() {
    if (typeof window.fetch !== "function") return;
    var inputs = document.querySelectorAll("input[data-autocomplete]");
    Array.prototype.forEach.call(inputs, function (input) {
      new Combobox(input); // eslint-disable-line no-new
    });
    // Facets: open beside the results on wide screens, folded above them on small ones.
    var facets = document.querySelector("[data-facets]");
    if (facets && window.matchMedia && !window.matchMedia("(min-width: 62.0625rem)").matches) {
      facets.open = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
