"""Printing an output as the raad gets it, for the tests: LibreOffice to PDF, pdftotext's word boxes,
words printed over each other, words off the paper, amounts broken over two lines, and a picture of
a page for a reviewer."""

import html
import itertools
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
    return offices_to_pdf([source], folder)[0]


def offices_to_pdf(sources: list[Path], folder: Path) -> list[Path]:
    """Each of ``sources`` printed to PDF by one run of LibreOffice (it starts once for them all)."""
    subprocess.run(
        [
            OFFICE,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=300 * len(sources),
    )
    return [folder / f"{source.stem}.pdf" for source in sources]


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


EDGE = 14.0  # points (5 mm): closer to the paper's edge than any page margin or running header of ours


def off_the_page(page: Page, *, edge: float = EDGE) -> list[Box]:
    """The words of ``page`` that pass the paper's edge, or come within ``edge`` points of it.

    pdftotext drops a glyph that lies wholly outside the page, so a word cut by the edge ("Graa" for
    "Graad") may end right at it rather than past it: ``edge`` catches that word too. No page margin
    of an output comes that close to the paper's edge."""
    return [
        word
        for word in page.words
        if word[0] < edge or word[1] < edge or word[2] > page.width - edge or word[3] > page.height - edge
    ]


def words_off_the_page(pdf: Path, *, edge: float = EDGE) -> dict[int, list[str]]:
    """Per page number (from 1), the words of ``pdf`` that pass or touch the paper's edge; empty when
    every word of every page stays inside it."""
    found = {number: off_the_page(page, edge=edge) for number, page in enumerate(pages(pdf), start=1)}
    return {number: [word[4] for word in words] for number, words in found.items() if words}


FURNITURE = 45.0  # points: the running header and the page number print this close to the edge


def blank_pages(pdf: Path, *, furniture: float = FURNITURE) -> list[int]:
    """The numbers of the pages of ``pdf`` (from 1) that print nothing but their running header and
    page number, all of which lie within ``furniture`` points of the top or the bottom edge."""
    return [
        number
        for number, page in enumerate(pages(pdf), start=1)
        if not any(word[1] > furniture and word[3] < page.height - furniture for word in page.words)
    ]


_AMOUNT = re.compile(r"-?\d{1,3}(\.\d{3})*,\d{2}")
_RATE = re.compile(r"-?\d{1,3}(\.\d{3})*(,\d)?")


def broken_amounts(words: list[Box], *, line_tolerance: float = 2.0) -> list[str]:
    """The amounts (€ 1.234,56) and realisatiegraden (44,1 %) among ``words`` (one page's, in the
    order pdftotext reads them) that are not printed whole on one line: the figure after a "€" or
    before a "%" that is missing, incomplete, or on another line."""
    found = []

    def same_line(a: Box, b: Box) -> bool:
        return abs(a[1] - b[1]) <= line_tolerance and abs(a[3] - b[3]) <= line_tolerance

    for index, word in enumerate(words):
        text = word[4]
        if text == "€":
            figure = words[index + 1] if index + 1 < len(words) else None
            if figure is None or not same_line(word, figure) or not _AMOUNT.fullmatch(figure[4]):
                found.append(f"€ {figure[4] if figure else ''}".strip())
        elif text.startswith("€"):  # the sign and the figure as one word
            if not _AMOUNT.fullmatch(text[1:].lstrip("\u00a0")):
                found.append(text)
        elif text == "%":
            figure = words[index - 1] if index else None
            if figure is None or not same_line(figure, word) or not _RATE.fullmatch(figure[4].lstrip("(+±~")):
                found.append(f"{figure[4] if figure else ''} %".strip())
    return found


def broken_words(words: list[Box], written: set[str]) -> list[str]:
    """The words of the document that are printed broken in the middle ("Realisat ie" for
    "Realisatie"): two words printed one after the other (on one page, in the order pdftotext reads
    them) that are no word of the document apart, ``written``, and one together. A word broken after
    its own hyphen is no fault."""
    return [
        f"{first[4]} {then[4]}"
        for first, then in itertools.pairwise(words)
        if first[4] not in written and not first[4].endswith("-") and first[4] + then[4] in written
    ]


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
