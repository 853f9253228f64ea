// Shows each <time> as an age ("3 min ago") beside the instant, which stays in the title.
(function () {
  "use strict";
  function ago(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    if (s < 90) return s + " s ago";
    var m = Math.round(s / 60);
    if (m < 120) return m + " min ago";
    var h = Math.round(m / 60);
    return h < 48 ? h + " h ago" : Math.round(h / 24) + " days ago";
  }
  var now = Date.now();
  document.querySelectorAll("time[datetime]").forEach(function (t) {
    var at = Date.parse(t.getAttribute("datetime"));
    if (!isNaN(at)) {
      t.title = t.getAttribute("datetime");
      t.textContent = ago(now - at);
    }
  });
  document.body.setAttribute("data-ages", "shown");
})();
