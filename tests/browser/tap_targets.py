"""WCAG 2.2 target size (2.5.8, minimum): on a page as it is shown, the targets smaller than 24 × 24 CSS px
that no exception covers.

The exceptions checked: an inline link in a sentence (its height is the line's; the text around it is
more than the link), and spacing (a circle of 24 px around the target's centre meets no other target
nor another small target's circle). Hidden (or 1 px) and disabled targets do not count.
"""

SMALL_TARGETS = """(raw) => {
  const MIN = 24;
  const selector = ["a[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary",
    "[role=button]", "[tabindex]:not([tabindex='-1'])"].join(", ");
  const shown = (e) => {
    const box = e.getBoundingClientRect();
    // 1 px or less: hidden from the eye but kept for a widget (a select behind an autocomplete)
    return box.width > 1 && box.height > 1 && getComputedStyle(e).visibility !== "hidden" && !e.disabled;
  };
  const targets = [...document.querySelectorAll(selector)].filter(shown);
  const blockOf = (e) => {
    let at = e.parentElement;
    while (at && getComputedStyle(at).display.startsWith("inline")) at = at.parentElement;
    return at;
  };
  const words = (e) => (e?.textContent || "").replace(/\\s+/g, " ").trim();
  const inSentence = (e) =>
    e.tagName === "A" && getComputedStyle(e).display === "inline"
    && words(blockOf(e)).length > words(e).length + 1;
  const boxes = targets.map((e) => ({ e, box: e.getBoundingClientRect() }));
  const centre = (b) => [b.left + b.width / 2, b.top + b.height / 2];
  const meets = (point, box) => {  // does the circle of radius MIN/2 round point meet box?
    const dx = Math.max(box.left - point[0], 0, point[0] - box.right);
    const dy = Math.max(box.top - point[1], 0, point[1] - box.bottom);
    return dx * dx + dy * dy < (MIN / 2) ** 2;
  };
  const tooSmall = ({ box }) => box.width < MIN - 0.5 || box.height < MIN - 0.5;
  if (raw) return { targets: boxes.length, small: boxes.filter(tooSmall).length };
  const small = boxes.filter((t) => tooSmall(t) && !inSentence(t.e));
  const apart = (a, b) => a.e === b.e || a.e.contains(b.e) || b.e.contains(a.e);
  const distance = (a, b) => Math.hypot(...centre(a.box).map((v, i) => v - centre(b.box)[i]));
  const spaced = (t) =>
    boxes.every((other) => apart(t, other) || !meets(centre(t.box), other.box))
    && small.every((other) => apart(t, other) || distance(t, other) >= MIN);
  const describe = ({ e, box }) => {
    const text = words({ textContent: e.getAttribute("aria-label") || e.textContent || e.value || e.name });
    const type = e.tagName === "INPUT" ? `[${e.type}]` : "";
    const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
    return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${type} "${text.slice(0, 40)}" ${size}`;
  };
  return small.filter((t) => !spaced(t)).map(describe);
}"""


def small_targets(page) -> list[str]:
    """The targets on ``page`` under 24 × 24 px that neither exception covers, described for a reader."""
    return page.evaluate(SMALL_TARGETS, False)


def target_counts(page) -> dict:
    """How many targets ``page`` shows and how many of them are under 24 × 24 px, exceptions or not."""
    return page.evaluate(SMALL_TARGETS, True)
