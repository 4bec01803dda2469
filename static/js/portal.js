/* Progressive enhancement only: every page works without this file.
 *
 * 1. Search filters: changing one shows the new results at once (fetched, the page stays where
 *    it is, focus stays on the filter, a screen reader hears the new count). Without
 *    JavaScript the "Filter anwenden" button does the same with a page load.
 * 2. "Meine Gemeinde": remembered on this device only (localStorage, never sent anywhere by
 *    itself) when the reader asks for it on a municipality page; searches then list what is
 *    closest to it first, by adding it to the search address (bei=…).
 */
(function () {
  "use strict";

  var KEY = "portal.meineGemeinde";

  function remembered() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "null");
      return value && typeof value.slug === "string" && /^[a-z0-9-]+$/.test(value.slug) ? value : null;
    } catch (e) {
      return null;
    }
  }

  function remember(slug, name) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ slug: slug, name: name }));
      return true;
    } catch (e) {
      return false;
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(KEY);
    } catch (e) { /* nothing stored */ }
  }

  /* Searches sort by "Meine Gemeinde" unless the page already says where. */
  function addMyMunicipality(form, mine) {
    if (!mine || form.querySelector("[name=bei]")) return;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "bei";
    input.value = mine.slug;
    form.appendChild(input);
  }

  /* A municipality page offers to remember it; the start page shows what is remembered. */
  function setUpMyMunicipality(mine) {
    var button = document.querySelector("[data-remember-municipality]");
    if (button) {
      var status = document.querySelector("[data-remember-status]");
      var isMine = mine && mine.slug === button.dataset.slug;
      button.hidden = false;
      button.setAttribute("aria-pressed", isMine ? "true" : "false");
      button.addEventListener("click", function () {
        var pressed = button.getAttribute("aria-pressed") === "true";
        if (pressed) {
          forget();
        } else if (!remember(button.dataset.slug, button.dataset.name)) {
          return;
        }
        button.setAttribute("aria-pressed", pressed ? "false" : "true");
        if (status) status.textContent = pressed ? button.dataset.forgotten : button.dataset.remembered;
      });
    }
    var note = document.querySelector("[data-my-municipality-note]");
    if (note && mine) {
      var template = document.getElementById("my-municipality-template");
      if (!template) return;
      note.appendChild(template.content.cloneNode(true));
      var link = note.querySelector("a");
      link.textContent = mine.name;
      link.href = note.dataset.base + encodeURIComponent(mine.slug) + "/";
      note.querySelector("button").addEventListener("click", function () {
        forget();
        note.hidden = true;
      });
      note.hidden = false;
      var select = document.querySelector(".hero__picker select");
      if (select && !select.value) select.value = mine.slug;
    }
  }

  /* Filters show their results without a page load. */
  function setUpFilters() {
    var form = document.querySelector("form.search-form");
    var status = document.querySelector("[data-results-status]");
    if (!form || !window.fetch || !window.DOMParser) return;
    var request = 0;
    form.addEventListener("change", function (event) {
      if (!event.target.matches("[data-auto-submit]")) return;
      var params = new URLSearchParams(new FormData(form));
      Array.from(params.keys()).forEach(function (name) {
        if (!params.get(name)) params.delete(name);
      });
      var url = form.action + (params.toString() ? "?" + params.toString() : "");
      var mine = ++request;
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          if (mine !== request) return; // a newer change is on its way
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById("treffer");
          var old = document.getElementById("treffer");
          if (fresh && old) old.replaceWith(document.importNode(fresh, true));
          form.querySelectorAll("select").forEach(function (select) {
            var other = page.getElementById(select.id);
            if (!other) return;
            Array.from(select.options).forEach(function (option, i) {
              if (other.options[i]) option.textContent = other.options[i].textContent;
            });
          });
          var freeLabel = page.querySelector("label[for=filter-kostenlos]");
          var ownLabel = form.querySelector("label[for=filter-kostenlos]");
          if (freeLabel && ownLabel) ownLabel.textContent = freeLabel.textContent;
          var count = page.getElementById("treffer-anzahl");
          if (status) status.textContent = count ? count.textContent : "";
          window.history.replaceState(null, "", url);
        })
        .catch(function () { form.submit(); }); // offline or an error: the normal way
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var mine = remembered();
    document.querySelectorAll("form[role=search]").forEach(function (form) {
      addMyMunicipality(form, mine);
    });
    setUpMyMunicipality(mine);
    setUpFilters();
  });
})();
