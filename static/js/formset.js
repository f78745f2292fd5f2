// "Add an activity": copy the formset's empty form with the next index and raise TOTAL_FORMS.
(function () {
  const button = document.getElementById("add-item");
  const template = document.getElementById("empty-item");
  const total = document.querySelector("input[name$='-TOTAL_FORMS']");
  if (!button || !template || !total) return;
  button.addEventListener("click", function () {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    document.getElementById("items").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = document.getElementById("items").lastElementChild;
    if (window.choosePeople) window.choosePeople(added);
    const first = added.querySelector("textarea, input, select");
    if (first) first.focus();
  });
})();
