"""Every icon shows on a plain machine: no page, template or message uses a symbol that the fonts every
Debian installation has (DejaVu Sans, the fontconfig default; Liberation) lack. Emoji and the rarer
symbols (🔒, ⏱) showed as empty boxes there; the product draws them as inline SVG icons instead
(templates/includes/icons/). WeasyPrint and Word use the same system fonts, so the PDF and Word
outputs are held to the same rule."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from indicators import values
from plans.delays import is_delayed
from reporting.rounds import close_round, open_round
from tests.factories import ActionFactory, IndicatorFactory, PlanFactory

ROOT = Path(settings.BASE_DIR)
# The blocks where emoji and the rarer symbols live: technical symbols (⏱ ⌛ ⏰), miscellaneous symbols
# and dingbats (☀ ⚠ ✔ ❌), more symbols and arrows (⬆ ⭐), emoji (🔒 👍), and the emoji presentation selector.
RISKY = [(0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF), (0xFE0F, 0xFE0F)]
# In the Word and Excel outputs only (indicators/lines.py), where no SVG icon fits in a line of text:
# a check mark and a cross beside "op koers" / "niet op koers", covered by DejaVu Sans and by the fonts
# Word and Excel fall back to. The pages and the PDF draw them as SVG icons.
ALLOWED_IN_OFFICE = {"✓", "✗"}


def risky(text: str, allowed: set[str] = frozenset()) -> set[str]:
    return {c for c in text if c not in allowed and any(low <= ord(c) <= high for low, high in RISKY)}


def sources() -> list[Path]:
    shared = {"config", "templates", "static"}
    apps = [p for p in ROOT.iterdir() if (p / "apps.py").exists() or p.name in shared]
    found = []
    for app in apps:
        for pattern in ("**/*.py", "**/*.html", "**/*.txt", "**/*.svg", "**/*.js", "**/*.css"):
            found += [p for p in app.glob(pattern) if "vendor" not in p.parts]
    return found + list((ROOT / "locale").glob("**/*.po"))


def test_risky_finds_emoji_and_rare_symbols_but_lets_plain_text_pass():
    assert risky("🔒 afgesloten · ⏱ vertraagd · ⚠ let op") == {"🔒", "⏱", "⚠"}
    assert risky("status loopt → afgewerkt — “goed” …") == set()
    assert risky("✓ op koers ★ prioritair") == {"✓", "★"}
    assert risky("✓ op koers", ALLOWED_IN_OFFICE) == set()


def test_no_template_or_source_uses_a_symbol_a_basic_font_lacks():
    files = sources()
    assert any(p.name == "_delayed.html" for p in files) and any(p.name == "docx_report.py" for p in files)
    found = {
        str(p.relative_to(ROOT)): sorted(
            risky(p.read_text(encoding="utf-8"), ALLOWED_IN_OFFICE if p.suffix == ".py" else set())
        )
        for p in files
    }
    assert {path: chars for path, chars in found.items() if chars} == {}


@pytest.mark.parametrize("role", ["cel", "mt", "raad", "beheerder"])
def test_the_main_pages_of_every_role_show_no_symbol_a_basic_font_lacks(client, users, plan, role):
    client.force_login(users[role])
    delayed = ActionFactory(action_plan=plan.action_plans.get(number="10"), number="10.99", end_year=2018)
    assert is_delayed(delayed)
    urls = [
        reverse("plans:home"),
        reverse("plans:overview", args=[plan.slug]),
        reverse("plans:plan_status", args=[plan.slug]),
        reverse("plans:action_plan_status", args=[plan.slug, "10"]),
        reverse("plans:timeline", args=[plan.slug, "actie", delayed.pk]),
        reverse("reporting:dashboard", args=[plan.slug]),
    ]
    if role == "beheerder":
        urls += [reverse("admin:index"), reverse("admin:plans_action_changelist")]
    pages = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    assert {url: sorted(risky(page)) for url, page in pages.items() if risky(page)} == {}
    # the delay marker is on these pages, drawn as an icon beside its word
    timeline = pages[urls[4]]
    assert 'class="delay-mark"' in timeline and '<svg class="icon"' in timeline and "vertraagd" in timeline


def test_a_closed_value_shows_a_lock_icon_beside_its_word(client, cel_user):
    plan = PlanFactory(start_year=2026, end_year=2031)
    indicator = IndicatorFactory(plan=plan)
    round = open_round(plan=plan, name="Rapportering juni 2026", date=datetime.date(2026, 6, 30), by=cel_user)
    values.record_value(indicator, "11", round=round, by=cel_user)
    close_round(round, by=cel_user)
    client.force_login(cel_user)
    page = client.get(reverse("indicators:detail", args=[plan.slug, indicator.pk])).content.decode()
    mark = page[page.index('<span class="closed-mark">') :]
    mark = mark[: mark.index("</span>")]
    assert '<svg class="icon"' in mark and 'aria-hidden="true"' in mark and 'fill="currentColor"' in mark
    assert "afgesloten" in mark and not risky(page)
