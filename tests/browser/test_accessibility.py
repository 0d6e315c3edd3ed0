"""Every page, for every role, checked with axe-core (WCAG 2.1 AA and best practices) in a real browser,
photographed at desktop and phone size, and usable at 390 px without sideways scrolling.

The full axe report (every impact) goes to TEST_OUTPUT_DIR/axe-report.json for a reviewer; the tests
fail on violations whose impact is "serious" or "critical".
"""

import datetime
import fcntl
import json
import os
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from core import changes
from core.roles import OWNER
from indicators import values
from indicators.importer import VALUES
from indicators.models import Indicator
from notifications.models import EmailReason, SentEmail
from organisations.membership import add_member
from plans.comments import add_comment
from plans.models import Action, ActionPlan, ChangeProposal, Comment, Department, Plan
from reporting.importers import POLICY_FIELDS
from reporting.rounds import open_round
from rounds.models import ReportingRound, RoundKind
from tests.browser.tap_targets import small_targets
from tests.factories import default_organisation
from uploads import flow
from uploads.models import PendingImport

pytestmark = pytest.mark.browser

PLAN = "turnhout-2014-2019"
EIGENAAR = "eigenaar-a11y"
REPORT = Path(os.environ.get("TEST_OUTPUT_DIR", "test-output")) / "axe-report.json"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING = {"serious", "critical"}
# The pages whose layout changes most on a phone (issue 13, point 8): axe checks them at both sizes.
PHONE_AXE = {
    "financien",
    "overzicht",
    "statussen",
    "actieplan",
    "beoordelen",
    "dashboard",
    "zoeken",
    "projecten",
}

CEL_PAGES = [
    "overzicht",
    "overzicht-geschrapt",
    "overzicht-vertraagd",
    "statussen",
    "actieplan",
    "projecten",
    "financien",
    "financien-gefilterd",
    "tijdlijn",
    "voorstellen",
    "voorstel",
    "zoeken",
    "beoordelen",
    "raadsbeslissing",
    "voorstel-bewerken",
    "voorstel-opstellen",
    "rapporteringen",
    "rapportering",
    "verslag",
    "opvolging",
    "voortgang",
    "mijn-acties",
    "opvolgingsrapportering",
    "digitale-rapportering",
    "dashboard",
    "import",
    "bedragen",
    "waarden-opladen",
    "opgeladen-waarden",
    "opmerkingen",
    "niet-gevonden",
    "aanvulling",
    "voorkeuren",
    "indicatoren",
    "indicator",
    "indicator-nieuw",
    "indicator-historiek",
]
ROLE_PAGES = {
    "cel": CEL_PAGES,
    "mt": [
        "overzicht",
        "statussen",
        "actieplan",
        "tijdlijn",
        "voorstellen",
        "voorstel",
        "beoordelen",
        "dashboard",
    ],
    "raad": [
        "overzicht",
        "overzicht-geschrapt",
        "statussen",
        "actieplan",
        "projecten",
        "financien",
        "tijdlijn",
        "voorstellen",
        "rapporteringen",
        "rapportering",
        "verslag",
        "opvolgingsrapportering",
        "digitale-rapportering",
        "dashboard",
        "voorkeuren",
        "indicatoren",
        "indicator",
    ],
    # an eigenaar of actieplan 10 through their dienst (made by page_paths until the demo has one)
    EIGENAAR: ["mijn-acties", "actieplan"],
    "beheerder": [
        "plannen",
        "nieuw-plan",
        "import",
        "bedragen",
        "beleidsvelden",
        "opgeladen-beleidsvelden",
        "beheer",
        "beheer-acties",
        "beheer-actie",
        "verantwoordelijken",
        "beheer-diensten",
        "beheer-dienst-nieuw",
        "beheer-organisatie-nieuw",
        "beheer-lidmaatschappen",
        "niet-gevonden",
    ],
}


def _eigenaar() -> None:
    """A user of the eigenaar role whose dienst owns actieplan 10 (its acties too)."""
    user_model = get_user_model()
    if user_model.objects.filter(username=EIGENAAR).exists():
        return
    user = user_model.objects.create_user(EIGENAAR, password="turnhout2017", first_name="Els")
    add_member(user, default_organisation(), OWNER)
    department = changes.save(
        Department(organisation=default_organisation(), name="Dienst toegankelijkheid"), by=None
    )
    department.members.add(user)
    action_plan = ActionPlan.objects.get(plan__slug=PLAN, number="10")
    changes.update(action_plan, {"department": department}, by=None, version=action_plan.version)


