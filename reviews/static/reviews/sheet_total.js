// The score sheet's running total: the points typed so far, added up as the expert types.
// (The page shows the saved total without JavaScript; the confirmation step shows it too.)
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const output of document.querySelectorAll("[data-sheet-total]")) {
    const form = output.closest("form");
    const inputs = form ? form.querySelectorAll("input[data-points]") : [];
    if (inputs.length === 0) continue; // a locked sheet: the saved total stands
    const update = () => {
      let hundredths = 0;
      for (const input of inputs) {
        const value = Number.parseFloat(input.value);
        if (Number.isFinite(value)) hundredths += Math.round(value * 100);
      }
      output.textContent = (hundredths / 100).toFixed(2);
    };
    form.addEventListener("input", update);
    update();
  }
});
