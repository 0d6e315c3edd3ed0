"""The public site's widgets pages (issue 33)."""

PLAN_PAGES: list = []
