"""Wide tables on a desktop and on a phone (issue 30): Voorbeeldgemeente's money, its round's
version table and its dashboard, measured in a real browser, one page load per width.

On a desktop the totals of every money table are on screen without scrolling sideways; on a phone
each amount is a labelled line of its own, nothing drawn over another and nothing wider than the
window; the dashboard's "Per status" card holds its chips."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from rounds.models import ReportingRound, RoundKind, RoundVersion
from tests.browser.test_accessibility import BLOCKING, TOO_WIDE, summarise

pytestmark = pytest.mark.browser

PLAN = "voorbeeldgemeente-2026-2031"

# Every header cell of a total ("Totaal" and its uitgaven and ontvangsten, "uitgaven totaal"): where
# it is, against the window and against the box it scrolls in (scrolled back to its start).
TOTAL_HEADERS = """() => [...document.querySelectorAll("table.money")].flatMap((table) => {
  const scroller = table.closest(".table-scroll");
  if (scroller) scroller.scrollLeft = 0;
  window.scrollTo(0, 0);
  const frame = scroller ? scroller.getBoundingClientRect() : {left: 0, right: innerWidth};
  const totals = [...table.querySelectorAll("thead th")].filter(
    (th) => /totaal/i.test(th.textContent) || th.classList.contains("total"));
  return totals.map((th) => {
    const box = th.getBoundingClientRect();
    return {
      table: table.caption ? table.caption.textContent.trim().slice(0, 40) : "",
      header: th.textContent.trim(), left: Math.round(box.left), right: Math.round(box.right),
      frameLeft: Math.round(frame.left), frameRight: Math.round(frame.right), window: innerWidth,
      pageWidth: document.documentElement.scrollWidth,
    };
  });
})"""

# On a phone: every amount cell of the given tables, its label (data-label, shown by CSS before the
# amount), the header of its column, and its box.
CELLS = """(selector) => [...document.querySelectorAll(selector)].flatMap((table, t) => {
  const heads = table.tHead ? [...table.tHead.rows].at(-1).cells : [];
  return [...table.tBodies, ...(table.tFoot ? [table.tFoot] : [])].flatMap((body) => [...body.rows].flatMap(
    (row) => {
      const cells = [...row.cells].filter((c) => c.tagName === "TD" && !c.hasAttribute("colspan"));
      // the last cells sit under the last row of heads (a first "Categorie" may have its head above)
      const offset = heads.length - cells.length;
      const names = cells.map((_, i) => (offset + i >= 0 ? heads[offset + i].textContent.trim() : ""));
      return cells.map((cell, i) => {
        const box = cell.getBoundingClientRect();
        const before = getComputedStyle(cell, "::before");
        return {
          table: t, text: cell.textContent.trim().slice(0, 40), label: cell.dataset.label || "",
          shown: before.display !== "none" && before.content === JSON.stringify(cell.dataset.label || ""),
          header: names[i] || "", left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          width: box.width, height: box.height,
        };
      });
    }));
})"""

# The tables wider than their box, which scroll sideways inside the card, and by how much.
INNER_SCROLL = """() => [...document.querySelectorAll(".table-scroll")].filter(
  (s) => s.scrollWidth > s.clientWidth).map(
  (s) => `${s.getAttribute("aria-label")} by ${s.scrollWidth - s.clientWidth} px`)"""

# Amount cells whose figure is wider than the cell (cut off, or drawn under a sticky neighbour).
CLIPPED = """() => [...document.querySelectorAll("table.money td.amount")].filter(
  (c) => c.scrollWidth > c.clientWidth).slice(0, 10).map(
  (c) => `${c.textContent.trim()} (${c.dataset.label})`)"""

# A table scrolled to its end: the rows' names (sticky on the left) that are no longer in its box.
NAMES_GONE = """() => [...document.querySelectorAll(".table-scroll")].flatMap((scroller) => {
  scroller.scrollLeft = scroller.scrollWidth;
  const frame = scroller.getBoundingClientRect();
  const gone = [...scroller.querySelectorAll("th[scope=row]")].filter((th) => {
    const box = th.getBoundingClientRect();
    return box.left < frame.left - 0.5 || box.right > frame.right + 0.5;
  }).map((th) => th.textContent.trim().slice(0, 40));
  scroller.scrollLeft = 0;
  return gone;
})"""

# Every element inside the card that sticks out of its border.
OUTSIDE_CARD = """(card) => {
  const frame = card.getBoundingClientRect();
  return [...card.querySelectorAll("*")].filter((e) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && (box.left < frame.left - 0.5 || box.right > frame.right + 0.5);
  }).map((e) => {
    const box = e.getBoundingClientRect();
    return `${e.tagName.toLowerCase()}.${e.className} ${Math.round(box.left)}–${Math.round(box.right)}`
      + ` outside ${Math.round(frame.left)}–${Math.round(frame.right)}`;
  });
}"""


@pytest.fixture
def bbc_demo(transactional_db):
    """Voorbeeldgemeente's meerjarenplan with its money and rounds, and one line in its March round's
    version table (the demo has none)."""
    from django.apps import apps

    from core.roles import sync_role_groups
    from demo.plans import create_demo_users
    from demo.rounds import load_bbc_demo

    sync_role_groups(apps)
    users = create_demo_users()
    plan, _report = load_bbc_demo(by=users["vg-cel"])
    round_ = ReportingRound.objects.get(plan=plan, kind=RoundKind.STATUS)
    RoundVersion.objects.create(
        round=round_,
        edition=1,
        date=datetime.date(2026, 3, 20),
        description=(
            "Na bespreking in het managementteam van 17 maart 2026, met de opmerkingen van de diensten"
        ),
        pages="Alle",
    )
    return plan, round_


def _axe(page, name: str) -> list[str]:
    return [
        f"{name} [{v['impact']}] {v['id']}: {v['help']} {v['targets'][:5]}"
        for v in summarise(Axe().run(page).response["violations"])
        if v["impact"] in BLOCKING
    ]


def _overlaps(cells: list[dict]) -> list[str]:
    drawn = [c for c in cells if c["width"] > 0 and c["height"] > 0]
    found = []
    for i, a in enumerate(drawn):
        for b in drawn[i + 1 :]:
            if (
                a["left"] < b["right"] - 1
                and b["left"] < a["right"] - 1
                and a["top"] < b["bottom"] - 1
                and b["top"] < a["bottom"] - 1
            ):
                found.append(f"{a['text']} ({a['label']}) over {b['text']} ({b['label']})")
    return found


def _phone_problems(cells: list[dict], width: int) -> list[str]:
    problems = [
        f"{c['text']}: no label shown (data-label {c['label']!r})"
        for c in cells
        if not c["label"] or not c["shown"]
    ]
    problems += [
        f"{c['text']}: labelled {c['label']!r}, its column is {c['header']!r}"
        for c in cells
        if c["header"] and c["header"].lower() not in c["label"].lower()
    ]
    problems += [
        f"{c['text']} ({c['label']}): {c['width']:.0f}×{c['height']:.0f} px"
        for c in cells
        if c["width"] < 1 or c["height"] < 1
    ]
    problems += [
        f"{c['text']} ({c['label']}) reaches {c['right']:.0f} px"
        for c in cells
        if c["right"] > width + 0.5 or c["left"] < -0.5
    ]
    return problems + _overlaps(cells)


def test_money_versions_and_dashboard_fit_a_desktop_and_a_phone(bbc_demo, open_page, live_server, screenshot):
    plan, round_ = bbc_demo
    page = open_page("vg-cel")
    problems = []

    finances = f"{live_server.url}/plannen/{plan.slug}/financien/"
    page.goto(finances)
    # 1920 and 1366 px: every money table fits its card; at 1024 px the middle of the widest scrolls,
    # its rows' names and its totals staying on screen.
    for width in (1920, 1366, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"financien-{width}")
        if width >= 1366:
            problems += [
                f"{width} px: scrolls sideways in its card: {t}" for t in page.evaluate(INNER_SCROLL)
            ]
        problems += [f"{width} px: cut off: {c}" for c in page.evaluate(CLIPPED)]
        problems += [f"{width} px: the row's name scrolls away: {n}" for n in page.evaluate(NAMES_GONE)]
        headers = page.evaluate(TOTAL_HEADERS)
        assert len(headers) >= 8, headers  # per jaar (2), per doelstelling and per entiteit (3 each)
        problems += [
            f"{width} px: {h['table']} · {h['header']} at {h['left']}–{h['right']} px, "
            f"its box {h['frameLeft']}–{h['frameRight']}, window {h['window']}"
            for h in headers
            if h["left"] < max(0, h["frameLeft"]) or h["right"] > min(h["window"], h["frameRight"])
        ]
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{width} px: the page scrolls sideways: {page.evaluate(TOO_WIDE)}")
    page.set_viewport_size({"width": 1366, "height": 900})
    problems += _axe(page, "financiën 1366 px")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(finances)
    screenshot(page, "financien-390")
    cells = page.evaluate(CELLS, "table.money")
    assert len(cells) > 100, "the demo's money tables are there"
    problems += [f"financiën 390 px: {p}" for p in _phone_problems(cells, 390)]
    if page.evaluate("document.documentElement.scrollWidth") > 390:
        problems.append(f"financiën 390 px scrolls sideways: {page.evaluate(TOO_WIDE)}")
    problems += [f"financiën 390 px: scrolls sideways in its card: {t}" for t in page.evaluate(INNER_SCROLL)]
    problems += _axe(page, "financiën 390 px")

    page.goto(f"{live_server.url}/plannen/{plan.slug}/actieplannen/1.1/")  # its acties' money per year
    screenshot(page, "actieplan-390")
    captions = page.locator("table.money caption").all_inner_texts()
    assert [caption.split(" per jaar")[0] for caption in captions] == ["Uitgaven", "Ontvangsten"]
    cells = page.evaluate(CELLS, "table.money")
    assert {c["label"] for c in cells} == {str(year) for year in range(2026, 2032)}, cells[:6]
    problems += [f"actieplan 390 px: {p}" for p in _phone_problems(cells, 390)]
    problems += [f"actieplan 390 px: scrolls sideways in its card: {t}" for t in page.evaluate(INNER_SCROLL)]
    if page.evaluate("document.documentElement.scrollWidth") > 390:
        problems.append(f"actieplan 390 px scrolls sideways: {page.evaluate(TOO_WIDE)}")

    follow_up = ReportingRound.objects.get(plan=plan, kind=RoundKind.FOLLOW_UP)
    page.goto(f"{live_server.url}/plannen/{plan.slug}/rapporteringen/{follow_up.pk}/verslag/")
    screenshot(page, "opvolgingsrapportering-390")
    cells = page.evaluate(CELLS, "table.report-money")
    assert "Uitgaven: raming" in {c["label"] for c in cells} and "Raming ontvangsten" in {
        c["label"] for c in cells
    }
    problems += [f"opvolgingsrapportering 390 px: {p}" for p in _phone_problems(cells, 390)]
    problems += [
        f"opvolgingsrapportering 390 px: scrolls sideways in its card: {t}"
        for t in page.evaluate(INNER_SCROLL)
    ]
    if page.evaluate("document.documentElement.scrollWidth") > 390:
        problems.append(f"opvolgingsrapportering 390 px scrolls sideways: {page.evaluate(TOO_WIDE)}")

    page.goto(f"{live_server.url}/plannen/{plan.slug}/rapporteringen/{round_.pk}/")
    screenshot(page, "rapportering-390")
    problems += [
        f"rapportering 390 px: scrolls sideways in its card: {t}" for t in page.evaluate(INNER_SCROLL)
    ]
    cells = page.evaluate(CELLS, "table.stacked")  # the versions and the stored outputs
    assert [c["label"] for c in cells if c["table"] == 0] == [
        "Ed.",
        "Rev.",
        "Datum",
        "Beschrijving",
        "T(oevoegen) V(ervangen)",
        "Pag.",
    ]
    assert len(cells) > 6, "the closed round's stored outputs are there too"
    problems += [f"rapportering 390 px: {p}" for p in _phone_problems(cells, 390)]
    if page.evaluate("document.documentElement.scrollWidth") > 390:
        problems.append(f"rapportering 390 px scrolls sideways: {page.evaluate(TOO_WIDE)}")
    problems += _axe(page, "rapportering 390 px")

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/plannen/{plan.slug}/dashboard/")
    screenshot(page, "dashboard-1366")
    card = page.locator("section.card", has=page.get_by_role("heading", name="Per status"))
    outside = card.evaluate(OUTSIDE_CARD)
    problems += [f"dashboard 1366 px, Per status: {e}" for e in outside]
    problems += _axe(page, "dashboard 1366 px")
    assert not problems, "\n".join(problems)
