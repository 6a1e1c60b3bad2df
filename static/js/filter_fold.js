// On a phone a list's filters fold behind their summary, so the list comes first; they
// stay open while some are in use, and everywhere on a wider screen.
document.querySelectorAll("details.filters-fold").forEach((fold) => {
  if (window.matchMedia("(max-width: 40rem)").matches && !fold.hasAttribute("data-active")) {
    fold.open = false;
  }
});
