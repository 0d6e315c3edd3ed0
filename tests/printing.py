"""Printing an output as the raad gets it, for the tests: LibreOffice to PDF, pdftotext's word boxes,
words printed over each other, and a picture of the first page for a reviewer."""

import html
import os
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.services import OFFICE

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


_BROKEN_AFTER_HYPHEN = re.compile(r"(?<=\w)-\s+(?=\w)")
_PAGE_NUMBER = re.compile(r"^pagina \d+ van \d+$", re.IGNORECASE)


def flowing(text: str) -> str:
    """``text`` as one line of words: every run of white space (line and page breaks included) one
    space, soft hyphens gone, a word broken after its hyphen joined again. Apply it to the phrase
    looked for as well, so a check never depends on where the fonts break a line."""
    text = _BROKEN_AFTER_HYPHEN.sub("-", text.replace("\u00ad", ""))
    return " ".join(text.split())


def printed_text(pdf: Path | bytes) -> str:
    """The words of ``pdf`` in the order they were printed (the content stream's, not the page's
    columns), as :func:`flowing` gives them, with the page furniture taken out: the "pagina x van y"
    lines and the first and last lines of a page that repeat on most pages (a running header or
    footer), so that a phrase broken over a page is found whole."""
    source, data = ("-", pdf) if isinstance(pdf, bytes) else (str(pdf), None)
    raw = subprocess.run(["pdftotext", "-raw", source, "-"], input=data, capture_output=True, check=True)
    printed_pages = [
        [line.strip() for line in page.splitlines() if line.strip() and not _PAGE_NUMBER.match(line.strip())]
        for page in raw.stdout.decode("utf-8", "replace").split("\f")
    ]
    printed_pages = [lines for lines in printed_pages if lines]

    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", line)

    edges = Counter(shape(line) for lines in printed_pages for line in {*lines[:2], *lines[-2:]})
    furniture = {edge for edge, count in edges.items() if count > 1 and count > len(printed_pages) / 2}
    kept = []
    for lines in printed_pages:
        while lines and shape(lines[0]) in furniture:
            lines = lines[1:]
        while lines and shape(lines[-1]) in furniture:
            lines = lines[:-1]
        kept.append("\n".join(lines))
    return flowing("\n".join(kept))


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
