// A refused form: the first field to correct gets the focus, so a keyboard or screen-reader user lands on
// it (the summary on top lists every one, templates/_error_summary.html).
(function () {
  const first = document.querySelector("main .is-invalid, main [aria-invalid='true']");
  if (first && typeof first.focus === "function") first.focus();
})();
