// grader's pages: class progress, confirmations, "go back", and the rubric page's checks as
// the teacher types. No external requests.
(function () {
  "use strict";
  var progress = document.getElementById("progress");
  if (progress && progress.dataset.finished === "no") {
    var bar = progress.querySelector("progress");
    var status = progress.querySelector(".status");
    var poll = function () {
      fetch(progress.dataset.progress, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          bar.max = state.total || 1;
          bar.value = state.done;
          status.textContent = "Marking " + state.done + " of " + state.total + " files…" +
            (state.current ? " (" + state.current + ")" : "");
          if (state.finished) { window.location.reload(); } else { window.setTimeout(poll, 400); }
        })
        .catch(function () { window.setTimeout(poll, 1500); });
    };
    poll();
  }
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
    });
  });
  var rubric = document.getElementById("rubric-form");
  if (rubric) {
    var timer = null;
    var asked = 0;
    var save = document.getElementById("save");
    var hint = document.getElementById("save-hint");
    var show = function (state) {
      rubric.querySelectorAll("[data-for]").forEach(function (span) {
        var problem = state.problems[span.dataset.for] || "";
        span.textContent = problem;
        var input = rubric.querySelector('input[name="' + CSS.escape(span.dataset.for) + '"]');
        if (input && problem) { input.setAttribute("aria-invalid", "true"); }
        if (input && !problem) { input.removeAttribute("aria-invalid"); }
      });
      var other = document.getElementById("other-problems");
      var list = other.querySelector("ul");
      list.textContent = "";
      state.other.forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      other.hidden = state.other.length === 0;
      document.getElementById("preview").innerHTML = state.preview;  // our own template's HTML
      document.getElementById("rubric-text").textContent = state.text;
      var found = document.getElementById("facts-check");
      if (found && state.facts_check) {
        var opened = found.querySelector("details[open]") !== null;
        found.innerHTML = state.facts_check;  // our own template's HTML
        var details = found.querySelector("details");
        if (details && opened) { details.open = true; }
      }
      rubric.querySelectorAll("[data-share]").forEach(function (span) {
        var share = (state.shares || {})[span.dataset.share];
        span.textContent = share ? share + " of the marks" : "";
      });
      rubric.querySelectorAll("[data-fact-found]").forEach(function (span) {
        var got = (state.fact_found || {})[span.dataset.factFound];
        span.textContent = got ? "in the essay: " + got : "";
      });
      var sheetText = document.getElementById("sheet-text");
      if (sheetText) {
        sheetText.textContent = state.sheet_text;
        sheetText.hidden = !state.sheet_text;
        document.getElementById("sheet-text-hint").hidden = !state.sheet_text;
      }
      save.disabled = !state.valid;
      hint.textContent = state.valid ? "Saving keeps every earlier version." :
        "Put right the values marked in red to save.";
      rubric.dataset.checked = String(asked);
    };
    var check = function () {
      var number = ++asked;
      var body = new FormData(rubric);
      fetch(rubric.dataset.preview, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (state) { if (number === asked) { show(state); } })
        .catch(function () { hint.textContent = "Could not check the change: is the server running?"; });
    };
    rubric.addEventListener("input", function () {
      window.clearTimeout(timer);
      rubric.dataset.checked = "";
      timer = window.setTimeout(check, 250);
    });
  }
})();
