from django.utils.translation import gettext as _

from outputs.models import OutputKind
from reporting.management.round_output import RoundOutputCommand


class Command(RoundOutputCommand):
    help = _(
        "Schrijft het verslag van een rapportering voor de raad, hetzelfde als de download op de "
        "website (voor een opvolgingsrapportering of doelstellingenrealisatie: het BBC-rapport); het "
        "formaat volgt uit het bestand (.pdf, .docx)."
    )
    kinds = (OutputKind.PDF, OutputKind.DOCX)
    output_help = _("het bestand om te schrijven: verslag.pdf of verslag.docx")
