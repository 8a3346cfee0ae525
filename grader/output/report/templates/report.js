// Tie each highlight to its numbered note, and let readers hide kinds of highlight.
(function () {
  "use strict";
  var aside = document.querySelector("aside.notes");
  var list = aside && aside.querySelector("ol");
  // The first marker of each note: where its words are.
  function markerOf(note) {
    return document.querySelector('a.marker[href="#' + note.id + '"]');
  }
  function topOf(el) {
    return el.getBoundingClientRect().top + window.scrollY;
  }
  // Put each note level with its words, pushing it down only as far as the one above needs.
  function layout() {
    if (!list) { return; }
    var wide = window.matchMedia("(min-width: 52rem)").matches;
    aside.classList.toggle("margin", wide);
    var notes = Array.prototype.slice.call(list.querySelectorAll("li.note"));
    if (!wide) {
      notes.forEach(function (note) { note.style.top = ""; });
      list.style.height = "";
      return;
    }
    var origin = topOf(list);
    var next = 0;
    notes.forEach(function (note) {
      var marker = markerOf(note);
      if (!marker || note.offsetParent === null) { return; }
      var top = Math.max(topOf(marker) - origin - 8, next);
      note.style.top = top + "px";
      next = top + note.offsetHeight + 6;
    });
    list.style.height = next + "px";
  }
  // A note opened from its words is shown at them, above its neighbours.
  function openAt(note) {
    var marker = markerOf(note);
    if (!marker || !aside.classList.contains("margin")) { return; }
    note.style.top = Math.max(topOf(marker) - topOf(list) - 8, 0) + "px";
  }
  function activate(ids) {
    layout();
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    ids.forEach(function (id, i) {
      var note = document.getElementById(id);
      if (!note) { return; }
      note.classList.add("active");
      if (list && list.contains(note)) { openAt(note); }
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
  document.querySelectorAll("a.marker, .fix-first a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      activate([link.getAttribute("href").slice(1)]);
    });
  });
  var body = document.querySelector("main");
  document.querySelectorAll("input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
      layout();
    });
  });
  if (list) {
    list.querySelectorAll("li.note").forEach(function (note) {
      note.addEventListener("click", function () {
        if (!note.classList.contains("active")) { activate([note.id]); }
      });
    });
  }
  layout();
  window.addEventListener("resize", layout);
  window.addEventListener("beforeprint", function () { aside && aside.classList.remove("margin"); });
  window.addEventListener("afterprint", layout);
})();
