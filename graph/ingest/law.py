"""The provisions of the law as linked data: ``data/provisions/*.yaml`` -> ``data/provisions.ttl``.

Each file lists, for one legal instrument of ``data/law.ttl``, every provision of its parts on
cooperation with parties abroad (pasal, ayat, huruf, angka; its elucidation and annex),
paraphrased in English and Indonesian, with the rules that check it or the reason no machine
can (docs/law.md). Each provision becomes an ELI legal-resource subdivision under the
instrument's IRI (``…/law/pp-28-2018/pasal/27/ayat/1/huruf/a``), ``eli:is_part_of`` its parent
and numbered with ``eli:number``, its kind an ``eli:type_subdivision`` of Kembar's scheme of
Indonesian subdivision kinds; each rule points to the provisions it enforces with
``kmb:basedOnProvision``. ``make`` runs ``python -m kembar.graph.ingest.law`` after a file
changes (the Turtle is made, never committed); a test requires the packaged Turtle to be
what the files give.

>>> parse_at("pasal 27 ayat 1 huruf a")
(('pasal', '27'), ('ayat', '1'), ('huruf', 'a'))
>>> cite("PP 28/2018", parse_at("penjelasan II pasal 27 ayat 1 huruf c"))
'PP 28/2018 Penjelasan Pasal 27 ayat (1) huruf c'
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCTERMS, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

__all__ = ["KINDS", "REASONS", "build", "cite", "instrument_names", "main", "parse_at"]

ELI = ids.ELI

#: The kinds of subdivision a provision's ``at`` may name, outermost first, and their
#: concepts in the ontology (``kmb:Pasal``...).
KINDS = {
    "lampiran": KMB.Lampiran, "penjelasan": KMB.Penjelasan, "bab": KMB.Bab,
    "bagian": KMB.Bagian, "paragraf": KMB.Paragraf, "pasal": KMB.Pasal, "ayat": KMB.Ayat,
    "huruf": KMB.Huruf, "angka": KMB.Angka,
}  # fmt: skip

#: Why a provision cannot be checked on one submission -> its concept in the ontology.
REASONS = {
    "definition": KMB.ReasonDefinition, "central_duty": KMB.ReasonCentralDuty,
    "discretion": KMB.ReasonDiscretion, "needs_signed_text": KMB.ReasonNeedsSignedText,
    "after_signing": KMB.ReasonAfterSigning, "other_track": KMB.ReasonOtherTrack,
    "not_in_format": KMB.ReasonNotInFormat,
}  # fmt: skip

#: Where the OCR texts in ``../shared/law`` come from (its README).
_OCR_SOURCE = "https://github.com/mblonyox/data-peraturan"


def parse_at(at: str) -> tuple[tuple[str, str], ...]:
    """A provision's place, ``"pasal 27 ayat 1 huruf a"``, as (kind, number) pairs."""
    words = str(at).split()
    if len(words) % 2 or not words:
        raise ValueError(f"{at!r}: expected pairs of kind and number")
    pairs = tuple((words[i].lower(), words[i + 1]) for i in range(0, len(words), 2))
    for kind, _ in pairs:
        if kind not in KINDS:
            raise ValueError(f"{at!r}: {kind!r} is not one of {', '.join(KINDS)}")
    return pairs


def cite(name: str, at: tuple[tuple[str, str], ...]) -> str:
    """How Indonesian legal writing cites the provision *at* of the instrument *name*."""
    parts = [name]
    for kind, number in at:
        if kind == "penjelasan":
            parts.append("Penjelasan Umum" if number == "I" and len(at) == 1 else "Penjelasan")
        elif kind == "ayat":
            parts.append(f"ayat ({number})")
        elif kind in ("pasal", "bab", "bagian", "paragraf", "lampiran"):
            parts.append(f"{kind.capitalize()} {number}")
        else:
            parts.append(f"{kind} {number}")
    return " ".join(parts)


def instrument_names(law: Graph) -> dict[str, str]:
    """Instrument slug -> its short citation name (``PP 28/2018``), from ``data/law.ttl``."""
    names = {}
    for iri in law.subjects(RDF.type, KMB.LegalInstrument):
        path = ids.instance_path(str(iri)) or ""
        label = law.value(iri, RDFS.label) if (iri, RDFS.label, None) in law else None
        english = next(
            (str(o) for o in law.objects(iri, RDFS.label) if getattr(o, "language", "") == "en"),
            str(label or path),
        )
        names[path.removeprefix("law/")] = english.split(" on ")[0].split(",")[0].strip()
    return names


def _texts(value: Any, where: str) -> Iterator[Literal]:
    if not isinstance(value, dict) or not value.get("en") or not value.get("id"):
        raise ValueError(f"{where}: needs an English and an Indonesian text")
    yield Literal(str(value["en"]).strip(), lang="en")
    yield Literal(str(value["id"]).strip(), lang="id")


