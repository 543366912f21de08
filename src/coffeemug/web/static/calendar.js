// Drag an article onto another day: fills the article's own "move" form with that day and
// submits it, so dragging and the keyboard's date field take the same path to the server.
(function () {
  "use strict";
  var calendar = document.querySelector("[data-calendar]");
  if (!calendar) return;
  var dragged = null;
  calendar.addEventListener("dragstart", function (event) {
    var item = event.target.closest ? event.target.closest("[data-article]") : null;
    if (!item) return;
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-article"));
  });
  calendar.addEventListener("dragover", function (event) {
    var day = event.target.closest ? event.target.closest("[data-day]") : null;
    if (!day || !dragged) return;
    event.preventDefault();
    day.classList.add("drop-target");
  });
  calendar.addEventListener("dragleave", function (event) {
    var day = event.target.closest ? event.target.closest("[data-day]") : null;
    if (day) day.classList.remove("drop-target");
  });
  calendar.addEventListener("drop", function (event) {
    var day = event.target.closest ? event.target.closest("[data-day]") : null;
    if (!day || !dragged) return;
    event.preventDefault();
    day.classList.remove("drop-target");
    var form = dragged.querySelector("form.move");
    var input = form && form.querySelector("input[name=to]");
    if (!input || input.value === day.getAttribute("data-day")) return;
    input.value = day.getAttribute("data-day");
    form.submit();
  });
})();