def _indicator() -> Indicator:
    """One indicator with a baseline, a target and a value (until the demo has its own)."""
    plan = Plan.objects.get(slug=PLAN)
    indicator = Indicator.objects.filter(plan=plan).first()
    if indicator is None:
        indicator = Indicator(plan=plan, name="Aantal cliënten in budgetbegeleiding (test)", unit="cliënten")
        indicator.baseline_value, indicator.baseline_date = 100, datetime.date(2014, 1, 1)
        indicator = changes.save(indicator, by=None)
        indicator.action_plans.add(ActionPlan.objects.get(plan=plan, number="10"))
        values.set_target(indicator, plan.end_year, "150", by=None)
        values.record_value(indicator, "120", date=datetime.date(2016, 12, 31), by=None)
    return indicator


def _uploaded(importer, username: str, name: str, content: str, plan=None) -> int:
    """An upload of ``username`` read into its preview (the task runs at once in tests)."""
    user = get_user_model().objects.get(username=username)
    kept = PendingImport.objects.across_organisations().filter(user=user, kind=importer.kind).first()
    if kept is None:
        kept = flow.start(importer, user=user, file=SimpleUploadedFile(name, content.encode()), plan=plan)
    return kept.pk


def page_paths() -> dict[str, str]:
    """The path of each page on the demo data."""
    _eigenaar()
    plan = f"/plannen/{PLAN}"
    action = Action.objects.get(number="120.2")
    round_ = ReportingRound.objects.filter(plan__slug=PLAN).order_by("pk").first()
    proposal = ChangeProposal.objects.order_by("pk").first()
    assert ActionPlan.objects.filter(number="10").exists()
    follow_up = ReportingRound.objects.filter(
        plan__slug=PLAN, kind=RoundKind.FOLLOW_UP
    ).first() or open_round(
        plan=Plan.objects.get(slug=PLAN),
        name="Opvolgingsrapportering 2018",
        date=datetime.date(2018, 9, 15),
        kind=RoundKind.FOLLOW_UP,
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 6, 30),
    )
    if not SentEmail.objects.filter(round=round_).exists():  # the round page's table of e-mails
        SentEmail.objects.create(
            organisation=round_.plan.organisation,
            round=round_,
            recipient=get_user_model().objects.get(username="cel"),
            address="cel@example.org",
            reason=EmailReason.OPENED,
            subject="Rapportering: werk uw items bij",
            sent_at=timezone.now(),
            delivered=False,
            error="550 5.1.1 User unknown",
        )
    if not Comment.objects.filter(kind="actie", item_id=action.pk).exists():
        add_comment(
            action,
            get_user_model().objects.get(username="cel"),
            "Kan iemand dit nakijken? @turnhout-beheerder <b>dringend</b>",
        )
    indicator = _indicator()
    values_file = f"Indicator;Datum;Rapportering;Waarde;Toelichting\n{indicator.pk};31/12/2017;;130;Goed\n"
    fields_file = "code,naam\n0119,Overige algemene diensten\n0900,Sociale bijstand\n"
    values_upload = _uploaded(VALUES, "cel", "waarden.csv", values_file, Plan.objects.get(slug=PLAN))
    fields_upload = _uploaded(POLICY_FIELDS, "beheerder", "beleidsvelden.csv", fields_file)
    return {
        "opgeladen-waarden": f"/opladen/{values_upload}/",
        "opgeladen-beleidsvelden": f"/opladen/{fields_upload}/",
        "indicatoren": f"{plan}/indicatoren/",
        "indicator": f"{plan}/indicatoren/{indicator.pk}/",
        "indicator-nieuw": f"{plan}/indicatoren/nieuw/",
        "indicator-historiek": f"{plan}/indicatoren/{indicator.pk}/historiek/",
        "plannen": "/",
        "opmerkingen": f"{plan}/actie/{action.pk}/opmerkingen/",
        "verantwoordelijken": "/verantwoordelijken/",
        "beheer-diensten": "/beheer/plans/department/",
        "beheer-dienst-nieuw": "/beheer/plans/department/add/",
        "beheer-organisatie-nieuw": "/beheer/organisations/organisation/add/",
        "beheer-lidmaatschappen": "/beheer/organisations/membership/",
        "overzicht": f"{plan}/",
        "overzicht-geschrapt": f"{plan}/?show_inactive=on",
        "overzicht-vertraagd": f"{plan}/?delayed=on",
        "statussen": f"{plan}/status/",
        "actieplan": f"{plan}/actieplannen/10/",
        "projecten": f"{plan}/projecten/",
        "financien": f"{plan}/financien/",
        "financien-gefilterd": f"{plan}/financien/?kind=realisatie&year=2017&priority=on",
        "tijdlijn": f"{plan}/actie/{action.pk}/tijdlijn/",
        "voorstellen": f"{plan}/voorstellen/",
        "voorstel": f"{plan}/voorstellen/{proposal.pk}/",
        "zoeken": f"{plan}/zoeken/?q=zorg",
        "beoordelen": f"{plan}/voorstellen/beoordelen/",
        "raadsbeslissing": f"{plan}/voorstellen/raadsbeslissing/",
        "voorstel-bewerken": f"{plan}/voorstellen/{proposal.pk}/bewerken/",
        "voorstel-opstellen": f"{plan}/actieplannen/30/voorstel/",
        "rapporteringen": f"{plan}/rapporteringen/",
        "rapportering": f"{plan}/rapporteringen/{round_.pk}/",
        "verslag": f"{plan}/rapporteringen/{round_.pk}/verslag/",
        "opvolging": f"{plan}/rapporteringen/{follow_up.pk}/",
        "opvolgingsrapportering": f"{plan}/rapporteringen/{follow_up.pk}/verslag/",
        "voortgang": f"{plan}/rapporteringen/{follow_up.pk}/voortgang/",
        "mijn-acties": "/mijn-acties/",
        "digitale-rapportering": f"{plan}/digitale-rapportering/",
        "aanvulling": f"{plan}/rapporteringen/{follow_up.pk}/aanvulling/actie/{action.pk}/",
        "voorkeuren": "/voorkeuren/",
        "dashboard": f"{plan}/dashboard/",
        "import": f"{plan}/import/",
        "bedragen": f"{plan}/bedragen/import/",
        "waarden-opladen": f"{plan}/indicatoren/waarden-opladen/",
        "beleidsvelden": "/beleidsvelden/",
        "nieuw-plan": "/nieuw-plan/",
        "niet-gevonden": "/plannen/bestaat-niet/",
        "beheer": "/beheer/",
        "beheer-acties": "/beheer/plans/action/",
        "beheer-actie": f"/beheer/plans/action/{action.pk}/change/",
    }


