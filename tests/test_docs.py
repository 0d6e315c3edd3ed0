"""The README and docs/ stay true to the tree: every relative link reaches a file (and a heading of
it), the README stays short, names the two commands and leads to every page of docs/."""

import re
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"

FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
EXTERNAL = ("http://", "https://", "mailto:")


def markdown_files() -> list[Path]:
    return [README, *sorted(DOCS.rglob("*.md"))]


def prose(path: Path) -> str:
    """The text without code blocks and code spans, where a bracket is not a link."""
    return INLINE_CODE.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = INLINE_CODE.sub(lambda match: match.group(0).strip("`"), heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {anchor(heading) for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8")))}


def broken_links(path: Path, *, root: Path = ROOT) -> list[str]:
    broken = []
    for target in LINK.findall(prose(path)):
        if target.startswith(EXTERNAL):
            continue
        file_part, _, fragment = target.partition("#")
        linked = (path.parent / unquote(file_part)).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{path.relative_to(root)}: {target} (no such file)")
        elif fragment and linked.suffix == ".md" and unquote(fragment) not in anchors(linked):
            broken.append(f"{path.relative_to(root)}: {target} (no such heading)")
    return broken


def test_every_relative_link_in_the_readme_and_docs_reaches_an_existing_file_and_heading():
    broken = [link for path in markdown_files() for link in broken_links(path)]
    assert broken == []


def test_the_readme_stays_under_200_lines_and_names_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 200
    assert "make run" in text
    assert "make test" in text


def test_the_readme_links_to_every_page_of_docs():
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in LINK.findall(prose(README))}
    assert [str(page.relative_to(ROOT)) for page in sorted(DOCS.rglob("*.md")) if page not in linked] == []


def test_a_broken_relative_link_is_found(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "other.md").write_text("# Een titel: met leestekens\n", encoding="utf-8")
    page.write_text(
        "[goed](other.md#een-titel-met-leestekens) [weg](missing.md) [kop](other.md#geen-kop)\n"
        "`[in code](missing.md)`\n```\n[in een blok](missing.md)\n```\n",
        encoding="utf-8",
    )
    found = [line.split(": ", 1)[1] for line in broken_links(page, root=tmp_path)]
    assert found == ["missing.md (no such file)", "other.md#geen-kop (no such heading)"]
