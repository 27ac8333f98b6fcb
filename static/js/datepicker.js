// The calendar of DatePickerInput (core/widgets.py): the text input takes dd/mm/yyyy typed by
// hand; this adds a button that opens a month grid and writes the picked day in the same
// order. Without JavaScript the button stays hidden and typing works. Loaded as a file (CSP).
(() => {
  const lang = document.documentElement.lang || "id";
  const monthTitle = new Intl.DateTimeFormat(lang, { month: "long", year: "numeric" });
  // The day's name as the button's label holds its visible number ("1", not "01": a label
  // must contain the text shown, WCAG 2.5.3).
  const fullDay = new Intl.DateTimeFormat(lang, {
    weekday: "long", day: "numeric", month: "long", year: "numeric",
  });
  const weekday = new Intl.DateTimeFormat(lang, { weekday: "short" });
  const pad = (n) => String(n).padStart(2, "0");
  const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const typed = (d) => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;

  function parse(text) {
    const day = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec((text || "").trim());
    if (day) return new Date(+day[3], +day[2] - 1, +day[1]);
    const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/.exec((text || "").trim());
    return isoDay ? new Date(+isoDay[1], +isoDay[2] - 1, +isoDay[3]) : null;
  }

  function button(label, text, className) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = text;
    element.setAttribute("aria-label", label);
    return element;
  }

  function close(group) {
    group.querySelector(".date-picker-calendar")?.remove();
    group.querySelector("[data-datepicker-toggle]").setAttribute("aria-expanded", "false");
  }

  function grid(input, toggle, shown) {
    const chosen = parse(input.value);
    const today = iso(new Date());
    const table = document.createElement("table");
    table.className = "table table-sm mb-0 text-center";
    const head = table.createTHead().insertRow();
    for (let i = 0; i < 7; i += 1) {
      const cell = document.createElement("th");
      cell.scope = "col";
      cell.textContent = weekday.format(new Date(2024, 0, 1 + i)); // 1 Jan 2024 was a Monday
      head.appendChild(cell);
    }
    const body = table.createTBody();
    const first = new Date(shown.getFullYear(), shown.getMonth(), 1);
    let day = new Date(first);
    day.setDate(1 - ((first.getDay() + 6) % 7));
    while (day.getMonth() === shown.getMonth() || day < first) {
      const row = body.insertRow();
      for (let i = 0; i < 7; i += 1) {
        const cell = row.insertCell();
        if (day.getMonth() === shown.getMonth()) {
          const value = iso(day);
          const pick = button(fullDay.format(day), String(day.getDate()), "btn btn-sm btn-link");
          pick.dataset.date = typed(day);
          // The chosen day filled (btn-link's transparent background would hide it).
          if (chosen && iso(chosen) === value) pick.classList.replace("btn-link", "btn-primary");
          if (value === today) pick.classList.add("fw-bold");
          const { min, max } = input.dataset;
          pick.disabled = (min && value < min) || (max && value > max) || false;
          cell.appendChild(pick);
        }
        day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
      }
    }
    return table;
  }

  function open(group, input, toggle, shown) {
    close(group);
    const calendar = document.createElement("div");
    calendar.className = "date-picker-calendar card shadow p-2";
    calendar.setAttribute("role", "dialog");
    calendar.setAttribute("aria-label", toggle.getAttribute("aria-label"));
    const header = document.createElement("div");
    header.className = "d-flex align-items-center justify-content-between mb-1";
    const prev = button(toggle.dataset.prev, "‹", "btn btn-sm btn-outline-secondary");
    const next = button(toggle.dataset.next, "›", "btn btn-sm btn-outline-secondary");
    const title = document.createElement("strong");
    title.setAttribute("aria-live", "polite");
    title.textContent = monthTitle.format(shown);
    header.append(prev, title, next);
    calendar.append(header, grid(input, toggle, shown));
    prev.addEventListener("click", () => open(group, input, toggle, new Date(shown.getFullYear(), shown.getMonth() - 1, 1)));
    next.addEventListener("click", () => open(group, input, toggle, new Date(shown.getFullYear(), shown.getMonth() + 1, 1)));
    calendar.addEventListener("click", (event) => {
      const pick = event.target.closest("[data-date]");
      if (!pick) return;
      input.value = pick.dataset.date;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close(group);
      input.focus();
    });
    group.appendChild(calendar);
    toggle.setAttribute("aria-expanded", "true");
    (calendar.querySelector(".btn-primary") || calendar.querySelector("[data-date]:not(:disabled)") || prev).focus();
  }

  function setUp(root) {
    root.querySelectorAll("[data-datepicker-group]:not([data-ready])").forEach((group) => {
      group.dataset.ready = "1";
      const input = group.querySelector("input");
      const toggle = group.querySelector("[data-datepicker-toggle]");
      toggle.hidden = false;
      toggle.addEventListener("click", () => {
        if (group.querySelector(".date-picker-calendar")) return close(group);
        const chosen = parse(input.value) || new Date();
        return open(group, input, toggle, new Date(chosen.getFullYear(), chosen.getMonth(), 1));
      });
      group.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && group.querySelector(".date-picker-calendar")) {
          close(group);
          toggle.focus();
        }
      });
    });
  }

  // A click outside closes the calendar. The path is read as it was dispatched: the month
  // buttons redraw the calendar, so their own node is gone from the group by now.
  document.addEventListener("click", (event) => {
    const path = event.composedPath();
    document.querySelectorAll("[data-datepicker-group]").forEach((group) => {
      if (!path.includes(group)) close(group);
    });
  });
  document.addEventListener("DOMContentLoaded", () => setUp(document));
  document.addEventListener("htmx:afterSettle", (event) => setUp(event.target));
})();
