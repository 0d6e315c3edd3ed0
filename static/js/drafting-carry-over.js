// The carry-over wizard, one goal's page: "alles van deze doelstelling" and keeping an actie with its
// actieplan. The page works without it: the server refuses an actie without its actieplan.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-carry-goal]");
  if (!form) return;
  form.querySelectorAll(".js-only").forEach((element) => { element.hidden = false; });
  const boxes = () => form.querySelectorAll("input[type=checkbox]:not(:disabled)");
  const setAll = (checked) => boxes().forEach((box) => { box.checked = checked; });
  form.querySelector("[data-carry-all]")?.addEventListener("click", () => setAll(true));
  form.querySelector("[data-carry-none]")?.addEventListener("click", () => setAll(false));
  form.querySelectorAll("fieldset.carry-action-plan").forEach((fieldset) => {
    const plan = fieldset.querySelector("input[name=action_plan]");
    const actions = fieldset.querySelectorAll("input[name=action]");
    plan?.addEventListener("change", () => actions.forEach((box) => { box.checked = plan.checked; }));
    actions.forEach((box) => box.addEventListener("change", () => {
      if (box.checked && plan) plan.checked = true;
    }));
  });
});
