"""The open data files of a published plan's edition, and the organisation's ZIP of CSV files.

A file is built once per edition and format and kept in Django's cache under the edition's key: an
edition never changes, so a second download reads the bytes (no query of the plan's items). The ZIP is
kept under the keys of all the editions it holds: a new version or rapportering of any plan makes a new
one.
"""

import contextlib
import gc
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from opendata import downloads_csv, downloads_excel, downloads_json, linked_data
from opendata.tables import AMOUNT_COLUMNS, INDICATOR_COLUMNS, ITEM_COLUMNS, PlanTables, plan_tables
from organisations.models import Organisation
from publicsite import editions
from publicsite.editions import Edition

ZIP = "application/zip"


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    build: Callable[[PlanTables], bytes]


FORMATS = {
    "csv": Format("csv", "text/csv; charset=utf-8", lambda tables: downloads_csv.csv_bytes(tables.items)),
    "xlsx": Format("xlsx", downloads_excel.XLSX, downloads_excel.workbook_bytes),
    "json": Format("json", f"{downloads_json.JSON}; charset=utf-8", downloads_json.json_bytes),
    "jsonld": Format("jsonld", f"{linked_data.JSON_LD}; charset=utf-8", linked_data.json_ld_bytes),
}


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a file is built: a big plan's tables are
    hundreds of thousands of small objects, and the collector walked them again and again (measured:
    half the time of building the tables). They hold no cycles; everything is freed when the build
    returns."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def filename(edition: Edition, format: str) -> str:
    """``<plan-slug>-v<n>.<extension>``: the slug is already clean."""
    return f"{edition.plan.slug}-v{edition.version.number}.{FORMATS[format].extension}"


def _key(edition: Edition, format: str) -> str:
    plan = edition.plan
    return f"opendata:{format}:{edition.key}:{plan.organisation.slug}:{plan.slug}"


def plan_file(edition: Edition, format: str) -> bytes:
    """The edition's file in ``format`` (a key of FORMATS), built once."""
    key = _key(edition, format)
    found = cache.get(key)
    if found is None:
        with collector_paused():
            found = FORMATS[format].build(plan_tables(edition))
        cache.set(key, found, timeout=None)
    return found


# ---------------------------------------------------------------------------------------------------
# The organisation's ZIP


def _columns(columns) -> str:
    return "\n".join(f"  {column.key}: {column.label}" for column in columns)


def readme(organisation: Organisation, chosen: list[Edition]) -> str:
    plans = "\n".join(
        f"- {edition.plan.slug}-v{edition.version.number}/: {edition.plan.name}, versie "
        f"{edition.version.number} ({edition.version.name})"
        + (f", stand van zaken {edition.reported_on:%d-%m-%Y}" if edition.reported_on else "")
        for edition in chosen
    )
    return (
        _("Open data van %(organisation)s") % {"organisation": organisation.name}
        + "\n\n"
        + _(
            "Dit archief bevat de gepubliceerde plannen van het bestuur, elk in de versie die van kracht "
            "is, met de stand van zaken van de laatste rapportering aan de raad. Per plan een map:"
        )
        + f"\n{plans or _('(geen gepubliceerde plannen)')}\n\n"
        + _("Elke map bevat drie CSV-bestanden:")
        + "\n- items.csv: "
        + _("één rij per doelstelling, actieplan, actie, project en indicator.")
        + "\n- bedragen.csv: "
        + _(
            "de ramingen en realisaties per actie, jaar, categorie (E exploitatie, I investeringen, "
            "F financiering) en richting (uitgave of ontvangst), in euro."
        )
        + "\n- indicatorwaarden.csv: "
        + _("per indicator de basiswaarde, de streefwaarden per jaar en de metingen.")
        + "\n\n"
        + _(
            "De bestanden zijn UTF-8 (met BOM), velden gescheiden door een puntkomma, met een "
            "decimale komma: Excel opent ze zo met een dubbelklik. Tekst die met =, +, -, of @ begint, "
            "krijgt een apostrof vooraan zodat een rekenblad ze nooit als formule uitvoert."
        )
        + "\n\n"
        + _("Kolommen van items.csv:")
        + f"\n{_columns(ITEM_COLUMNS)}\n\n"
        + _("Kolommen van bedragen.csv:")
        + f"\n{_columns(AMOUNT_COLUMNS)}\n\n"
        + _("Kolommen van indicatorwaarden.csv:")
        + f"\n{_columns(INDICATOR_COLUMNS)}\n\n"
        + _(
            "De kolom uri is het blijvende adres van het item op de publieke website, in deze versie. "
            "Elk plan is ook per versie te downloaden als CSV, Excel, JSON en JSON-LD."
        )
        + "\n\n"
        + _(
            "Licentie: tenzij het bestuur op zijn website anders vermeldt, gelden de voorwaarden van de "
            "Modellicentie Gratis Hergebruik van de Vlaamse overheid."
        )
        + "\n"
    )


def organisation_editions(organisation: Organisation) -> list[Edition]:
    """The version in force of every published plan of the organisation, by name."""
    return [editions.edition(plan) for plan in editions.published_plans(organisation)]


def organisation_key(organisation: Organisation, chosen: list[Edition]) -> str:
    parts = [organisation.slug, *(f"{e.key}:{e.plan.slug}" for e in chosen)]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def organisation_zip(organisation: Organisation, chosen: list[Edition]) -> bytes:
    """A ZIP with a folder of CSV files per published plan and a README.txt, built once."""
    key = f"opendata:zip:{organisation_key(organisation, chosen)}"
    found = cache.get(key)
    if found is not None:
        return found
    output = io.BytesIO()
    with collector_paused(), zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(organisation, chosen).encode("utf-8"))
        for edition in chosen:
            tables = plan_tables(edition)
            folder = f"{edition.plan.slug}-v{edition.version.number}"
            for table in (tables.items, tables.amount_table, tables.value_table):
                archive.writestr(f"{folder}/{table.name}.csv", downloads_csv.csv_bytes(table))
    found = output.getvalue()
    cache.set(key, found, timeout=None)
    return found