def build(folder: Path, law: Graph) -> Graph:
    """The provisions graph from the YAML files in *folder*, checked against *law*'s
    instruments and the rules R01-R55."""
    import yaml

    g = Graph(bind_namespaces="none")
    for prefix in ("kmb", "eli", "dct", "rdfs", "skos", "xsd", "rule", "law"):
        g.bind(prefix, ids.PREFIXES.get(prefix) or str(ids.ID) + f"{prefix}/")
    names = instrument_names(law)
    rule_ids = {str(o) for o in law.objects(None, KMB.ruleId)}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        slug = str(data["instrument"])
        if slug != path.stem or slug not in names:
            raise ValueError(f"{path.name}: instrument {slug!r} is not in data/law.ttl")
        instrument = ids.law(slug)
        for text in _texts(data.get("scope"), f"{path.name}: scope"):
            g.add((instrument, KMB.provisionScope, text))
        if data.get("official_text"):
            g.add((instrument, KMB.officialText, URIRef(str(data["official_text"]))))
        for n, page in enumerate(data.get("read_from") or [], start=1):
            citation = URIRef(f"{instrument}/citation/{n}")
            url = str(page["url"])
            g.add((instrument, KMB.provisionsReadFrom, citation))
            g.add((citation, RDF.type, KMB.Citation))
            g.add((citation, DCTERMS.source, URIRef(_OCR_SOURCE if url.startswith("../") else url)))
            g.add((citation, DCTERMS.publisher, Literal(str(page["publisher"]))))
            g.add((citation, KMB.readOn, Literal(str(page["date_read"]), datatype=XSD.date)))
            g.add((citation, KMB.pageStates, Literal(str(page["states"]).strip(), lang="en")))
            if page.get("publisher_id"):
                g.add(
                    (
                        citation,
                        DCTERMS.publisher,
                        Literal(str(page["publisher_id"]).strip(), lang="id"),
                    )
                )
            if page.get("states_id"):
                g.add(
                    (citation, KMB.pageStates, Literal(str(page["states_id"]).strip(), lang="id"))
                )
        for order, item in enumerate(data.get("provisions") or [], start=1):
            _provision(g, slug, names[slug], item, order, rule_ids, path.name)
    return g


def _provision(
    g: Graph, slug: str, name: str, item: dict[str, Any], order: int, rules: set[str], file: str
) -> None:
    at = parse_at(item["at"])
    where = f"{file}: {item['at']}"
    node = ids.provision(slug, at)
    if (node, KMB.paraphrase, None) in g:
        raise ValueError(f"{where}: listed twice")
    # the provision and each part above it, up to the instrument
    for depth in range(len(at), 0, -1):
        part = ids.provision(slug, at[:depth])
        parent = ids.provision(slug, at[: depth - 1]) if depth > 1 else ids.law(slug)
        kind, number = at[depth - 1]
        g.add((part, RDF.type, ELI.LegalResourceSubdivision))
        g.add((part, ELI.is_part_of, parent))
        g.add((part, KMB.ofInstrument, ids.law(slug)))
        g.add((part, ELI.number, Literal(number)))
        g.add((part, ELI.type_subdivision, KINDS[kind]))
        label = cite(name, at[:depth])
        g.set((part, RDFS.label, Literal(label, lang="en")))
        g.add((part, RDFS.label, Literal(label, lang="id")))
    g.add((node, KMB.provisionOrder, Literal(order)))
    for text in _texts(item.get("requires"), where):
        g.add((node, KMB.paraphrase, text))
    checked = [str(r) for r in item.get("rules") or []]
    for rule_id in checked:
        if rule_id not in rules:
            raise ValueError(f"{where}: no rule {rule_id}")
        g.add((ids.rule(rule_id), KMB.basedOnProvision, node))
    reason = item.get("not_checkable")
    if not checked and reason not in REASONS:
        raise ValueError(f"{where}: no rule checks it, and {reason!r} is not a reason code")
    if reason and not checked:
        g.add((node, KMB.notCheckable, REASONS[reason]))
        if item.get("why"):
            for text in _texts(item["why"], f"{where}: why"):
                g.add((node, KMB.notCheckableNote, text))
    if item.get("note"):
        g.add((node, SKOS.editorialNote, Literal(str(item["note"]).strip(), lang="en")))


def main(argv: list[str] | None = None) -> int:
    """Write ``data/provisions.ttl`` from ``data/provisions/*.yaml`` (the source folder)."""
    _ = sys.argv[1:] if argv is None else argv
    import kembar.data

    target = Path(kembar.data.__file__).resolve().parent
    law = Graph()
    for name in ("law.ttl", "rules.ttl"):
        law.parse(target / name, format="turtle")
    graph = build(target / "provisions", law)
    header = "# Generated by `python -m kembar.graph.ingest.law` from data/provisions/*.yaml; see law.py.\n"
    (target / "provisions.ttl").write_text(
        header + graph.serialize(format="turtle"), encoding="utf-8"
    )
    print(f"wrote {target / 'provisions.ttl'}: {len(graph)} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
