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

  function start() {
    document.querySelectorAll("[data-guess-time-zone]").forEach(guessTimeZone);
    document.querySelectorAll("fieldset[data-shown-when]").forEach(showWhen);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
