from django.utils.translation import gettext as _

from outputs.models import OutputKind
from reporting.management.round_output import RoundOutputCommand


class Command(RoundOutputCommand):
    help = _(
        "Schrijft het werkboek (Excel) van een rapportering, hetzelfde als de download op de website: "
        "tabbladen Projecten, Acties, Samenvatting en Wijzigingsvoorstellen, of voor een "
        "opvolgingsrapportering of doelstellingenrealisatie die van het BBC-rapport."
    )
    kinds = (OutputKind.WORKBOOK,)
    output_help = _("het .xlsx-bestand om te schrijven")
