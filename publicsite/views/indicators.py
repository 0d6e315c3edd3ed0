"""The public site's indicators pages (issue 33)."""

PLAN_PAGES: list = []
