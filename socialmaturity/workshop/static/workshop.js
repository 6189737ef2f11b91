// Live updates for the workshop's pages. Everything works without this script (plain
// forms and links); with it, a page follows the workshop by itself: the counts change
// in place, and when the question, its round or the reveal changes, the page's <main>
// is fetched again from the server (escaped HTML from the workshop itself).
(function () {
  "use strict";
  var main = document.querySelector("main[data-events]");
  if (!main || !window.EventSource || !window.fetch) return;
  var source = new EventSource(main.getAttribute("data-events"));
  var fetching = false;

  function refresh() {
    if (fetching) return;
    fetching = true;
    var here = location.pathname;  // not the ?saved=1 notice of the last vote
    fetch(here, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        var current = document.querySelector("main");
        if (fresh && current) current.replaceWith(document.importNode(fresh, true));
        if (location.search) history.replaceState(null, "", here);
      })
      .catch(function () {})
      .then(function () { fetching = false; });
  }

  source.onmessage = function (event) {
    var state;
    try { state = JSON.parse(event.data); } catch (e) { return; }
    var current = document.querySelector("main");
    var counts = document.querySelectorAll("[data-count]");
    for (var i = 0; i < counts.length; i++) {
      var key = counts[i].getAttribute("data-count");
      if (Object.prototype.hasOwnProperty.call(state, key)) counts[i].textContent = String(state[key]);
    }
    if (current && current.getAttribute("data-state") !== state.view) refresh();
  };
})();
