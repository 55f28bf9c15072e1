// Thi Đua Số — the initiative form's authors editor (no inline scripts: the CSP forbids them).
// Adding a co-author clones the page's <template> row and numbers it; removing drops the row;
// the kind select shows the person search or the external name and workplace; the total of
// the shares is recomputed as the author types. A suggested area, once chosen, fills the area
// select. Without JavaScript the form still works: the server checks and shows every error.
(() => {
  const TEMPLATE_PREFIX = "tac_gia--1-";

  function parseShare(text) {
    const cleaned = text.trim().replace("%", "").trim().replace(",", ".");
    if (cleaned === "") {
      return 0;
    }
    const value = Number(cleaned);
    return Number.isFinite(value) ? value : NaN;
  }

  function formatShare(value) {
    const rounded = Math.round(value * 100) / 100;
    return String(rounded).replace(".", ",");
  }

  function updateTotal(form) {
    const total = form.querySelector("[data-share-total]");
    if (!total) {
      return;
    }
    let sum = 0;
    let valid = true;
    form.querySelectorAll("[data-author-row] [data-share]").forEach((input) => {
      const value = parseShare(input.value);
      if (Number.isNaN(value)) {
        valid = false;
      } else {
        sum += value;
      }
    });
    const exact = valid && Math.abs(sum - 100) < 0.005;
    total.textContent = valid ? `${formatShare(sum)} %` : "—";
    total.classList.toggle("text-danger", !exact);
    total.classList.toggle("text-success", exact);
  }

  function showKind(row) {
    const select = row.querySelector("[data-author-kind]");
    const external = select && select.value === "ngoai";
    row.querySelectorAll("[data-kind-internal]").forEach((el) => { el.hidden = Boolean(external); });
    row.querySelectorAll("[data-kind-external]").forEach((el) => { el.hidden = !external; });
  }

  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-author]");
    if (add) {
      const form = add.closest("form");
      const rows = form.querySelector("[data-author-rows]");
      const template = document.getElementById("author-row-template");
      const index = Number(rows.dataset.nextIndex || rows.children.length);
      rows.dataset.nextIndex = String(index + 1);
      const html = template.innerHTML.split(TEMPLATE_PREFIX).join(`tac_gia-${index}-`);
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const row = holder.firstElementChild;
      rows.appendChild(row);
      if (window.htmx) {
        window.htmx.process(row);
      }
      const first = row.querySelector("input[type=search], input[type=text]");
      if (first) {
        first.focus();
      }
      updateTotal(form);
      return;
    }
    const remove = event.target.closest("[data-remove-author]");
    if (remove) {
      const form = remove.closest("form");
      remove.closest("[data-author-row]").remove();
      updateTotal(form);
    }
  });

  document.addEventListener("input", (event) => {
    if (event.target.matches("[data-share]")) {
      updateTotal(event.target.closest("form"));
    }
  });

  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-author-kind]")) {
      showKind(event.target.closest("[data-author-row]"));
    }
    if (event.target.matches("input[name=area_suggestion]")) {
      const select = document.querySelector("[data-area-select]");
      if (select) {
        select.value = event.target.value;
      }
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-initiative-form]").forEach((form) => {
      form.querySelectorAll("[data-author-row]").forEach(showKind);
      updateTotal(form);
    });
  });
})();
