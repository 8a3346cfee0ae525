// Tie each highlight to its numbered note, and let readers hide kinds of highlight.
(function () {
  "use strict";
  function activate(ids) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    ids.forEach(function (id, i) {
      var note = document.getElementById(id);
      if (!note) { return; }
      note.classList.add("active");
      if (i === 0) { note.scrollIntoView({ block: "nearest" }); }
    });
    document.querySelectorAll("mark.hl").forEach(function (mark) {
      var own = (mark.getAttribute("data-notes") || "").split(" ");
      if (own.some(function (id) { return ids.indexOf(id) >= 0; })) { mark.classList.add("active"); }
    });
  }
  document.querySelectorAll("mark.hl").forEach(function (mark) {
    var ids = (mark.getAttribute("data-notes") || "").split(" ").filter(Boolean);
    mark.addEventListener("click", function () { activate(ids); });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); activate(ids); }
    });
  });
  document.querySelectorAll("a.marker").forEach(function (link) {
    link.addEventListener("click", function () { activate([link.getAttribute("href").slice(1)]); });
  });
  var body = document.querySelector("main");
  document.querySelectorAll("input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  });
})();
