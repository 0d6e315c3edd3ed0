"""Printing an output as the raad gets it, for the tests: LibreOffice to PDF, pdftotext's word boxes,
words printed over each other, and a picture of the first page for a reviewer."""

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = bool(shutil.which("pdftotext") and shutil.which("pdftoppm"))
OUTPUT = Path(os.environ.get("TEST_OUTPUT_DIR", "test-output"))

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')

Box = tuple[float, float, float, float, str]  # xMin, yMin, xMax, yMax, text


@dataclass
class Page:
    width: float
    height: float
    words: list[Box]


def office_to_pdf(source: Path, folder: Path) -> Path:
    """``source`` (.xlsx, .docx) printed to PDF by LibreOffice, with a profile of its own so that runs
    in parallel do not clash."""
    subprocess.run(
        [
            OFFICE,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / f"{source.stem}.pdf"


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pages(pdf: Path) -> list[Page]:
    """Every page with its size and its words' boxes, as ``pdftotext -bbox`` gives them."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    found = []
    for chunk in boxes.stdout.split("<page ")[1:]:
        width, height = _PAGE.match("<page " + chunk).groups()
        words = [
            (float(a), float(b), float(c), float(d), html.unescape(w))
            for a, b, c, d, w in _WORD.findall(chunk)
        ]
        found.append(Page(float(width), float(height), words))
    return found


def overlaps(words: list[Box], *, tolerance: float = 0.5, line_share: float = 0.0) -> list[tuple[str, str]]:
    """The pairs of words printed over each other. Boxes may touch by ``tolerance`` points; across
    lines, neighbouring boxes may also share ``line_share`` of the lower box's height (a word's box
    is a bit taller than some line pitches)."""
    found = []
    ordered = sorted(words)
    for index, (x0, y0, x1, y1, text) in enumerate(ordered):
        for a0, b0, a1, b1, other in ordered[index + 1 :]:
            if a0 >= x1 - tolerance:
                break  # sorted by xMin: no later word reaches back into this one
            across = min(x1, a1) - max(x0, a0)
            down = min(y1, b1) - max(y0, b0)
            if across > tolerance and down > max(tolerance, line_share * min(y1 - y0, b1 - b0)):
                found.append((text, other))
    return found


def picture_of_first_page(pdf: Path, name: str) -> Path:
    """The first page as a PNG in TEST_OUTPUT_DIR (default test-output/), for a reviewer."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    target = OUTPUT / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
        check=True,
        timeout=60,
    )
    return target.with_suffix(".png")
