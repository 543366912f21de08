// Coffee Mug pages: feedback without a full reload, and reading time on the article page.
// Every action is a plain form that also works without JavaScript; this script upgrades it.
(function () {
  "use strict";

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Older browsers: RFC 4122 version 4 from getRandomValues.
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function sendEvent(type, articleId, extra, keepalive) {
    var event = {
      id: uuid(), type: type, article_id: Number(articleId),
      occurred_at: new Date().toISOString(), channel: "intranet"
    };
    Object.keys(extra || {}).forEach(function (k) { event[k] = extra[k]; });
    return fetch("/api/events", {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(event)
    }).then(function (r) {
      if (!r.ok) throw new Error("event rejected: " + r.status);
      return r;
    });
  }

  function announce(text) {
    var live = document.getElementById("live");
    if (live) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 30); }
  }

  function removeCard(card) {
    card.classList.add("leaving");
    setTimeout(function () {
      var list = card.parentNode;
      card.remove();
      if (list && !list.querySelector(".card")) {
        var lane = list.closest("[data-lane]");
        if (lane && lane.dataset.lane === "must") lane.remove();
      }
    }, 260);
  }

  // After "Not interested" the card folds to one line with an Undo button.
  function foldCard(card, form) {
    var undo = card.querySelector("form.undo");
    if (!undo) { removeCard(card); return; }
    var chosen = form.querySelector("[name=topic]:checked");
    undo.querySelector("[name=topic]").value = chosen ? chosen.value : "";
    card.classList.add("dismissed");
    undo.hidden = false;
    var again = undo.querySelector("button");
    if (again) again.focus();
  }

  function unfoldCard(card) {
    var undo = card.querySelector("form.undo");
    card.classList.remove("dismissed");
    if (undo) undo.hidden = true;
    var details = card.querySelector("details.dismiss");
    if (details) { details.open = false; details.querySelector("summary").focus(); }
  }

  // Like and Save: the same form gives or takes back, and the button shows which holds.
  function flipToggle(form, button) {
    var given = form.dataset.event === form.dataset.give;
    var next = given ? form.dataset.take : form.dataset.give;
    form.dataset.event = next;
    form.querySelector("[name=type]").value = next;
    if (button) button.setAttribute("aria-pressed", given ? "true" : "false");
    announce(given ? form.dataset.given : form.dataset.taken);
  }

  function fieldsOf(form) {
    var extra = {};
    var reason = form.querySelector("[name=reason]");
    if (reason && reason.value) extra.reason = reason.value;
    var topic = form.querySelector("[name=topic]:checked") || form.querySelector("input[type=hidden][name=topic]");
    if (topic && topic.value) extra.topic = topic.value;
    return extra;
  }

  function afterSent(form, type, card, button) {
    if (form.classList.contains("toggle")) { flipToggle(form, button); return; }
    if (form.dataset.done) announce(form.dataset.done);
    if (type === "article_dismissed" && card) foldCard(card, form);
    else if (type === "article_dismissal_undone" && card) unfoldCard(card);
    else if ((type === "article_acknowledged" || type === "article_unsaved") && card) removeCard(card);
    else if (button) button.setAttribute("aria-pressed", "true");
    if (type === "article_shared" && navigator.clipboard && form.dataset.link) {
      navigator.clipboard.writeText(new URL(form.dataset.link, location.href).href).catch(function () {});
    }
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches("form[data-event]")) return;
    ev.preventDefault();
    var type = form.dataset.event;
    var card = form.closest("[data-article]");
    var articleId = form.querySelector("[name=article_id]").value;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    sendEvent(type, articleId, fieldsOf(form)).then(function () {
      if (button) button.disabled = false;
      afterSent(form, type, card, button);
    }).catch(function () {
      if (button) button.disabled = false;
      announce(document.body.dataset.errorText || "Error");
    });
  });

  // Reading time: counts only while the page is visible, sent once when the reader leaves.
  var reading = document.querySelector("[data-reading]");
  if (reading) {
    var total = 0;
    var since = document.visibilityState === "visible" ? Date.now() : null;
    var sent = false;
    var flush = function () {
      if (since !== null) { total += Date.now() - since; since = null; }
    };
    var send = function () {
      flush();
      if (sent || total < 1000) return;
      sent = true;
      sendEvent("article_read", reading.dataset.reading,
        { dwell_seconds: Math.round(total / 100) / 10 }, true).catch(function () {});
    };
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") send();
      else if (!sent) since = Date.now();
    });
    window.addEventListener("pagehide", send);
  }

  // The desk's audience: the reach sentence follows every tick, before anything is published.
  var audience = document.querySelector("[data-audience]");
  if (audience) {
    audience.addEventListener("change", function () {
      var form = audience.closest("form");
      fetch("/desk/reach", { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          audience.querySelectorAll("[data-reach]").forEach(function (el) {
            el.textContent = data.text;
            el.dataset.reach = data.reach;
          });
        });
    });
  }

  // Markdown preview on the desk: asks the server so preview and article render the same.
  var previewButton = document.querySelector("[data-preview]");
  if (previewButton) {
    previewButton.addEventListener("click", function (ev) {
      var form = previewButton.form;
      var target = document.getElementById("preview");
      if (!form || !target) return;
      ev.preventDefault();
      var data = new FormData(form);
      fetch("/desk/preview", { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) { target.innerHTML = html; target.hidden = false; });
    });
  }
})();
