"""Backups of the whole database and their restore, history included.

PostgreSQL: ``pg_dump`` in its custom format and ``pg_restore`` (the server's own tools, found in
PG_BINDIR, the server's bin directory, or on the PATH). SQLite: its online backup, which copies a
consistent snapshot while the application keeps running.
"""

import glob
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def _tool(name: str) -> str:
    candidates = [
        os.environ.get("PG_BINDIR", ""),
        *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True),
    ]
    for directory in candidates:
        if directory and (path := Path(directory) / name).exists():
            return str(path)
    if found := shutil.which(name):
        return found
    raise BackupError(f"{name} not found: install the PostgreSQL client tools or set PG_BINDIR")


def _postgres_url(settings_dict: dict) -> str:
    user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings_dict.get("HOST") or "", settings_dict.get("PORT") or ""
    return f"postgresql://{credentials}{host}{':' + str(port) if port else ''}/{settings_dict['NAME']}"


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def backup(path: Path, alias: str = "default") -> Path:
    """Write a backup of database ``alias`` to ``path``."""
    connection = connections[alias]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        url = _postgres_url(connection.settings_dict)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={path}", url])
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    return path


def restore(path: Path, settings_dict: dict, vendor: str) -> None:
    """Replace the contents of the database described by ``settings_dict`` by the backup at ``path``."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    if vendor == "postgresql":
        url = _postgres_url(settings_dict)
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={url}",
                str(path),
            ]
        )
    elif vendor == "sqlite":
        source = sqlite3.connect(path)
        target = sqlite3.connect(settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        raise BackupError(f"no restore for {vendor}")


def files_archive(path: Path) -> Path:
    """Where the stored outputs of the database backup at ``path`` go: beside it."""
    path = Path(path)
    return path.with_name(f"{path.name}.uitvoer.tar")


def backup_files(folder: Path, archive: Path) -> Path:
    """The stored outputs (a round's workbook, verslag …) in ``folder`` as a tar at ``archive``.
    Taken after the database: a file a backed-up row names exists by then (or, if it went since,
    is rendered again at its first download)."""
    folder, archive = Path(folder), Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w") as tar:  # xlsx, docx and PDF are compressed already
        if folder.exists():
            tar.add(folder, arcname=".")
    return archive


def restore_files(archive: Path, folder: Path) -> None:
    """Replace the stored outputs in ``folder`` by those in ``archive``."""
    archive, folder = Path(archive), Path(folder)
    if not archive.exists():
        raise BackupError(f"{archive} does not exist")
    folder.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".terugzetten-"))
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")  # no absolute paths, links out or devices
    if folder.exists():
        shutil.rmtree(folder)
    unpacked.rename(folder)


def table_digests(cursor, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Row count and a hash of the ordered rows of each table: equal digests, equal contents."""
    digests = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = sorted(repr(tuple(map(_plain, row))) for row in cursor.fetchall())
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        digests[table] = (len(rows), digest)
    return digests


def _plain(value):
    """Values as both drivers give them back (bytes for binary columns)."""
    return bytes(value) if isinstance(value, memoryview) else value
