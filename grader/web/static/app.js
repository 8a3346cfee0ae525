// grader's pages: class progress, confirmations, and "go back". No external requests.
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
})();
