// Choosing people from a long list of checkboxes (school_gov.forms.PeopleCheckboxes): a box above the
// list finds a name as it is typed, blind to case, Kyrgyz letters included. The chosen stay shown; without
// this script the plain list of checkboxes works the same. `choosePeople(root)` enhances the lists inside
// `root` (formset.js calls it for an activity it adds).
(function () {
  const LONG = 6;

  function enhance(root) {
    const groups = new Map();
    root.querySelectorAll("input[data-choose-people]").forEach(function (input) {
      if (!groups.has(input.name)) groups.set(input.name, []);
      groups.get(input.name).push(input);
    });
    groups.forEach(function (inputs) {
      const first = inputs[0].closest(".form-check") || inputs[0].parentElement;
      const list = first.parentElement;
      if (inputs.length <= LONG || list.classList.contains("choose-people")) return;
      const search = document.createElement("input");
      search.type = "search";
      search.className = "form-control form-control-sm mb-2 choose-people-search";
      search.placeholder = document.documentElement.dataset.findLabel || "";
      search.setAttribute("aria-label", search.placeholder);
      list.insertBefore(search, first);
      list.classList.add("choose-people");
      search.addEventListener("input", function () {
        const wanted = search.value.trim().toLocaleLowerCase();
        inputs.forEach(function (input) {
          const row = input.closest(".form-check") || input.parentElement;
          const label = (row.textContent || "").toLocaleLowerCase();
          row.hidden = wanted !== "" && !label.includes(wanted) && !input.checked;
        });
      });
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();  // finding a name never submits the form
      });
    });
  }

  window.choosePeople = enhance;
  enhance(document);
})();
