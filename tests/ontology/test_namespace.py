"""The closed namespace and kembar.ttl agree in both directions."""

from __future__ import annotations

import pytest
from kembar.ontology import ONTOLOGY_TTL
from kembar.ontology.generate import NAMESPACE, declared_terms, render
from kembar.ontology.namespace import KMB
from rdflib import Graph


def test_namespace_module_is_generated_from_the_turtle() -> None:
    from pathlib import Path

    import kembar.ontology.namespace as module

    on_disk = Path(module.__file__).read_text(encoding="utf-8")
    assert on_disk == render(ONTOLOGY_TTL.read_text(encoding="utf-8")), (
        "namespace.py is stale: run python -m kembar.ontology.generate"
    )


def test_every_turtle_term_is_in_the_namespace_and_back() -> None:
    turtle_terms = set(
        declared_terms(Graph().parse(data=ONTOLOGY_TTL.read_text(), format="turtle"))
    )
    python_terms = {name for name in KMB.__annotations__}
    assert turtle_terms == python_terms
    assert str(KMB.Agreement) == NAMESPACE + "Agreement"


def test_unknown_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = KMB.Agreemnt


@pytest.mark.parametrize(
    "name",
    [
        "LocalGovernment", "State", "iso3166Alpha2", "country", "adminLevel", "ProvinceLevel",
        "MunicipalLevel", "Provinsi", "Kabupaten", "Kota", "Agreement", "SisterCityAgreement",
        "SisterProvinceAgreement", "FriendshipAgreement", "OtherCooperation", "party",
        "twinnedWith", "signedOn", "cooperationField", "analysisLevel", "InternationalSystem",
        "InternationalSubsystem", "Unit", "Subunit", "Individual", "SecuritySector",
        "MilitarySector", "PoliticalSector", "EconomicSector", "SocietalSector",
        "EnvironmentalSector", "HumanSecurityDimension", "EconomicSecurity", "FoodSecurity",
        "HealthSecurity", "EnvironmentalSecurity", "PersonalSecurity", "CommunitySecurity",
        "PoliticalSecurity", "Threat", "NonTraditionalThreat", "sector", "LegalInstrument", "Rule",
    ],
)  # fmt: skip
def test_fixed_core_names_of_the_design_exist(name: str) -> None:
    assert name in KMB.__annotations__
