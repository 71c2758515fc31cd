// kefu's chat widget. Add it to any page:
//
//   <script src="https://kefu.example.com/widget.js" data-kb="default"
//           data-token="CUSTOMER_JWT" data-lang="zh" async></script>
//
// This loader reads its attributes, then imports the widget's modules from the same server
// (they need the page's origin in KEFU_CORS_ORIGINS, as the API calls do). docs/web.md.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.KefuWidget) return;
  var base = new URL(".", script.src).href.replace(/\/$/, "");
  var data = script.dataset;
  var options = {
    base: base,
    kb: data.kb,
    token: data.token,
    lang: data.lang,
    sourceUrl: data.sourceUrl,
    starters: data.starters ? data.starters.split("|").filter(Boolean) : undefined,
  };
  window.KefuWidget = import(base + "/static/widget/widget.js")
    .then(function (widget) {
      return widget.mountFloating(options);
    })
    .catch(function (error) {
      console.error("kefu widget could not start:", error);
    });
})();
