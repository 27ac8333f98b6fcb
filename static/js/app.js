// KPU Kerja Sama: behaviour that does not fit in htmx attributes. Loaded as a file (CSP).
document.addEventListener("DOMContentLoaded", () => {
  // The office switcher submits as soon as another office is picked.
  document.querySelectorAll("#office-switch").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
