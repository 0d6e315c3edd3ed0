"""The platform beheerder founds an organisation, with its first beheerder, in one step.

Founding is above any one organisation: its checks look at the whole installation.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from core import changes
from core.roles import ADMINISTRATOR
from organisations.membership import add_member
from organisations.models import Organisation

NAME_TAKEN = _("Er is al een organisatie met de naam %(name)s. Kies een andere naam.")
SLUG_TAKEN = _("Er is al een organisatie met de korte naam %(slug)s. Kies een andere korte naam.")
USERNAME_TAKEN = _(
    "Er bestaat al een gebruiker %(username)s. Kies die gebruiker bij ‘bestaande gebruiker’, of kies "
    "een andere gebruikersnaam."
)
BEHEERDER_TWICE = _(
    "Kies een bestaande gebruiker óf geef een nieuwe gebruikersnaam voor de eerste beheerder, niet allebei."
)
BEHEERDER_MISSING = _(
    "Geef de eerste beheerder op: een nieuwe gebruikersnaam, of kies een bestaande gebruiker."
)
FOUNDED = _("organisatie opgericht")


def check_names(*, name: str, slug: str) -> None:
    """Name and slug are each unique over the whole installation (case does not make them differ)."""
    errors = {}
    with scopes_disabled():
        taken = Organisation.objects.across_organisations()
        if taken.filter(name__iexact=name.strip()).exists():
            errors["name"] = ValidationError(NAME_TAKEN, code="name_taken", params={"name": name})
        if taken.filter(slug__iexact=slug.strip()).exists():
            errors["slug"] = ValidationError(SLUG_TAKEN, code="slug_taken", params={"slug": slug})
    if errors:
        raise ValidationError(errors)


def new_user(*, username: str, first_name: str = "", last_name: str = "", email: str = ""):
    """The first beheerder as a new account, checked but not saved. It gets no password: the platform
    beheerder sets one (Gebruikers → wachtwoord) and hands it over."""
    User = get_user_model()
    if User.objects.filter(username__iexact=username.strip()).exists():
        taken = ValidationError(USERNAME_TAKEN, code="username_taken", params={"username": username})
        raise ValidationError({"username": taken})
    user = User(username=username.strip(), first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    return user


def check_first_beheerder(*, user, username: str) -> None:
    if user is not None and username:
        raise ValidationError(BEHEERDER_TWICE, code="beheerder_twice")
    if user is None and not username:
        raise ValidationError(BEHEERDER_MISSING, code="beheerder_missing")


@transaction.atomic
def create_organisation(
    *,
    name: str,
    slug: str,
    by,
    user=None,
    username: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> Organisation:
    """Found ``name`` and make its first beheerder: ``user`` (an existing account) or a new account
    ``username``. All of it or nothing: a refusal raises ValidationError and writes nothing."""
    check_first_beheerder(user=user, username=username)
    with scopes_disabled():
        check_names(name=name, slug=slug)
        if user is None:
            user = new_user(username=username, first_name=first_name, last_name=last_name, email=email)
            user.save()
        organisation = changes.save(
            Organisation(name=name.strip(), slug=slug.strip()), by=by, reason=str(FOUNDED)
        )
        add_member(user, organisation, ADMINISTRATOR, by=by)
    return organisation
