"""The screen's status colours as a stylesheet, rendered once per process from the declaration in
``plans/statuses.py``: served to the browser (``plans.views.styles``) and handed to WeasyPrint for
the verslag's PDF (``reporting/pdf.py``)."""

import functools
import hashlib

from django.template.loader import render_to_string

from plans.statuses import STATUSES


@functools.cache
def stylesheet() -> str:
    return render_to_string("plans/statuses.css", {"statuses": STATUSES}).strip() + "\n"


@functools.cache
def version() -> str:
    """Changes when the stylesheet does, so a browser may keep it for good under an address with it."""
    return hashlib.sha256(stylesheet().encode()).hexdigest()[:12]
