// Thi Đua Số — the document template form (no inline scripts: the CSP forbids them).
// A placeholder button inserts "{{ten}}" at the cursor of the field last edited (the first
// field when none was); choosing another unit reloads the form with that unit's wording when
// nothing was typed yet. Without JavaScript the form works the same: type the placeholders.
(() => {
  const form = document.querySelector("[data-template-form]");
  if (!form) {
    return;
  }
  let target = null;
  let dirty = false;

  form.addEventListener("focusin", (event) => {
    if (event.target.matches("[data-template-field]")) {
      target = event.target;
    }
  });
  form.addEventListener("input", () => {
    dirty = true;
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-insert]");
    if (!button) {
      return;
    }
    const field = target || form.querySelector("[data-template-field]");
    if (!field) {
      return;
    }
    const text = button.dataset.insert;
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    field.setRangeText(text, start, end, "end");
    field.focus();
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });

  const unit = form.querySelector("[data-autosubmit-unit]");
  if (unit) {
    unit.addEventListener("change", () => {
      if (dirty) {
        return; // what was typed is kept; saving applies it to the unit now chosen
      }
      const url = new URL(window.location.href);
      url.searchParams.set("don_vi", unit.value);
      window.location.assign(url.toString());
    });
  }
})();
