// The admin's boxes that scroll sideways on a narrow screen (a plan's activities, wide lists) are reached
// by the keyboard too: each gets into the Tab order, named by its heading (issue 15, part 6).
(function () {
  function reach() {
    document.querySelectorAll("#content *").forEach(function (box) {
      const style = getComputedStyle(box);
      const scrolls = ["auto", "scroll"].includes(style.overflowX) && box.scrollWidth > box.clientWidth;
      if (!scrolls || box.hasAttribute("tabindex")) return;
      box.tabIndex = 0;
      if (!box.hasAttribute("role")) box.setAttribute("role", "region");
      const heading = box.querySelector("h2, caption");
      if (heading && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", heading.textContent.trim());
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reach);
  else reach();
  window.addEventListener("resize", reach);
})();