@pytest.fixture(scope="module")
def axe_report():
    """Collects every page's axe results; written at the end of the module, added to what another
    test worker wrote there."""
    report: dict[str, dict] = {}
    yield report
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with open(REPORT, "a+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        file.seek(0)
        written = json.loads(file.read() or "{}")
        file.seek(0)
        file.truncate()
        file.write(json.dumps(written | report, indent=2, ensure_ascii=False))


# The outermost elements that stick out past the right edge of the window, to say what to fix.
TOO_WIDE = """() => {
  const wide = [...document.querySelectorAll("body *")].filter(
    (e) => e.getBoundingClientRect().right > innerWidth + 1 && getComputedStyle(e).position !== "absolute");
  const classes = (e) => (typeof e.className === "string" ? e.className.trim().split(/\\s+/) : []);
  const name = (e) => [e.tagName.toLowerCase(), e.id && `#${e.id}`, ...classes(e).map((c) => c && `.${c}`)];
  return wide.filter((e) => !wide.includes(e.parentElement)).slice(0, 10).map(
    (e) => `${name(e).filter(Boolean).join("")} (${Math.round(e.getBoundingClientRect().width)}px)`);
}"""


def summarise(violations: list[dict]) -> list[dict]:
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "helpUrl": v["helpUrl"],
            "targets": [", ".join(map(str, node["target"])) for node in v["nodes"]],
            "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
        }
        for v in violations
    ]


