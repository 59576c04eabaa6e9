// Page behaviours of Supportdesk, driven by data attributes: the Content-Security-Policy allows
// scripts from our own origin only, so templates carry no inline <script> and no on* handlers.
(function () {
  "use strict";

  // <form data-guess-time-zone="ID">: the select ID starts from the browser's time zone when it
  // is one we offer; the customer can still change it.
  function guessTimeZone(form) {
    var select = document.getElementById(form.getAttribute("data-guess-time-zone"));
    var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!select || !zone) return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { select.value = zone; return; }
    }
  }

  // <fieldset data-shown-when="ID" data-shown-value="VALUE">: shown only while the control ID
  // holds VALUE; a hidden fieldset is disabled, so it sends nothing.
  function showWhen(fieldset) {
    var control = document.getElementById(fieldset.getAttribute("data-shown-when"));
    var wanted = fieldset.getAttribute("data-shown-value");
    if (!control) return;
    function sync() {
      var on = control.value === wanted;
      fieldset.hidden = !on;
      fieldset.disabled = !on;
    }
    control.addEventListener("change", sync);
    sync();
  }

  // <div data-local-hours data-zone="ZONE" data-url="URL"> (visitors only): the page was
  // rendered for ZONE; when the browser's zone differs, fetch URL&tz=<browser zone> (the hours
  // in that zone, or nothing when they read the same as Moscow's), put it in, and remember the
  // zone in a cookie so that the server renders the next page in it (no script: Moscow time).
  function localHours(box) {
    var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    var url = box.getAttribute("data-url");
    if (!zone || !url || !/^[A-Za-z0-9_+\-\/]+$/.test(zone)) return;
    if (zone === box.getAttribute("data-zone")) return;
    document.cookie = "desk_tz=" + zone + "; path=/; max-age=31536000; samesite=lax";
    var sep = url.indexOf("?") < 0 ? "?" : "&";
    fetch(url + sep + "tz=" + encodeURIComponent(zone), { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (html === null) return;
        box.innerHTML = html;
        box.setAttribute("data-zone", zone);
      })
      .catch(function () { /* keep the server's rendering */ });
  }

  // Console keyboard shortcuts (the "?" button lists them): in the queue j/k move the
  // selection, Enter opens the selected request, x ticks it for the action bar; on a request r
  // goes to the reply. Never while typing in a field or with a modifier key held.
  var selectedTicket = null;

  function queueRows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue-table] tr[data-ticket]"));
  }

  function markSelected() {
    queueRows().forEach(function (row) {
      var on = row.getAttribute("data-ticket") === selectedTicket;
      row.classList.toggle("is-selected", on);
      if (on) row.setAttribute("aria-current", "true"); else row.removeAttribute("aria-current");
    });
  }

  function moveSelection(step) {
    var rows = queueRows();
    if (!rows.length) return;
    var ids = rows.map(function (row) { return row.getAttribute("data-ticket"); });
    var at = ids.indexOf(selectedTicket);
    at = at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
    selectedTicket = ids[at];
    markSelected();
    var link = rows[at].querySelector("td.ref a");
    if (link) link.focus({ preventScroll: true });
    rows[at].scrollIntoView({ block: "nearest" });
  }

  function selectedRow() {
    return document.querySelector("[data-queue-table] tr[data-ticket='" + selectedTicket + "']");
  }

  function toggleHelp(force) {
    var help = document.getElementById("shortcut-help");
    var button = document.querySelector("[data-shortcut-help]");
    if (!help) return;
    help.hidden = force === undefined ? !help.hidden : !force;
    if (button) button.setAttribute("aria-expanded", help.hidden ? "false" : "true");
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    var key = event.key;
    if (key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (key === "Escape") { toggleHelp(false); return; }
    if (document.querySelector("[data-queue-table]")) {
      if (key === "j" || key === "k") { moveSelection(key === "j" ? 1 : -1); event.preventDefault(); return; }
      var row = selectedRow();
      if (key === "Enter" && row && event.target === document.body) {
        var link = row.querySelector("td.ref a");
        if (link) { window.location.href = link.href; event.preventDefault(); }
        return;
      }
      if (key === "x" && row) {
        var box = row.querySelector("input[type=checkbox]");
        if (box) { box.checked = !box.checked; event.preventDefault(); }
        return;
      }
    }
    if (key === "r") {
      var reply = document.querySelector("[data-reply-body]");
      if (reply) { reply.focus(); reply.scrollIntoView({ block: "center" }); event.preventDefault(); }
    }
  }

  function startShortcuts() {
    if (!document.querySelector("[data-shortcut-help]")) return;
    document.addEventListener("keydown", onKey);
    document.querySelectorAll("[data-shortcut-help]").forEach(function (button) {
      button.addEventListener("click", function () { toggleHelp(); });
    });
    // The queue table is refreshed by htmx every 30 s: keep the selection on the same request.
    document.body.addEventListener("htmx:afterSwap", markSelected);
  }

  function start() {
    document.querySelectorAll("[data-guess-time-zone]").forEach(guessTimeZone);
    document.querySelectorAll("fieldset[data-shown-when]").forEach(showWhen);
    document.querySelectorAll("[data-local-hours][data-url]").forEach(localHours);
    startShortcuts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
