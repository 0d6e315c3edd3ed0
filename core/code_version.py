"""The version of the code a server runs: what its cached fragments and stored outputs are keyed by."""

import hashlib
from pathlib import Path

# What a cached page fragment and a stored output are made from: the code of every folder with an
# apps.py (config's included), and the templates and translations beside them.
SHARED_FOLDERS = ("templates", "locale")
CODE_SUFFIXES = {".py", ".html", ".txt", ".mo"}


def code_version(base_dir: Path) -> str:
    """A digest of the code and templates that render the cached fragments (about 40 ms, once per
    process). A shared cache outlives a release: under this prefix, servers of a new release never
    read the fragments an older one rendered, also while both run side by side."""
    digest = hashlib.sha256()
    apps = sorted(path.parent.name for path in base_dir.glob("*/apps.py"))
    for folder in [*apps, *SHARED_FOLDERS]:
        for path in sorted((base_dir / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