def check_page(page, *, role: str, name: str, url: str, axe: Axe, axe_report: dict, screenshot) -> list[str]:
    """Visit one page at desktop and phone size; return what is wrong with it."""
    problems = []
    started = time.perf_counter()
    page.set_viewport_size(DESKTOP)
    response = page.goto(url)
    expected = 404 if name == "niet-gevonden" else 200
    if response.status != expected:
        return [f"{role} {name}: HTTP {response.status} for {url}"]
    loaded = time.perf_counter()
    violations = summarise(axe.run(page).response["violations"])
    checked = time.perf_counter()
    axe_report[f"{role} {name}"] = {"url": url, "violations": violations}
    for v in violations:
        if v["impact"] in BLOCKING:
            problems.append(
                f"{role} {name} [{v['impact']}] {v['id']}: {v['help']}\n    "
                + "\n    ".join(v["targets"][:8])
                + (f"\n    … and {len(v['targets']) - 8} more" if len(v["targets"]) > 8 else "")
            )
    screenshot(page, f"a11y-{role}-{name}")
    page.set_viewport_size(PHONE)
    if name in PHONE_AXE:  # these pages change their layout on a phone: check them there too
        for v in summarise(axe.run(page).response["violations"]):
            axe_report[f"{role} {name}"]["violations"].append({**v, "viewport": "telefoon"})
            if v["impact"] in BLOCKING:
                problems.append(f"{role} {name} (telefoon) [{v['impact']}] {v['id']}: {v['help']}")
    # WCAG 2.2 target size (2.5.8) at 390 px, on the page already loaded; the header's menu is folded
    # here (tests/browser/test_phone.py opens it on each role's main pages).
    small = small_targets(page)
    axe_report[f"{role} {name}"]["phone_small_targets"] = small
    problems += [f"{role} {name} (telefoon): a target under 24 × 24 px: {target}" for target in small]
    width = page.evaluate("document.documentElement.scrollWidth")
    axe_report[f"{role} {name}"]["phone_scroll_width"] = width
    if width > PHONE["width"]:
        axe_report[f"{role} {name}"]["phone_too_wide"] = page.evaluate(TOO_WIDE)
        problems.append(
            f"{role} {name}: scrolls sideways at 390 px (scrollWidth {width}): "
            + ", ".join(axe_report[f"{role} {name}"]["phone_too_wide"])
        )
    screenshot(page, f"a11y-{role}-{name}-telefoon")
    axe_report[f"{role} {name}"]["seconds"] = {
        "load": round(loaded - started, 2),
        "axe": round(checked - loaded, 2),
        "screenshots and phone": round(time.perf_counter() - checked, 2),
    }
    return problems


def _chunks() -> dict[str, list[tuple[str, list[str]]]]:
    """The roles and their pages in parts of about twenty pages, so the two test workers share them."""
    half = len(CEL_PAGES) // 2
    return {
        "cel-1": [("cel", CEL_PAGES[:half])],
        "cel-2": [("cel", CEL_PAGES[half:])],
        "raad": [("raad", ROLE_PAGES["raad"])],
        "anoniem-mt-eigenaar": [
            ("anoniem", ["aanmelden"]),
            ("mt", ROLE_PAGES["mt"]),
            (EIGENAAR, ROLE_PAGES[EIGENAAR]),
        ],
        "beheerder": [("beheerder", ROLE_PAGES["beheerder"])],
    }


def test_the_chunks_hold_every_page_of_every_role():
    held = {(role, name) for chunk in _chunks().values() for role, names in chunk for name in names}
    assert held == {(role, name) for role, names in ROLE_PAGES.items() for name in names} | {
        ("anoniem", "aanmelden")
    }


@pytest.mark.parametrize("chunk", list(_chunks()))
def test_every_page_for_every_role_has_no_serious_accessibility_violations(
    demo, browser, open_page, live_server, axe_report, screenshot, chunk
):
    paths = {**page_paths(), "aanmelden": "/aanmelden/"}
    axe = Axe()
    problems = []
    for role, names in _chunks()[chunk]:
        # One browser context per role, its page reused from page to page.
        if role == "anoniem":
            page = browser.new_context(viewport=DESKTOP, locale="nl-BE").new_page()
        else:
            lands_on = {"beheerder": "/", EIGENAAR: "/mijn-acties/"}.get(role, "/plannen/**")
            page = open_page(role, lands_on=lands_on)
        for name in names:
            problems += check_page(
                page,
                role=role,
                name=name,
                url=f"{live_server.url}{paths[name]}",
                axe=axe,
                axe_report=axe_report,
                screenshot=screenshot,
            )
        page.context.close()
    assert not problems, "\n".join(problems)


