// The scoring sheet (initiatives/reviews/sheet.html): the weighted total out of 100 follows the
// levels ticked, Σ weight × level ÷ top level of the criterion, shown with a decimal comma.
// The server computes the same total when the sheet is saved; this is only the live preview.
(function () {
  function update(form) {
    let total = 0;
    form.querySelectorAll("input[type=radio][data-weight]:checked").forEach((radio) => {
      const weight = parseFloat(radio.dataset.weight);
      const score = parseFloat(radio.dataset.score);
      const top = parseFloat(radio.dataset.top);
      if (top > 0) {
        total += (weight * score) / top;
      }
    });
    const output = form.querySelector("[data-review-total]");
    if (output) {
      output.textContent = total.toFixed(2).replace(".", ",");
    }
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-review-sheet]").forEach(update);
  });
  document.addEventListener("change", (event) => {
    const form = event.target.closest("[data-review-sheet]");
    if (form && event.target.matches("input[type=radio][data-weight]")) {
      update(form);
    }
  });
})();
