"""The empty workbook in which a beheerder writes a whole plan: an Uitleg tab, then one tab per kind.

Each column is declared once here, with what the Uitleg says of it; ``plan_import.py`` reads the
same declarations. Data columns are text for the first rows (so 10.10 stays 10.10), and the status
columns offer the statuses of plans/statuses.py.
"""

from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reporting.columns import STATUS_LABELS, status_dropdown

TEXT_ROWS = 2000
GOALS, ACTION_PLANS, ACTIONS, PROJECTS = "Doelstellingen", "Actieplannen", "Acties", "Projecten"
ENTITIES = "Entiteiten"
REQUIRED_SHEETS = (ACTION_PLANS, ACTIONS)


@dataclass(frozen=True)
class TemplateColumn:
    header: str
    field: str  # the model field, or what the reader makes of it (timing, parent, links)
    explanation: str
    example: str
    required: bool = False
    width: int = 24


STATUS = TemplateColumn(
    "Status",
    "status",
    _("Kies uit de lijst: %(statuses)s. Leeg: niet gestart.")
    % {"statuses": ", ".join(STATUS_LABELS.values())},
    "loopt",
    width=14,
)


RESPONSIBLE_HINT = _(
    "Dienst of persoon: de naam van een dienst, of de volledige naam, gebruikersnaam of het e-mailadres "
    "van een gebruiker. Wie gekend is, wordt gekoppeld en werkt de status bij; een andere naam blijft "
    "als tekst staan (koppel ze later in Beheer)."
)
TIMING = TemplateColumn(
    "Timing",
    "timing",
    _("Een periode (2026 - 2028), één jaar (2027) of vrije tekst (korte termijn)."),
    "2026 - 2028",
    width=16,
)
PRIORITY = TemplateColumn(
    "Prioritair",
    "priority",
    _(
        "ja of nee (ook x, 1 of 0). Leeg: nee. Een prioritaire actie maakt haar actieplan en "
        "doelstelling prioritair."
    ),
    "ja",
    width=12,
)
EXTERNAL_CODE = TemplateColumn(
    "Code digitale rapportering",
    "external_code",
    _("De code in het financiële pakket en de digitale rapportering, bv. BD000003, AP000012, AC000123."),
    "",
    width=18,
)
SHEETS: dict[str, list[TemplateColumn]] = {
    GOALS: [
        TemplateColumn(
            "Nummer", "number", _("Zoals het plan het schrijft: 1, SD 1, BD000003."), "SD 1", True, 12
        ),
        TemplateColumn(
            "Titel",
            "title",
            _("De doelstelling, letterlijk."),
            "We zorgen voor een warme gemeente.",
            True,
            50,
        ),
        TemplateColumn(
            "Domein", "domain", _("Het hoofdstuk of domein, als het plan er heeft."), "MENSEN STERKER MAKEN"
        ),
        TemplateColumn(
            "Omschrijving", "description", _("Een toelichting bij de doelstelling."), "", width=50
        ),
        EXTERNAL_CODE,
    ],
    ACTION_PLANS: [
        TemplateColumn(
            "Nummer", "number", _("Zoals het plan het schrijft: 10, OD 1.1, AP000012."), "OD 1.1", True, 12
        ),
        TemplateColumn(
            "Titel", "title", _("Het actieplan, letterlijk."), "We versterken het sociaal huis.", True, 50
        ),
        TemplateColumn(
            "Doelstelling", "goal", _("Het nummer van de doelstelling op het tabblad Doelstellingen."), "SD 1"
        ),
        TemplateColumn("Verantwoordelijke", "responsible", RESPONSIBLE_HINT, "Dienst welzijn"),
        TIMING,
        TemplateColumn("Politiek aanspreekpunt", "political_contact", _("De schepen of voorzitter."), ""),
        TemplateColumn("Partners", "partners", _("Wie betrokken wordt."), ""),
        TemplateColumn(
            "Aandachtspunten", "points_of_attention", _("Waar de raad op moet letten."), "", width=40
        ),
        TemplateColumn(
            "Budget", "budget", _("De budgetenveloppe in euro: 1.250.000 of 1250000,50."), "250.000", width=14
        ),
        STATUS,
        TemplateColumn("Toelichting", "explanation", _("De stand van zaken."), "", width=50),
        PRIORITY,
        EXTERNAL_CODE,
    ],
    ACTIONS: [
        TemplateColumn(
            "Actieplan",
            "action_plan",
            _("Het nummer van het actieplan op het tabblad Actieplannen."),
            "OD 1.1",
            True,
            12,
        ),
        TemplateColumn(
            "Nummer",
            "number",
            _("Zoals het plan het schrijft: 10.2, OD 1.1.1, AC000123."),
            "OD 1.1.1",
            True,
            12,
        ),
        TemplateColumn("Titel", "title", _("De actie, letterlijk."), "We openen één loket.", True, 50),
        TemplateColumn("Verantwoordelijke", "responsible", RESPONSIBLE_HINT, "Sociaal huis"),
        TIMING,
        STATUS,
        TemplateColumn("Toelichting", "explanation", _("De stand van zaken."), "", width=50),
        PRIORITY,
        TemplateColumn(
            "Beleidsveld",
            "policy_field",
            _("De code van het beleidsveld, zoals in de lijst van beleidsvelden van de beheerder: 0900."),
            "0900",
            width=12,
        ),
        TemplateColumn(
            "Entiteit",
            "entity",
            _(
                "In een geïntegreerd plan: de code of naam van een entiteit op het tabblad Entiteiten. Een "
                "code die daar niet staat, wordt als nieuwe entiteit aangemaakt (het voorbeeld toont ze)."
            ),
            "OCMW",
            width=14,
        ),
        EXTERNAL_CODE,
    ],
    PROJECTS: [
        TemplateColumn(
            "Naam", "name", _("De naam van het project, uniek in het plan."), "Welzijnscampus", True, 30
        ),
        TemplateColumn("Projectleider", "project_leader", RESPONSIBLE_HINT, "Team patrimonium"),
        TemplateColumn(
            "Actieplannen",
            "links",
            _("De nummers van de gekoppelde actieplannen, met komma's."),
            "OD 1.1, OD 2.3",
            width=30,
        ),
        STATUS,
        TemplateColumn("Toelichting", "explanation", _("De stand van zaken."), "", width=50),
    ],
    ENTITIES: [
        TemplateColumn("Code", "code", _("Kort, uniek in het plan: GEM, OCMW, AGB."), "OCMW", True, 12),
        TemplateColumn("Naam", "name", _("Voluit. Leeg: de code."), "OCMW Voorbeeldgemeente", width=36),
    ],
}

