// The share composer: live preview and length per network, caption starters, hashtags, the
// coach's tips while typing, and sharing through the API, which opens the network's own page.
// Without JavaScript the form posts to the page and the same checks run on the server.
(function () {
  "use strict";
  var form = document.getElementById("composer");
  if (!form) return;
  var text = document.getElementById("text");
  var counter = document.getElementById("counter");
  var preview = document.getElementById("preview-text");
  var confirmBox = document.getElementById("confirm-unchanged");
  var disclosure = form.dataset.disclosure || "";
  var articleId = Number(form.dataset.article);
  var X_LINK = 23;  // X counts every link as 23 characters
  var linkLength = (location.origin + "/s/").length + 22;
  var timer = null;

  function network() {
    var checked = form.querySelector("input[name=network]:checked");
    return checked ? checked : form.querySelector("input[name=network]");
  }

  function composed() {
    var body = text.value.trim();
    if (disclosure && body.toLowerCase().indexOf(disclosure.toLowerCase()) < 0) {
      body = body + "\n\n" + disclosure;
    }
    return body;
  }

  function update() {
    var net = network();
    var post = composed();
    var length = post.length + 1 + (net.value === "x" ? X_LINK : linkLength);
    var limit = Number(net.dataset.limit);
    counter.textContent = length + " / " + limit;
    counter.classList.toggle("error", length > limit);
    preview.textContent = post + "\n" + location.origin + "/s/…";
    clearTimeout(timer);
    timer = setTimeout(askCoach, 400);
  }

  function listItems(target, items) {
    target.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var strong = document.createElement("strong");
      strong.textContent = item[0];
      li.appendChild(strong);
      if (item[1]) {
        li.appendChild(document.createElement("br"));
        var span = document.createElement("span");
        span.className = "small muted";
        span.textContent = item[1];
        li.appendChild(span);
      }
      if (item[2]) {
        var link = document.createElement("a");
        link.href = item[2]; link.textContent = " " + item[3]; link.target = "_blank"; link.rel = "noopener";
        li.appendChild(link);
      }
      target.appendChild(li);
    });
  }

  function showCoach(data) {
    document.getElementById("coach-score").textContent = data.score;
    listItems(document.getElementById("coach-tips"),
      data.tips.map(function (t) { return [t.message, t.reason]; }));
    showViolations(data.violations);
  }

  // The preview with the guideline's findings marked where they are in the text.
  function markPreview(violations) {
    var body = text.value;
    var post = composed();
    preview.textContent = "";
    var at = 0;
    (violations || []).slice().sort(function (a, b) { return a.start - b.start; })
      .forEach(function (v) {
        if (v.start < at || v.end > body.length) return;
        preview.appendChild(document.createTextNode(body.slice(at, v.start)));
        var mark = document.createElement("mark");
        mark.textContent = body.slice(v.start, v.end);
        mark.title = v.clause;
        mark.className = v.severity === "block" ? "blocks" : "warns";
        preview.appendChild(mark);
        at = v.end;
      });
    preview.appendChild(document.createTextNode(body.slice(at) + post.slice(body.trim().length) +
      "\n" + location.origin + "/s/…"));
  }

  function showViolations(violations) {
    markPreview(violations);
    listItems(document.getElementById("coach-violations"), (violations || []).map(function (v) {
      return ["⚠ " + v.match, v.severity === "block" ? form.dataset.blockedText : "", v.clause_url, v.clause];
    }));
  }

  function askCoach() {
    if (!text.value.trim()) return;
    fetch("/api/coach", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text.value, network: network().value,
                             language: form.dataset.lang, article_id: articleId })
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) showCoach(data); });
  }

  function notice(kind, id, message) {
    var old = document.getElementById(id);
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "notice " + kind; box.id = id; box.setAttribute("role", kind === "ok" ? "status" : "alert");
    box.textContent = message;
    form.parentNode.parentNode.insertBefore(box, form.parentNode);
    return box;
  }

  form.addEventListener("click", function (ev) {
    var starter = ev.target.closest("[data-starter]");
    if (starter) { text.value = starter.dataset.starter; text.focus(); update(); }
    var tag = ev.target.closest("[data-tag]");
    if (tag) { text.value = text.value.replace(/\s*$/, "") + " " + tag.dataset.tag; update(); }
  });
  form.addEventListener("change", update);
  text.addEventListener("input", update);

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var net = network().value;
    // Opened at the click so that the browser allows it; pointed at the network once stored.
    var win = net === "instagram" ? null : window.open("", "_blank");
    fetch("/api/shares", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ article_id: articleId, network: net, text: text.value,
                             confirm_unchanged: !!(confirmBox && confirmBox.checked) })
    }).then(function (r) {
      return r.json().then(function (data) { return { status: r.status, data: data }; });
    }).then(function (answer) {
      var data = answer.data;
      if (answer.status === 201) {
        if (win && data.intent_url) { win.opener = null; win.location = data.intent_url; }
        else if (win) win.close();
        if (navigator.clipboard) navigator.clipboard.writeText(data.post).catch(function () {});
        var box = notice("ok", "share-created", data.post);
        box.dataset.link = data.link;
        if (!data.intent_url) box.textContent = form.dataset.copiedText + "\n\n" + data.post;
        showCoach(data.coach);
        return;
      }
      if (win) win.close();
      if (data.error === "unchanged_caption" && confirmBox) {
        confirmBox.hidden = false;
        var label = confirmBox.parentNode;
        if (!label.querySelector("span")) {
          var span = document.createElement("span"); span.textContent = " " + form.dataset.postAnyway;
          label.appendChild(span);
        }
        notice("warn", "share-error", form.dataset.nudgeText);
      } else if (data.error === "blocked_by_guidelines") {
        notice("warn", "share-error", form.dataset.blockedText);
        showViolations(data.violations);
      } else {
        notice("warn", "share-error", data.detail || document.body.dataset.errorText);
      }
    }).catch(function () { if (win) win.close(); notice("warn", "share-error", document.body.dataset.errorText); });
  });
  update();
})();
