// Added by `outreach serve` to the pages it serves (never to the files of a build): reloads
// this page when a rebuild changes it, and shows the notice or error box serve sends.
(function () {
  "use strict";
  var box = document.getElementById("outreach-live");
  if (!box || !window.EventSource) {
    return;
  }
  var shown = box.getAttribute("data-version");
  var page = box.getAttribute("data-page");
  var hide = null;
  var events = new EventSource("/__outreach__/events?page=" + encodeURIComponent(page));
  events.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.problems.length === 0 && state.version !== shown) {
      events.close();
      window.location.reload();
      return;
    }
    // serve escapes everything in this box: it is its own markup, never the kit's text.
    box.innerHTML = state.html;
    window.clearTimeout(hide);
    if (state.pdfs === "ready") {
      hide = window.setTimeout(function () { box.innerHTML = ""; }, 5000);
    }
  });
})();
