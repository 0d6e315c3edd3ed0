// Our only script besides htmx: a file, so the Content-Security-Policy can forbid inline scripts.

// Leaving the page while a save is on its way would lose it: ask first.
addEventListener("beforeunload", (event) => {
  if (document.querySelector(".htmx-request")) event.preventDefault();
});

// Buttons that print the page (the narrative report saves as PDF this way).
addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A status row saves when its editor settles, not on every step through the list: a status chosen
// with the mouse saves at once; one reached with the arrow keys saves on Enter or on leaving the list.
// The toelichting saves on leaving the box. The row's colour follows the chosen status at once.
// A check box (the toelichting is intern) settles when it is ticked or cleared.
const valueOf = (field) => (field.type === "checkbox" ? String(field.checked) : field.value);
const settle = (field) => {
  const row = field.closest("form.item-row");
  if (!row || valueOf(field) === field.dataset.saved) return;
  field.dataset.saved = valueOf(field);
  row.dispatchEvent(new CustomEvent("settled", { bubbles: false }));
};
const statusList = (target) => target instanceof HTMLSelectElement && target.closest("form.item-row");

addEventListener("focusin", (event) => {
  const field = event.target;
  if (field.closest?.("form.item-row") && field.dataset.saved === undefined) field.dataset.saved = valueOf(field);
});
addEventListener("keydown", (event) => {
  if (!statusList(event.target)) return;
  if (event.key === "Enter") {
    event.preventDefault();
    settle(event.target);
  } else {
    event.target.dataset.keyed = "1";
  }
});
addEventListener("pointerdown", (event) => {
  if (statusList(event.target)) delete event.target.dataset.keyed;
});
addEventListener("change", (event) => {
  const field = event.target;
  const row = field.closest?.("form.item-row");
  if (!row) return;
  if (field instanceof HTMLSelectElement) {
    row.dataset.status = field.value;
    if (field.dataset.keyed) return;  // wait for Enter or for leaving the list
  }
  settle(field);
});
addEventListener("focusout", (event) => {
  if (statusList(event.target)) settle(event.target);
});

// Text boxes grow with their text and say how many characters are left (the words come from the page,
// translated on the server).
const charsLeftText = (left, max) =>
  (document.body.dataset.charsLeft || "%(left)s / %(max)s")
    .replace("%(left)s", left.toLocaleString("nl-BE"))
    .replace("%(max)s", max.toLocaleString("nl-BE"));
const fitText = (box) => {
  box.style.height = "auto";
  box.style.height = `${box.scrollHeight + box.offsetHeight - box.clientHeight}px`;
  const max = Number(box.getAttribute("maxlength"));
  if (!max) return;
  let counter = box.nextElementSibling;
  if (!counter?.classList.contains("chars-left")) {
    counter = document.createElement("small");
    counter.className = "chars-left";
    counter.id = `${box.id || `box-${Math.random().toString(36).slice(2)}`}-left`;
    box.after(counter);
    box.setAttribute("aria-describedby", [box.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
  }
  counter.textContent = charsLeftText(max - box.value.length, max);
};
const fitAll = (root) => root.querySelectorAll("textarea").forEach(fitText);
addEventListener("input", (event) => {
  if (event.target instanceof HTMLTextAreaElement) fitText(event.target);
});
addEventListener("DOMContentLoaded", () => fitAll(document));
addEventListener("htmx:afterSettle", (event) => fitAll(event.target));

// A save the server refused because the item is not the user's (403) says so in its row.
addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (xhr.status === 403 && xhr.getResponseHeader("X-Refused-In-Row")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A download made in the background (reporting/_export_status.html): start it once it is ready.
addEventListener("htmx:afterSwap", (event) => {
  const link = event.target.querySelector("[data-auto-download]");
  if (link) window.location.assign(link.href);
});

// Fields that belong to one choice (a round's period, a proposal's bundeling) show only while it is
// chosen: data-shown-for="<field name> <value> <value>…". Without the script every field shows, and
// the server ignores those that do not apply.
const showChosen = (form) =>
  form.querySelectorAll("[data-shown-for]").forEach((part) => {
    const [name, ...values] = part.dataset.shownFor.split(" ");
    const field = form.elements[name];
    if (field) part.hidden = !values.includes(field.value);
  });
addEventListener("change", (event) => {
  if (event.target.form) showChosen(event.target.form);
});
addEventListener("DOMContentLoaded", () => document.querySelectorAll("form").forEach(showChosen));

// The header's menu folds behind a "Menu" button on a phone (static/css/app.css hides the menu while the
// button says it is folded). Without the script the button stays hidden and the menu stays open.
document.querySelectorAll(".menu-toggle").forEach((button) => {
  button.hidden = false;
});
const setMenu = (button, open) => button.setAttribute("aria-expanded", String(open));
addEventListener("click", (event) => {
  const button = event.target.closest?.(".menu-toggle");
  if (button) setMenu(button, button.getAttribute("aria-expanded") !== "true");
});
// Escape folds an open menu again and gives the focus back to its button.
addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const menu = event.target.closest?.(".site-menu, .menu-toggle");
  const button = menu && document.querySelector(".menu-toggle[aria-expanded='true']");
  if (!button || !button.offsetParent) return;
  setMenu(button, false);
  button.focus();
});
