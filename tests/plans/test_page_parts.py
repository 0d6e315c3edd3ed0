"""An app above plans adds to plans' pages by registering a part; plans imports none of them."""

import pytest

from plans import page_parts
from plans.page_parts import LinkedItems, Parts


@pytest.fixture
def nothing_registered(monkeypatch):
    monkeypatch.setattr(page_parts, "registered", Parts())


def test_the_indicators_registered_their_parts():
    assert page_parts.registered.items_on_track.__module__ == "indicators.lines"
    assert page_parts.registered.overview_lines.__module__ == "indicators.lines"
    assert page_parts.registered.action_plan_context.__module__ == "indicators.items"


def test_without_parts_the_pages_show_plans_own(nothing_registered):
    assert page_parts.items_on_track(plan=None, track="op_koers") is None  # no filter
    assert page_parts.action_plan_context(None, None, []) == {}
    page_parts.add_overview_lines([])


def test_a_registered_part_is_called(nothing_registered):
    found = LinkedItems({1}, set(), set())
    page_parts.register(items_on_track=lambda plan, track: found)
    assert page_parts.items_on_track(plan=None, track="op_koers") is found


def test_a_part_is_registered_once_and_an_unknown_part_is_refused(nothing_registered):
    first = lambda user, action_plan, actions: {"first": True}  # noqa: E731
    page_parts.register(action_plan_context=first)
    with pytest.raises(ValueError, match="registered already"):
        page_parts.register(action_plan_context=lambda user, action_plan, actions: {})
    with pytest.raises(TypeError, match="No page part 'sidebar'"):
        page_parts.register(sidebar=lambda: None)
    assert page_parts.registered.action_plan_context is first


def test_registering_the_same_part_again_is_harmless(nothing_registered):
    """As when an app's ready() runs twice (tests that change the installed apps)."""
    found = lambda plan, track: None  # noqa: E731
    page_parts.register(items_on_track=found)
    page_parts.register(items_on_track=found)
    assert page_parts.registered.items_on_track is found
