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

  function start() {
    document.querySelectorAll("[data-guess-time-zone]").forEach(guessTimeZone);
    document.querySelectorAll("fieldset[data-shown-when]").forEach(showWhen);
    document.querySelectorAll("[data-local-hours][data-url]").forEach(localHours);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
