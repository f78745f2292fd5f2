// A "Print" button (data-print) opens the browser's print dialogue: the print pages of the paper forms and
// the election's code slips. A listener, not an onclick attribute: the Content-Security-Policy runs no
// inline handler (issue 16).
document.addEventListener("click", function (event) {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});
