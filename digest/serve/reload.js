// Live reload for `digest serve`: injected into served pages only, never part of a built site.
// The page reloads when the site it came from was rebuilt, and shows the errors of a failed rebuild
// in an overlay that goes away once the file is fixed.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script.getAttribute("data-version");
  var source = new EventSource(script.getAttribute("data-events"));
  var overlay = null;

  function show(errors) {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    if (!errors.length) {
      return;
    }
    overlay = document.createElement("div");
    overlay.id = "digest-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "background:rgba(40,0,0,.92);color:#fff;font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap";
    var title = document.createElement("strong");
    title.textContent = "The last change could not be built; this is the last good version of the site.\n\n";
    overlay.appendChild(title);
    overlay.appendChild(document.createTextNode(errors.join("\n\n")));
    document.body.appendChild(overlay);
  }

  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.version !== version) {
      source.close();
      location.reload();
      return;
    }
    show(state.errors);
  });
})();
