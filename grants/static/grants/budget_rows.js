// "Add a budget line" on the draft page: clone the formset's empty form (kept in a
// <template>), number it, and count it in the management form — no reload, nothing saved.
// Served as a file (the Content-Security-Policy allows no inline script); without it the
// button stays hidden and the blank lines of the form serve.
(function () {
  "use strict";
  function setUp(button) {
    var container = document.getElementById(button.getAttribute("data-add-row"));
    var template = document.getElementById(button.getAttribute("data-row-template"));
    if (!container || !template) { return; }
    var prefix = container.getAttribute("data-formset-prefix");
    var total = container.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var body = container.querySelector("tbody");
    if (!total || !body) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var holder = document.createElement("tbody");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.querySelector("tr");
      body.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("select, input:not([type=hidden]), textarea");
      if (first) { first.focus(); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-add-row]").forEach(setUp);
  });
})();
