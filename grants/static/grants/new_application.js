// The new application page: offer only the chosen call's guide items, and show the
// description of the item chosen. Served as a file (the Content-Security-Policy allows
// no inline script); without it the page still works, showing the item chosen at load.
(function () {
  "use strict";
  function setUp(form) {
    var call = form.querySelector("select[name=call]");
    var item = form.querySelector("select[name=guide_item]");
    if (!item) { return; }
    var descriptions = form.querySelectorAll("[data-guide-description]");
    function showDescription() {
      descriptions.forEach(function (block) {
        block.hidden = block.getAttribute("data-guide-description") !== item.value;
      });
    }
    function offerCallItems() {
      if (!call) { return; }
      Array.prototype.forEach.call(item.options, function (option) {
        var of = option.getAttribute("data-call");
        var offered = !of || !call.value || of === call.value;
        option.hidden = !offered;
        option.disabled = !offered;
        if (!offered && option.selected) { item.value = ""; }
      });
      showDescription();
    }
    if (call) { call.addEventListener("change", offerCallItems); }
    item.addEventListener("change", showDescription);
    offerCallItems();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-new-application]").forEach(setUp);
  });
})();
