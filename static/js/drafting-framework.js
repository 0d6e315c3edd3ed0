// The strategic framework (templates/drafting/framework.html): drag an actieplan's card onto a goal, or a
// goal onto another goal, to link it. A drop only fills the card's own "Doelstelling" list and sends its
// form, the same form a keyboard user sends with "Koppelen" (htmx swaps the board and announces the
// result in the page's live region). Without this script the lists and buttons do everything.

let dragged = null;

const dropZone = (target) => target.closest?.("[data-drop-goal]");

addEventListener("dragstart", (event) => {
  const card = event.target.closest?.("[data-card]");
  if (!card) return;
  dragged = card;
  card.classList.add("dragging");
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", card.dataset.card);
});

addEventListener("dragend", () => {
  dragged?.classList.remove("dragging");
  document.querySelectorAll(".drop-here").forEach((zone) => zone.classList.remove("drop-here"));
  dragged = null;
});

addEventListener("dragover", (event) => {
  const zone = dragged && dropZone(event.target);
  if (!zone || zone.dataset.dropGoal === dragged.dataset.card) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  document.querySelectorAll(".drop-here").forEach((other) => other !== zone && other.classList.remove("drop-here"));
  zone.classList.add("drop-here");
});

addEventListener("drop", (event) => {
  const zone = dragged && dropZone(event.target);
  if (!zone) return;
  event.preventDefault();
  const card = dragged;
  const goal = zone.dataset.dropGoal;
  if (goal === card.dataset.card) return;
  const form = card.querySelector("form.link-form");
  const select = form?.elements.goal;
  if (!select || select.value === goal) return;
  if (goal && ![...select.options].some((option) => option.value === goal)) return;
  select.value = goal;
  form.requestSubmit();
});

// After the board is swapped, the focus goes back to the card just linked, so a keyboard user goes on
// from where they were.
addEventListener("htmx:afterSwap", () => {
  document.querySelector("#framework-board [data-focus]")?.focus();
});
