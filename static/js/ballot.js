// The ballot, often on a device shared by a queue of voters: whatever the browser brings back when
// someone goes Back (its page cache or its memory of the form), the next voter sees an empty ballot.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-ballot]").forEach(function (form) {
    form.reset();
  });
});
