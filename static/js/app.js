// Our only script besides htmx: a file, so the Content-Security-Policy can forbid inline scripts.

// Leaving the page while a save is on its way would lose it: ask first.
addEventListener("beforeunload", (event) => {
  if (document.querySelector(".htmx-request")) event.preventDefault();
});

// Buttons that print the page (the narrative report saves as PDF this way).
addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
