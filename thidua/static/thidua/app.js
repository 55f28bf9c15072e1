// Thi Đua Số — small behaviours without inline scripts (the CSP forbids them).
document.addEventListener("click", (event) => {
  const copy = event.target.closest("[data-copy-target]");
  if (copy) {
    const source = document.querySelector(copy.dataset.copyTarget);
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim()).then(() => {
        copy.textContent = "Đã sao chép";
      });
    }
  }
  const confirmer = event.target.closest("[data-confirm]");
  if (confirmer && !window.confirm(confirmer.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// A select with data-autosubmit submits its form when changed (filters on list pages).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit();
  }
});

// A button with data-print opens the browser's print dialog (e.g. the recovery codes page).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Excel imports: a progress bar's width comes from data-progress (a style attribute would break
// the CSP); applied on load and to every fragment htmx swaps in.
function applyProgress(root) {
  root.querySelectorAll("[data-progress]").forEach((bar) => {
    const value = Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0));
    bar.style.width = `${value}%`;
  });
}
document.addEventListener("DOMContentLoaded", () => applyProgress(document));
document.addEventListener("htmx:load", (event) => applyProgress(event.detail.elt));

// A form with a [data-busy-text] button shows it while uploading and is not submitted twice.
document.addEventListener("submit", (event) => {
  const button = event.target.querySelector("[data-busy-text]");
  if (button) {
    if (button.disabled) {
      event.preventDefault();
      return;
    }
    button.disabled = true;
    button.textContent = button.dataset.busyText;
  }
});

// Unit tree: the first click on a node's toggle loads its children with htmx; later clicks
// only show or hide them (the capture listener stops htmx from loading them again).
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-tree-toggle]");
  if (!toggle) {
    return;
  }
  const children = document.getElementById(toggle.dataset.treeToggle);
  if (children && children.dataset.loaded) {
    event.preventDefault();
    event.stopPropagation();
    children.hidden = !children.hidden;
    toggle.setAttribute("aria-expanded", String(!children.hidden));
  }
}, true);
document.addEventListener("htmx:afterSwap", (event) => {
  const children = event.detail.target;
  if (children && children.matches("[data-tree-children]")) {
    children.dataset.loaded = "1";
    children.hidden = false;
    const toggle = document.querySelector(`[data-tree-toggle="${children.id}"]`);
    if (toggle) {
      toggle.setAttribute("aria-expanded", "true");
    }
  }
});

// Search pickers (a unit or a person among too many for a select): clicking an option copies
// it into the hidden input; the clear button empties it. A "change" event lets filter forms
// with data-autosubmit submit themselves.
document.addEventListener("click", (event) => {
  const option = event.target.closest("[data-pick-value]");
  const clear = event.target.closest("[data-picker-clear]");
  const picker = (option || clear) && (option || clear).closest("[data-picker]");
  if (!picker) {
    return;
  }
  const hidden = picker.querySelector("[data-picker-value]");
  const input = picker.querySelector("[data-picker-input]");
  hidden.value = option ? option.dataset.pickValue : "";
  input.value = option ? option.dataset.pickLabel : "";
  picker.querySelector(".td-picker-results").replaceChildren();
  hidden.dispatchEvent(new Event("change", { bubbles: true }));
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && event.target.matches("[data-picker-input]")) {
    event.target.closest("[data-picker]").querySelector(".td-picker-results").replaceChildren();
  }
});

// Filter forms marked data-drop-empty leave empty fields out of their htmx requests, so the
// pushed address stays short and readable ("/can-bo/?q=nguyen+van+an", not ten empty filters).
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb !== "get" || !event.detail.elt.closest("[data-drop-empty]")) {
    return;
  }
  const data = event.detail.formData;
  for (const [key, value] of Array.from(data.entries())) {
    if (value === "") {
      data.delete(key);
    }
  }
});

// Plan tree (movements/criteria): an inline form swapped into a [data-slot] shows the slot (and
// its table row) and takes the focus; its cancel link ([data-slot-cancel]) empties and hides the
// slot instead of reloading the page (without JavaScript it is a plain link back to the tree).
function showSlot(slot) {
  const empty = slot.innerHTML.trim() === "";
  slot.hidden = empty;
  const row = slot.closest("[data-slot-row]");
  if (row) {
    row.hidden = empty;
  }
  const first = slot.querySelector("input:not([type=hidden]), select, textarea");
  if (first) {
    first.focus();
  }
}
document.addEventListener("htmx:afterSwap", (event) => {
  const slot = event.detail.target;
  if (slot && slot.matches("[data-slot]")) {
    showSlot(slot);
  }
});
document.addEventListener("click", (event) => {
  const cancel = event.target.closest("[data-slot-cancel]");
  const slot = cancel && cancel.closest("[data-slot]");
  if (slot) {
    event.preventDefault();
    slot.replaceChildren();
    showSlot(slot);
  }
});

// Registrations (movements/registrations): a checkbox with data-check-all="NAME" ticks or unticks
// every checkbox named NAME in its form ("select all → approve").
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (!all || !all.form) {
    return;
  }
  all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