# What a keyboard user sees of the focused element: its outline (our :focus-visible ring), and that
# ring's contrast with the background it is drawn on (the nearest opaque background around the element).
FOCUS = """() => {
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const luminance = (colour) => {
    const [r, g, b] = rgb(colour).map((v) => v / 255).map(
      (v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let around = el.parentElement;
  const clear = (e) => (rgb(getComputedStyle(e).backgroundColor)[3] ?? 1) === 0;
  while (around && clear(around)) around = around.parentElement;
  const back = around ? getComputedStyle(around).backgroundColor : "rgb(255, 255, 255)";
  const [light, dark] = [luminance(style.outlineColor), luminance(back)].sort((a, b) => b - a);
  return {
    tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.name || "").trim().slice(0, 60),
    outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
    contrast: (light + 0.05) / (dark + 0.05),
    visible: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 && box.left < innerWidth,
  };
}"""


def focus_on(page) -> dict:
    """The focused element, asserting a keyboard user can see where the focus is."""
    focus = page.evaluate(FOCUS)
    assert focus["tag"] != "body", "the focus is lost"
    assert focus["visible"], f"the focused element is off screen: {focus}"
    assert focus["outline"] != "none" and focus["width"] >= 2, f"no visible focus ring: {focus}"
    assert focus["contrast"] >= 3, f"the focus ring is too faint: {focus}"
    return focus


def tab_to(page, matches: str, *, backwards: bool = False, limit: int = 80) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches the JavaScript predicate; every
    element passed on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focus = focus_on(page)
        if page.evaluate(f"({matches})(document.activeElement)"):
            return focus
    raise AssertionError(f"{matches} not reached in {limit} presses of Tab")


def test_cel_logs_in_sets_a_status_and_reaches_the_dashboard_by_keyboard_alone(
    demo, browser, live_server, screenshot
):
    context = browser.new_context(viewport=DESKTOP, locale="nl-BE")
    blocked = []
    page = context.new_page()
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/aanmelden/")
    assert focus_on(page)["tag"] == "input"  # the username box has the focus at once
    page.keyboard.type("cel")
    tab_to(page, "el => el.name === 'password'")
    page.keyboard.type("turnhout2017")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/plannen/**")

    # The skip link comes first, shows itself, and jumps past the header.
    skip = tab_to(page, "el => el.classList.contains('skip-link')", limit=1)
    assert skip["text"] == "Naar de inhoud"
    screenshot(page, "toetsenbord-overslaan")
    page.keyboard.press("Enter")
    tab_to(page, "el => document.querySelector('main').contains(el)", limit=1)

    tab_to(page, "el => el.matches('a[href$=\"/actieplannen/10/\"]')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/actieplannen/10/")
    expect(page.get_by_role("heading", name="Actieplan 10")).to_be_visible()

    action_plan, action = ActionPlan.objects.get(number="10"), Action.objects.get(number="10.2")
    assert action_plan.status == "in_progress"
    tab_to(page, f"el => el.id === 'status-actieplan-{action_plan.pk}'")
    page.keyboard.press("ArrowDown")  # loopt → on hold
    page.keyboard.press("Enter")  # settles: saved
    live = page.locator(f"#state-actieplan-{action_plan.pk}[aria-live=polite]")
    expect(live.get_by_role("status")).to_contain_text("opgeslagen om")  # announced, politely
    action_plan.refresh_from_db()
    assert action_plan.status == "on_hold"
    screenshot(page, "toetsenbord-status-opgeslagen")

    # A refused value is announced at once (role=alert), in the row's live region.
    page.locator(f"#status-actie-{action.pk}").evaluate("s => { s.options[0].value = 'klaar'; }")
    tab_to(page, f"el => el.id === 'status-actie-{action.pk}'")
    page.keyboard.press("Home")
    page.keyboard.press("Enter")
    alert = page.locator(f"#state-actie-{action.pk}[aria-live=polite]").get_by_role("alert")
    expect(alert).to_contain_text("Niet opgeslagen")

    tab_to(page, "el => el.textContent.trim() === 'Dashboard'", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.locator("section", has_text="Recent gewijzigd")).to_contain_text("actieplan 10")
    tab_to(page, "el => el.matches('main a')")
    screenshot(page, "toetsenbord-dashboard")
    context.close()
    assert blocked == [], "blocked by the Content-Security-Policy"
