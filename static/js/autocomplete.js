// Autocomplete pickers (core/widgets.py AutocompleteWidget). htmx fetches the matches into
// [data-autocomplete-results]; this file turns a chosen match into the hidden id and keeps
// the list usable with the keyboard: ArrowDown from the box into the list, ArrowUp/ArrowDown
// within it, Enter or Space picks (native buttons), Escape closes.
(() => {
  const rootOf = (element) => element.closest("[data-autocomplete]");
  const parts = (root) => ({
    value: root.querySelector("[data-autocomplete-value]"),
    input: root.querySelector("[data-autocomplete-input]"),
    results: root.querySelector("[data-autocomplete-results]"),
  });
  const options = (root) => Array.from(root.querySelectorAll("[data-autocomplete-pick]"));

  function close(root) {
    const { input, results } = parts(root);
    results.replaceChildren();
    input.setAttribute("aria-expanded", "false");
  }

  // A picked partner's leader title goes into the form's [data-prefill] input (the
  // signatory's title), unless the operator has typed one of their own there.
  function prefill(root, text) {
    const form = root.closest("form");
    const target = form && form.querySelector("[data-prefill]");
    if (!target || !text) return;
    if (!target.value || target.value === target.dataset.prefilled) {
      target.value = text;
      target.dataset.prefilled = text;
    }
  }

  function pick(button) {
    const root = rootOf(button);
    const { value, input } = parts(root);
    value.value = button.dataset.autocompletePick;
    input.value = button.dataset.autocompleteLabel;
    input.dataset.chosenLabel = button.dataset.autocompleteLabel;
    value.dispatchEvent(new Event("change", { bubbles: true }));
    prefill(root, button.dataset.autocompletePrefill || "");
    close(root);
    input.focus();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-autocomplete-pick]");
    if (button) {
      pick(button);
      return;
    }
    document.querySelectorAll("[data-autocomplete]").forEach((root) => {
      if (!root.contains(event.target)) close(root);
    });
  });

  // Typing something else than the chosen name un-chooses it: the id must match the text.
  document.addEventListener("input", (event) => {
    const input = event.target.closest("[data-autocomplete-input]");
    if (!input) return;
    const { value } = parts(rootOf(input));
    if (input.value !== input.dataset.chosenLabel && value.value) value.value = "";
  });

  // Once a match is chosen and its name is in the box there is nothing to search: a request
  // still waiting (typing delay, focus) is dropped, and a late answer is not shown.
  const settled = (root) => {
    const { value, input } = parts(root);
    return Boolean(value.value) && input.value === input.dataset.chosenLabel;
  };
  document.addEventListener("htmx:beforeRequest", (event) => {
    const root = rootOf(event.detail.elt);
    if (root && settled(root)) event.preventDefault();
  });
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (target && target.matches("[data-autocomplete-results]") && settled(rootOf(target))) {
      event.detail.shouldSwap = false;
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    if (target && target.matches("[data-autocomplete-results]")) {
      const root = rootOf(target);
      parts(root).input.setAttribute("aria-expanded", options(root).length ? "true" : "false");
    }
  });

  // Tabbing out of the picker closes its list (a click elsewhere does too, above).
  document.addEventListener("focusout", (event) => {
    const root = rootOf(event.target);
    if (root && event.relatedTarget && !root.contains(event.relatedTarget)) close(root);
  });

  document.addEventListener("keydown", (event) => {
    const root = rootOf(event.target);
    if (!root) return;
    const list = options(root);
    const index = list.indexOf(event.target);
    const fromInput = event.target.matches("[data-autocomplete-input]");
    if (event.key === "Escape") {
      close(root);
      parts(root).input.focus();
    } else if (event.key === "ArrowDown" && list.length) {
      list[fromInput ? 0 : Math.min(index + 1, list.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      (index === 0 ? parts(root).input : list[index - 1]).focus();
    } else if (event.key === "Enter" && fromInput && list.length) {
      // Enter in the box with matches open takes the first one rather than submitting.
      pick(list[0]);
    } else {
      return;
    }
    event.preventDefault();
  });
})();
