"""Who may do what with versions: everyone who reads the plan reads its versions; the cel (and the
beheerder) drafts an aanpassing, records the college's step and the raad's adoption."""

from django.utils.translation import gettext_lazy as _

ONLY_CEL = _("Enkel de strategische cel legt versies van het plan vast.")


def may_read(user) -> bool:
    return user.has_perm("versions.view_planversion")


def may_keep(user) -> bool:
    return user.has_perm("versions.add_planversion") and user.has_perm("versions.change_planversion")
