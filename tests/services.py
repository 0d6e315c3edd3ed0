"""The programs some tests need beside Python. Locally a missing one skips those tests with a note;
with REQUIRE_SERVICES=1 (CI) the run fails at once and names what is missing."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = bool(shutil.which("pdftotext") and shutil.which("pdftoppm"))
# Tests that print an output through LibreOffice and read it back with pdftotext.
NEEDS_OFFICE_AND_POPPLER = pytest.mark.skipif(
    OFFICE is None or not POPPLER,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed: apt-get install "
    "libreoffice-writer poppler-utils",
)


def missing_services() -> list[str]:
    """What this machine lacks of the programs the tests use, each with how to install it."""
    needed = {
        "Chromium (apt-get install chromium)": Path(CHROMIUM).exists(),
        "LibreOffice (apt-get install libreoffice-calc libreoffice-writer)": OFFICE is not None,
        "pdftotext and pdftoppm (apt-get install poppler-utils)": POPPLER,
    }
    return [name for name, present in needed.items() if not present]


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "").lower() in ("1", "true", "yes", "on")
