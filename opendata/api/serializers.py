"""The JSON of each resource, declared once as DRF serializers: drf-spectacular makes the OpenAPI schema
from them, and ``views`` fills them from plain dicts (``present_*`` below) for speed. The contract test
(tests/opendata/test_api_contract.py) holds both to the same shape: a key added to one but not the other
fails it.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class CodeLabel(serializers.Serializer):
    code = serializers.CharField(help_text=_("De code, zoals in de filters."))
    label = serializers.CharField(help_text=_("De naam in het Nederlands."))


class StatusCount(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    aantal = serializers.IntegerField()


class Progress(serializers.Serializer):
    totaal = serializers.IntegerField(
        help_text=_("Het aantal acties dat telt (niet geschrapt of gebundeld).")
    )
    percentage_afgewerkt = serializers.FloatField(
        help_text=_("Het aandeel afgewerkt of regulier, in procent (afgerond op één decimaal).")
    )
    per_status = StatusCount(many=True)


class Amount(serializers.Serializer):
    jaar = serializers.IntegerField()
    categorie = serializers.CharField(help_text=_("E (exploitatie), I (investering) of F (financiering)."))
    uitgave = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)
    ontvangst = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)


class Links(serializers.Serializer):
    doelstellingen = serializers.URLField()
    actieplannen = serializers.URLField()
    acties = serializers.URLField()
    projecten = serializers.URLField()
    indicatoren = serializers.URLField()


class Organisation(serializers.Serializer):
    slug = serializers.CharField(help_text=_("Het deel van de adressen dat de organisatie aanduidt."))
    naam = serializers.CharField()
    uri = serializers.URLField(help_text=_("De pagina van de organisatie op de publieke website."))
    plannen = serializers.URLField(help_text=_("De gepubliceerde plannen van de organisatie in de API."))


class Plan(serializers.Serializer):
    slug = serializers.CharField()
    naam = serializers.CharField()
    startjaar = serializers.IntegerField()
    eindjaar = serializers.IntegerField()
    financien = serializers.BooleanField(help_text=_("Of het plan ramingen en realisaties opvolgt."))
    uri = serializers.URLField(
        help_text=_("De pagina van het plan (de versie van kracht) op de publieke website.")
    )
    url = serializers.URLField(help_text=_("Dit plan in de API."))
    versies = serializers.URLField(help_text=_("De vastgestelde versies van het plan in de API."))
    huidige_versie = serializers.URLField(help_text=_("De versie van kracht in de API."))


class Round(serializers.Serializer):
    naam = serializers.CharField()
    datum = serializers.DateField()


class Version(serializers.Serializer):
    nummer = serializers.IntegerField(help_text=_("Het volgnummer van de versie binnen het plan."))
    naam = serializers.CharField()
    stand = CodeLabel(help_text=_("vastgesteld (van kracht) of vervangen."))
    van_kracht = serializers.BooleanField()
    vastgesteld_op = serializers.DateField(allow_null=True, help_text=_("De datum van de raadsbeslissing."))
    vervangen_op = serializers.DateField(
        allow_null=True, help_text=_("Wanneer de raad de volgende versie vaststelde (null: van kracht).")
    )
    rapportering = Round(
        allow_null=True, help_text=_("De laatste rapportering aan de raad die bij deze versie hoort.")
    )
    stand_van_zaken_op = serializers.DateField(allow_null=True)
    uri = serializers.URLField(help_text=_("De pagina van deze versie op de publieke website."))
    url = serializers.URLField()


class VersionDetail(Version):
    plan = serializers.CharField(help_text=_("De slug van het plan."))
    organisatie = serializers.CharField(help_text=_("De slug van de organisatie."))
    voortgang = Progress(help_text=_("De voortgang van het hele plan."))
    voortgangsregel = serializers.CharField(help_text=_("Hoe de voortgang berekend wordt."))
    lijsten = Links()


class Item(serializers.Serializer):
    code = serializers.CharField(
        help_text=_(
            "Wat het item binnen de versie aanduidt: het nummer, of (zonder nummer) soort-id. "
            "Plan, versie en code samen duiden het item voorgoed aan."
        )
    )
    nummer = serializers.CharField(allow_blank=True)
    titel = serializers.CharField()
    soort = CodeLabel()
    levensloop = CodeLabel(help_text=_("actief, geschrapt of gebundeld."))
    uri = serializers.URLField(help_text=_("De pagina van het item in deze versie op de publieke website."))
    url = serializers.URLField(help_text=_("Het item in de API (in deze versie)."))


class WithStatus(serializers.Serializer):
    status = CodeLabel(
        help_text=_("De status van de laatste rapportering aan de raad, of bij de vaststelling.")
    )
    toelichting = serializers.CharField(
        allow_blank=True, help_text=_("De publieke toelichting van de rapportering (leeg als er geen is).")
    )


class Goal(Item):
    omschrijving = serializers.CharField(allow_blank=True)
    beleidsdomein = serializers.CharField(allow_blank=True)
    prioritair = serializers.BooleanField(help_text=_("Of de doelstelling een prioritair actieplan heeft."))
    voortgang = Progress()


class ActionPlan(Item, WithStatus):
    doelstelling = serializers.CharField(allow_blank=True, help_text=_("Het nummer van de doelstelling."))
    beleidsdomein = serializers.CharField(allow_blank=True)
    prioritair = serializers.BooleanField()
    startjaar = serializers.IntegerField(allow_null=True)
    eindjaar = serializers.IntegerField(allow_null=True)
    voortgang = Progress()


class Action(Item, WithStatus):
    actieplan = serializers.CharField(allow_blank=True, help_text=_("Het nummer van het actieplan."))
    beleidsdomein = serializers.CharField(allow_blank=True)
    prioritair = serializers.BooleanField()
    startjaar = serializers.IntegerField(allow_null=True)
    eindjaar = serializers.IntegerField(allow_null=True)
    entiteit = serializers.CharField(allow_blank=True)
    beleidsveld = serializers.CharField(allow_blank=True)
    ramingen = Amount(
        many=True,
        allow_null=True,
        help_text=_("Per jaar en categorie; null als het plan geen financiën opvolgt."),
    )
    realisaties = Amount(
        many=True,
        allow_null=True,
        help_text=_(
            "Zoals de rapporteringen tot deze versie ze gaven; null als het plan geen financiën opvolgt."
        ),
    )


class Project(Item, WithStatus):
    actieplannen = serializers.ListField(child=serializers.CharField(), help_text=_("Nummers."))
    acties = serializers.ListField(child=serializers.CharField(), help_text=_("Nummers."))


class Point(serializers.Serializer):
    datum = serializers.DateField()
    waarde = serializers.DecimalField(max_digits=20, decimal_places=6, coerce_to_string=True)


class Target(serializers.Serializer):
    jaar = serializers.IntegerField()
    waarde = serializers.DecimalField(max_digits=20, decimal_places=6, coerce_to_string=True)


class Value(Point):
    opmerking = serializers.CharField(allow_blank=True)


class Indicator(Item):
    omschrijving = serializers.CharField(allow_blank=True)
    eenheid = serializers.CharField(allow_blank=True)
    decimalen = serializers.IntegerField()
    beter = serializers.CharField(help_text=_("Of een hogere of een lagere waarde beter is."))
    bron = serializers.CharField(allow_blank=True)
    basiswaarde = Point(allow_null=True)
    streefwaarden = Target(many=True)
    waarden = Value(many=True, help_text=_("Zoals de rapportering van deze versie ze gaf."))


def paged(serializer: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """A page of a list: ``count``, ``next``, ``previous`` and ``results``."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(
                help_text=_("Het aantal items in de hele lijst (na de filters).")
            ),
            "next": serializers.URLField(
                allow_null=True, help_text=_("De volgende pagina (null: dit is de laatste).")
            ),
            "previous": serializers.URLField(
                allow_null=True, help_text=_("De vorige pagina (null: dit is de eerste).")
            ),
            "results": serializer(many=True),
        },
    )
