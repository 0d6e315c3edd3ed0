"""The public addresses of a plan, a version and each item: the public site's own pages, so an item's
URI in the API and in every download is a page a reader can open. Plan + version + code identify an
item for good (codes repeat across legislatures, a version never changes)."""

from urllib.parse import quote

from django.urls import NoReverseMatch, reverse

from core.site import absolute
from publicsite.editions import Edition
from versions.models import ItemKind

# The public site's page of each kind of item (publicsite/views/pages.py, publicsite/views/indicators.py):
# its url name (``_version``: in a given version) and whether its address holds the code or the id.
PUBLIC_PAGES = {
    ItemKind.GOAL: ("goal", "code"),
    ItemKind.ACTION_PLAN: ("action_plan", "code"),
    ItemKind.ACTION: ("action", "code"),
    ItemKind.PROJECT: ("project", "item_id"),
    ItemKind.INDICATOR: ("indicator", "item_id"),
}
SAFE = "!$&'()*+,;=:@~"  # what Django's reverse() leaves unquoted in a path


def _kwargs(edition: Edition) -> dict:
    plan = edition.plan
    return {"organisation": plan.organisation.slug, "plan": plan.slug, "version": edition.version.number}


def plan_uri(edition: Edition) -> str:
    kwargs = _kwargs(edition)
    del kwargs["version"]
    return absolute(reverse("public:plan", kwargs=kwargs))


def version_uri(edition: Edition) -> str:
    return absolute(reverse("public:plan_version", kwargs=_kwargs(edition)))


def public_paths(edition: Edition, kind: str):
    """A function giving the public site's page of an item of ``kind`` in this version, from its code
    and id: the address reversed once, then filled in per item. Without such a page, the plan's page
    of this version with the item as fragment."""
    kwargs = _kwargs(edition)
    name, key = PUBLIC_PAGES[kind]
    try:
        start = reverse(f"public:{name}_version", kwargs={**kwargs, key: 0 if key == "item_id" else "0"})
    except NoReverseMatch:
        page = reverse("public:plan_version", kwargs=kwargs)
        return lambda code, item_id: f"{page}#{kind}-{quote(code, safe='')}"
    start = start.removesuffix("0/")
    if key == "item_id":
        return lambda code, item_id: f"{start}{item_id}/"
    return lambda code, item_id: f"{start}{quote(code, safe=SAFE)}/"