INSTRUCTIONS = [
    _("Een strategisch plan inlezen"),
    "",
    _(
        "1. Vul de tabbladen Doelstellingen, Actieplannen, Acties en (als het plan projecten heeft) "
        "Projecten in: één rij per item, vanaf rij 2. Laat de kopregel staan. Een geïntegreerd plan "
        "(gemeente, OCMW, AGB) zet zijn entiteiten op het tabblad Entiteiten."
    ),
    _(
        "2. Neem nummers en titels letterlijk over uit het plan, met hun letters en spaties (SD 1, OD 1.2, "
        "AP000012). 10.10 blijft 10.10: de kolommen staan op tekst."
    ),
    _(
        "3. Verplichte kolommen staan hieronder met (verplicht). Andere kolommen mag u leeg laten of "
        "weglaten."
    ),
    _(
        "4. Laad het bestand op bij Nieuw plan inlezen. U ziet eerst alles wat aangemaakt wordt, met "
        "eventuele fouten per tabblad, rij en kolom; pas na uw bevestiging wordt het plan aangemaakt."
    ),
    "",
    _(
        "Nummering: hiërarchisch (het nummer van een actie verlengt dat van haar actieplan: OD 1.1 → "
        "OD 1.1.3, 10 → 10.2) of vrij (elke code, uniek in het plan; de kolom Actieplan zegt waar een actie "
        "bij hoort). De import herkent ze zelf en zegt welke ze gebruikt; u kunt ze ook kiezen."
    ),
    "",
]
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _instructions(book: Workbook) -> None:
    sheet = book.create_sheet("Uitleg")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 36
    for line in INSTRUCTIONS:
        sheet.append([str(line)])
    sheet["A1"].font = Font(bold=True, size=14)
    for title, columns in SHEETS.items():
        sheet.append([])
        sheet.append(
            [_("Tabblad %(sheet)s") % {"sheet": title}, str(_("Wat erin komt")), str(_("Voorbeeld"))]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        for column in columns:
            label = (
                _("%(column)s (verplicht)") % {"column": column.header} if column.required else column.header
            )
            sheet.append([label, str(column.explanation), column.example])
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.number_format = "@"


def _data_sheet(book: Workbook, title: str, columns: list[TemplateColumn]) -> None:
    sheet = book.create_sheet(title)
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        header = sheet.cell(row=1, column=index)
        header.font, header.fill = BOLD, HEADER_FILL
        for row in range(2, TEXT_ROWS + 2):
            sheet.cell(row=row, column=index).number_format = "@"
        if column.field == "status":
            sheet.add_data_validation(status_dropdown(f"{letter}2:{letter}{TEXT_ROWS + 1}", allow_blank=True))
    sheet.freeze_panes = "A2"


def template() -> bytes:
    """The empty workbook: the Uitleg, then the data tabs with only their header rows."""
    book = Workbook()
    book.remove(book.active)
    _instructions(book)
    for title, columns in SHEETS.items():
        _data_sheet(book, title, columns)
    output = BytesIO()
    book.save(output)
    return output.getvalue()
