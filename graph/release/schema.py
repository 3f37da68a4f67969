"""What every column of the release's tables holds, in English and Indonesian: the one
source of the data package's Table Schemas, of the codebook (``docs/codebook.md``) and of
the loader's pandas dtypes.

Columns are described as Frictionless Table Schema fields (``name``, ``type``, ``format``,
``constraints``), with Kembar's additions: ``description`` in English and
``description_id`` in Indonesian, a ``unit`` where a number has one, and for coded columns
``categories`` (Data Package 2.0: each code with its label), labelled in both languages —
from the ontology where the code names one of its terms (:func:`categories`).

>>> fields = {f["name"]: f for f in TABLES["ties"]["schema"]["fields"]}
>>> fields["furthest_stage"]["constraints"]["enum"][:3]
['proposed', 'letter_of_intent', 'mou_signed']
"""

from __future__ import annotations

from functools import cache
from typing import Any

from kembar.graph.ingest.curated import SOURCE_TYPES
from kembar.graph.store.stats import SIGNED, STAGE_ORDER
from kembar.ontology.namespace import KMB
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["MISSING", "TABLES", "TABLE_NAMES", "categories", "codes"]

#: The tables, in the order the package lists them.
TABLE_NAMES = ("ties", "stages", "parties", "sources", "fields", "security", "validation",
               "ties_by_year")  # fmt: skip
#: How a missing value is written in every CSV: an empty cell.
MISSING = [""]


def _f(name: str, type_: str, en: str, id_: str, **extra: Any) -> dict[str, Any]:
    field = {"name": name, "type": type_, "description": en, "description_id": id_}
    field.update(extra)
    return field


#: Codes whose labels are the ontology's: column vocabulary -> {code: term}.
VOCABULARIES: dict[str, dict[str, URIRef]] = {
    "stage": {
        "proposed": KMB.StageProposed, "letter_of_intent": KMB.StageLetterOfIntent,
        "mou_signed": KMB.StageMoUSigned, "agreement_signed": KMB.StageAgreementSigned,
        "renewed": KMB.StageRenewed, "signed": KMB.StageSigned, "dormant": KMB.StageDormant,
        "ended": KMB.StageEnded,
    },
    "status": {
        "active": KMB.StatusActive, "renewed": KMB.StatusRenewed, "mou_signed": KMB.StatusMoUSigned,
        "letter_of_intent": KMB.StatusLetterOfIntent, "in_process": KMB.StatusInProcess,
        "proposed": KMB.StatusProposed, "exploration": KMB.StatusExploration,
        "stalled": KMB.StatusStalled, "dormant": KMB.StatusDormant, "ended": KMB.StatusExpired,
        "unknown": KMB.StatusUnknown,
    },
    "kind": {
        "sister_city": KMB.SisterCityAgreement, "sister_province": KMB.SisterProvinceAgreement,
        "friendship": KMB.FriendshipAgreement, "other_cooperation": KMB.OtherCooperation,
    },
    "confidence": {
        "official": KMB.ConfirmedByOfficialSource, "news": KMB.ConfirmedByNews,
        "wikipedia_only": KMB.WikipediaListOnly, "pages": KMB.ConfirmedByPages,
        "pages_only": KMB.PagesOnly, "submitted": KMB.SubmittedRecord,
    },
    "support": {"confirmed": KMB.SupportConfirmed, "weak": KMB.SupportWeak},
    "level": {
        "provinsi": KMB.Provinsi, "kabupaten": KMB.Kabupaten, "kota": KMB.Kota,
        "otorita": KMB.Otorita, "province_level": KMB.ProvinceLevel,
        "municipal_level": KMB.MunicipalLevel,
    },
    "facet": {
        "sector": KMB.addressesSector, "dimension": KMB.servesDimension,
        "threat": KMB.addressesThreat, "threat_raised": KMB.raisesThreat,
    },
    "derived_by": {"cooperation_field": KMB.FieldSecurityRule,
                   "assessment": KMB.AssessmentThreatRule},
}  # fmt: skip
#: Codes that are Kembar's own, with their labels.
OWN_CODES: dict[str, dict[str, tuple[str, str]]] = {
    "precision": {
        "year": ("known to the year", "diketahui sampai tahun"),
        "month": ("known to the month", "diketahui sampai bulan"),
        "day": ("known to the day", "diketahui sampai hari"),
    },
    "condition": {
        "active": ("in force (nothing says otherwise)", "berlaku (tidak ada yang menyatakan lain)"),
        "dormant": ("dormant", "tidak aktif"),
        "ended": ("ended", "berakhir"),
    },
    "severity": {
        "Violation": ("violation", "pelanggaran"),
        "Warning": ("warning", "peringatan"),
        "Info": ("information", "informasi"),
    },
}  # fmt: skip
#: Vocabularies read whole from the ontology: column vocabulary -> the class of its terms.
OPEN_VOCABULARIES = {"field": KMB.CooperationField, "concept": None}


def codes(vocabulary: str) -> list[str]:
    """The codes of a closed vocabulary, in their order."""
    if vocabulary in VOCABULARIES:
        return list(VOCABULARIES[vocabulary])
    return list(OWN_CODES[vocabulary])


def _coded(name: str, vocabulary: str, en: str, id_: str, **extra: Any) -> dict[str, Any]:
    constraints = {**extra.pop("constraints", {}), "enum": codes(vocabulary)}
    field = _f(name, "string", en, id_, constraints=constraints, **extra)
    field["x_vocabulary"] = vocabulary
    return field


def _party(prefix: str, who_en: str, who_id: str) -> list[dict[str, Any]]:
    return [
        _f(f"{prefix}_id", "string", f"{who_en}: its id (parties.party_id).",
           f"{who_id}: id-nya (parties.party_id)."),
        _f(f"{prefix}_name", "string", f"{who_en}: its name in English.",
           f"{who_id}: namanya dalam bahasa Inggris."),
        _coded(f"{prefix}_level", "level", f"{who_en}: its level of government.",
               f"{who_id}: tingkat pemerintahannya."),
        _f(f"{prefix}_country", "string", f"{who_en}: its country, ISO 3166-1 alpha-2.",
           f"{who_id}: negaranya, ISO 3166-1 alfa-2.", constraints={"pattern": "[A-Z]{2}"}),
        _f(f"{prefix}_province_id", "string",
           f"{who_en}: the Indonesian province it lies in (parties.party_id).",
           f"{who_id}: provinsi Indonesia tempatnya (parties.party_id)."),
        _f(f"{prefix}_home_affairs_code", "string",
           f"{who_en}: its Home Affairs code (kode wilayah Kemendagri), Indonesian places only.",
           f"{who_id}: kode wilayah Kemendagri-nya, hanya untuk daerah Indonesia.",
           constraints={"pattern": r"\d{2}(\.\d{2})?"}),
        _f(f"{prefix}_wikidata", "string", f"{who_en}: its Wikidata item (QID).",
           f"{who_id}: butir Wikidata-nya (QID).", constraints={"pattern": r"Q\d+"}),
    ]  # fmt: skip


_TIE_ID = _f("tie_id", "string", "The tie (ties.tie_id).", "Hubungan kerja sama (ties.tie_id).")
_TIE_FK = {"fields": "tie_id", "reference": {"resource": "ties", "fields": "tie_id"}}
_SIGNED_RULE = ", ".join(SIGNED)

#: The tables: title, description and Table Schema of each, in both languages.
TABLES: dict[str, dict[str, Any]] = {
    "ties": {
        "title": "Ties",
        "title_id": "Hubungan kerja sama",
        "description": (
            "One row per tie between two local governments (an Indonesian one first when "
            "there is one): its parties, kind, how far it got, its status and dates, how well "
            "it is sourced, and how the law in force on its date judges it."
        ),
        "description_id": (
            "Satu baris per hubungan kerja sama antara dua pemerintah daerah (pihak Indonesia "
            "lebih dahulu bila ada): para pihak, jenis, tahap terjauh, status dan tanggalnya, "
            "kekuatan sumbernya, dan penilaian peraturan yang berlaku pada tanggalnya."
        ),
        "schema": {
            "primaryKey": ["tie_id"],
            "foreignKeys": [
                {"fields": "party_id", "reference": {"resource": "parties", "fields": "party_id"}},
                {
                    "fields": "partner_id",
                    "reference": {"resource": "parties", "fields": "party_id"},
                },
            ],
            "fields": [
                _f(
                    "tie_id",
                    "string",
                    "The tie's id: the end of its IRI.",
                    "Id hubungan: ujung IRI-nya.",
                    constraints={"required": True, "unique": True},
                ),
                _f(
                    "iri",
                    "string",
                    "The tie's IRI (dereferenceable).",
                    "IRI hubungan (dapat diakses).",
                    format="uri",
                    constraints={"required": True},
                ),
                _f("label", "string", "Its name in English.", "Namanya dalam bahasa Inggris."),
                *_party(
                    "party",
                    "The first party (the Indonesian one)",
                    "Pihak pertama (pihak Indonesia)",
                ),
                *_party(
                    "partner",
                    "The second party (the partner abroad)",
                    "Pihak kedua (mitra di luar negeri)",
                ),
                _coded(
                    "kind",
                    "kind",
                    "The kind of tie the documents name.",
                    "Jenis hubungan menurut dokumennya.",
                ),
                _coded(
                    "furthest_stage",
                    "stage",
                    "How far the tie got: the furthest of its stages and of what its status "
                    "says; 'signed' when only a signing date is known; empty when nothing "
                    "says.",
                    "Sejauh mana hubungan itu sampai: tahap terjauh dari tahap-tahapnya dan "
                    "dari statusnya; 'signed' bila hanya tanggal penandatanganan yang "
                    "diketahui; kosong bila tidak ada keterangan.",
                ),
                _f(
                    "agreement",
                    "boolean",
                    f"Whether the tie reached a signed document (stage {_SIGNED_RULE}): what "
                    "Kembar counts as an agreement.",
                    f"Apakah hubungan sampai pada naskah yang ditandatangani (tahap "
                    f"{_SIGNED_RULE}): yang dihitung Kembar sebagai perjanjian.",
                    constraints={"required": True},
                ),
                _coded(
                    "status",
                    "status",
                    "Its status as its latest source gives it.",
                    "Statusnya menurut sumber terbarunya.",
                ),
                _f(
                    "status_as_of",
                    "date",
                    "When the status was observed: the first day of the period known.",
                    "Kapan status itu teramati: hari pertama periode yang diketahui.",
                ),
                _coded(
                    "status_as_of_precision",
                    "precision",
                    "How precisely status_as_of is known.",
                    "Seberapa tepat status_as_of diketahui.",
                ),
                _f(
                    "first_signed_year",
                    "year",
                    "The year of its first signed document.",
                    "Tahun naskah pertamanya ditandatangani.",
                    unit="year",
                ),
                _f(
                    "first_signed",
                    "date",
                    "The date of its first signing: the first day of the period known.",
                    "Tanggal penandatanganan pertamanya: hari pertama periode yang diketahui.",
                ),
                _coded(
                    "first_signed_precision",
                    "precision",
                    "How precisely first_signed is known.",
                    "Seberapa tepat first_signed diketahui.",
                ),
                _coded(
                    "confidence",
                    "confidence",
                    "The best evidence for the tie: an official page, a news report, or "
                    "Wikipedia's list alone.",
                    "Bukti terkuat hubungan itu: halaman resmi, berita, atau hanya daftar "
                    "Wikipedia.",
                ),
                _coded(
                    "support",
                    "support",
                    "How firmly the sources show the tie: confirmed by an official page of "
                    "either party (or a national government body), or by two outlets of which "
                    "neither copies the other; weak when one news item, blog, abstract or "
                    "Wikipedia list alone shows it. The paper's claims leave weak ties out "
                    "unless asked.",
                    "Seberapa kuat sumber menunjukkan ikatan itu: terkonfirmasi oleh halaman "
                    "resmi salah satu pihak (atau lembaga pemerintah pusat), atau oleh dua media "
                    "yang tidak saling menyalin; lemah bila hanya satu berita, blog, abstrak, "
                    "atau daftar Wikipedia yang menunjukkannya. Klaim makalah mengecualikan "
                    "ikatan lemah kecuali diminta.",
                ),
                _f(
                    "indonesian_term",
                    "string",
                    "What the Indonesian party's own documents call the tie, as given.",
                    "Sebutan ikatan itu dalam dokumen pihak Indonesia, apa adanya.",
                ),
                _f(
                    "partner_term",
                    "string",
                    "What the partner's own documents call the tie, in its language, as given.",
                    "Sebutan ikatan itu dalam dokumen pihak mitra, dalam bahasanya, apa adanya.",
                ),
                _f(
                    "sources",
                    "integer",
                    "How many pages the tie cites (sources table).",
                    "Jumlah halaman yang dikutip (tabel sources).",
                    unit="pages",
                    constraints={"minimum": 0},
                ),
                _f(
                    "regime",
                    "string",
                    "The regime of law it was judged under (the one in force on its date).",
                    "Rezim peraturan yang dipakai menilainya (yang berlaku pada tanggalnya).",
                ),
                _f(
                    "violations",
                    "integer",
                    "How many rules it breaks (validation table).",
                    "Jumlah aturan yang dilanggarnya (tabel validation).",
                    unit="rules",
                    constraints={"minimum": 0},
                ),
                _f(
                    "warnings",
                    "integer",
                    "How many rules warn about it.",
                    "Jumlah aturan yang memberi peringatan.",
                    unit="rules",
                    constraints={"minimum": 0},
                ),
                _f(
                    "graph",
                    "string",
                    "The named graph stating it: 'data' (curated, CC BY 4.0) or 'import/…' "
                    "(Wikipedia's lists, CC BY-SA 4.0).",
                    "Graf bernama yang memuatnya: 'data' (kurasi, CC BY 4.0) atau 'import/…' "
                    "(daftar Wikipedia, CC BY-SA 4.0).",
                    constraints={"required": True},
                ),
            ],
        },
    },
    "stages": {
        "title": "Stages",
        "title_id": "Tahapan",
        "description": "One row per recorded stage of a tie, with its date and its source.",
        "description_id": "Satu baris per tahap yang tercatat, dengan tanggal dan sumbernya.",
        "schema": {
            "primaryKey": ["tie_id", "stage_no"],
            "foreignKeys": [_TIE_FK],
            "fields": [
                _TIE_ID,
                _f(
                    "stage_no",
                    "integer",
                    "The stage's number within its tie.",
                    "Nomor tahap dalam hubungannya.",
                    constraints={"required": True, "minimum": 1},
                ),
                _coded(
                    "stage",
                    "stage",
                    "What happened.",
                    "Apa yang terjadi.",
                    constraints={"required": True},
                ),
                _f(
                    "date",
                    "date",
                    "When: the first day of the period known; empty if undated.",
                    "Kapan: hari pertama periode yang diketahui; kosong bila tanpa tanggal.",
                ),
                _coded(
                    "date_precision",
                    "precision",
                    "How precisely the date is known.",
                    "Seberapa tepat tanggal itu diketahui.",
                ),
                _f("year", "year", "The date's year.", "Tahun tanggal itu.", unit="year"),
                _f(
                    "source_url",
                    "string",
                    "The page that states the stage.",
                    "Halaman yang menyatakan tahap itu.",
                    format="uri",
                ),
            ],
        },
    },
    "parties": {
        "title": "Parties",
        "title_id": "Para pihak",
        "description": (
            "Every place or government that is a party to a tie, and the Indonesian provinces "
            "they lie in, with the identifiers that join it to other data."
        ),
        "description_id": (
            "Setiap daerah atau pemerintah yang menjadi pihak dalam hubungan kerja sama, dan "
            "provinsi Indonesia tempatnya, dengan pengenal untuk menggabungkannya dengan data "
            "lain."
        ),
        "schema": {
            "primaryKey": ["party_id"],
            "foreignKeys": [
                {"fields": "province_id", "reference": {"resource": "", "fields": "party_id"}}
            ],
            "fields": [
                _f(
                    "party_id",
                    "string",
                    "The party's id: its IRI after /id/region/.",
                    "Id pihak: IRI-nya setelah /id/region/.",
                    constraints={"required": True, "unique": True},
                ),
                _f(
                    "iri",
                    "string",
                    "Its IRI.",
                    "IRI-nya.",
                    format="uri",
                    constraints={"required": True},
                ),
                _f("name_en", "string", "Its name in English.", "Namanya dalam bahasa Inggris."),
                _f(
                    "name_id",
                    "string",
                    "Its name in Indonesian.",
                    "Namanya dalam bahasa Indonesia.",
                ),
                _coded("level", "level", "Its level of government.", "Tingkat pemerintahannya."),
                _f(
                    "country",
                    "string",
                    "Its country, ISO 3166-1 alpha-2.",
                    "Negaranya, ISO 3166-1 alfa-2.",
                    constraints={"pattern": "[A-Z]{2}"},
                ),
                _f(
                    "province_id",
                    "string",
                    "The Indonesian province it lies in.",
                    "Provinsi Indonesia tempatnya.",
                ),
                _f(
                    "home_affairs_code",
                    "string",
                    "Its Home Affairs code (kode wilayah Kemendagri).",
                    "Kode wilayah Kemendagri.",
                    constraints={"pattern": r"\d{2}(\.\d{2})?"},
                ),
                _f(
                    "wikidata",
                    "string",
                    "Its Wikidata item (QID): the same government or place.",
                    "Butir Wikidata-nya (QID): pemerintah atau daerah yang sama.",
                    constraints={"pattern": r"Q\d+"},
                ),
                _f(
                    "geonames",
                    "integer",
                    "Its GeoNames feature: the place, not the government.",
                    "Fitur GeoNames-nya: tempatnya, bukan pemerintahnya.",
                ),
                _f(
                    "lat",
                    "number",
                    "Latitude (WGS 84).",
                    "Lintang (WGS 84).",
                    unit="degrees",
                    constraints={"minimum": -90, "maximum": 90},
                ),
                _f(
                    "lon",
                    "number",
                    "Longitude (WGS 84).",
                    "Bujur (WGS 84).",
                    unit="degrees",
                    constraints={"minimum": -180, "maximum": 180},
                ),
            ],
        },
    },
    "sources": {
        "title": "Sources",
        "title_id": "Sumber",
        "description": "One row per page a tie cites: who published it, when it was read, and "
        "what it states, in the editors' words.",
        "description_id": "Satu baris per halaman yang dikutip: penerbitnya, kapan dibaca, dan "
        "isinya menurut kata-kata penyunting.",
        "schema": {
            "primaryKey": ["tie_id", "source_no"],
            "foreignKeys": [_TIE_FK],
            "fields": [
                _TIE_ID,
                _f(
                    "source_no",
                    "integer",
                    "The page's number within its tie.",
                    "Nomor halaman dalam hubungannya.",
                    constraints={"required": True},
                ),
                _f(
                    "url",
                    "string",
                    "The page.",
                    "Halamannya.",
                    format="uri",
                    constraints={"required": True},
                ),
                _f("publisher", "string", "Who published it.", "Penerbitnya."),
                _f(
                    "type",
                    "string",
                    "What kind of page it is: official (either party's government), government "
                    "(a national body: ministry, embassy, CLAIR), news, academic, blog, wikipedia "
                    "or registry.",
                    "Jenis halaman: official (pemerintah salah satu pihak), government (lembaga "
                    "pusat: kementerian, kedutaan, CLAIR), news, academic, blog, wikipedia, atau "
                    "registry.",
                    constraints={"enum": list(SOURCE_TYPES)},
                ),
                _f("read_on", "date", "When an editor read it.", "Kapan penyunting membacanya."),
                _f("states_en", "string", "What it states (English).", "Isinya (bahasa Inggris)."),
                _f(
                    "states_id",
                    "string",
                    "What it states (Indonesian).",
                    "Isinya (bahasa Indonesia).",
                ),
            ],
        },
    },
    "fields": {
        "title": "Fields of cooperation",
        "title_id": "Bidang kerja sama",
        "description": "One row per tie and field of cooperation the sources name.",
        "description_id": "Satu baris per hubungan dan bidang kerja sama yang disebut sumbernya.",
        "schema": {
            "primaryKey": ["tie_id", "field"],
            "foreignKeys": [_TIE_FK],
            "fields": [
                _TIE_ID,
                _f(
                    "field",
                    "string",
                    "The field (the ontology's cooperation fields).",
                    "Bidangnya (bidang kerja sama ontologi).",
                    constraints={"required": True},
                    x_vocabulary="field",
                ),
            ],
        },
    },
    "security": {
        "title": "Security links",
        "title_id": "Kaitan keamanan",
        "description": (
            "One row per security sector, human-security dimension or threat a tie touches, "
            "and how that was derived: from a field of cooperation or from an assessment."
        ),
        "description_id": (
            "Satu baris per sektor keamanan, dimensi keamanan manusia, atau ancaman yang "
            "disentuh hubungan, dan cara penurunannya: dari bidang kerja sama atau dari "
            "penilaian."
        ),
        "schema": {
            "foreignKeys": [_TIE_FK],
            "fields": [
                _TIE_ID,
                _coded(
                    "facet",
                    "facet",
                    "Which kind of link.",
                    "Jenis kaitannya.",
                    constraints={"required": True},
                ),
                _f(
                    "concept",
                    "string",
                    "The sector, dimension or threat (the ontology's term).",
                    "Sektor, dimensi, atau ancamannya (istilah ontologi).",
                    constraints={"required": True},
                    x_vocabulary="concept",
                ),
                _coded(
                    "derived_by",
                    "derived_by",
                    "The rule that derived it.",
                    "Aturan yang menurunkannya.",
                ),
                _f(
                    "via_field",
                    "string",
                    "The field of cooperation it comes from.",
                    "Bidang kerja sama asalnya.",
                    x_vocabulary="field",
                ),
                _f(
                    "via_assessment",
                    "string",
                    "The assessment it comes from.",
                    "Penilaian asalnya.",
                ),
            ],
        },
    },
    "validation": {
        "title": "Validation",
        "title_id": "Validasi",
        "description": (
            "One row per rule a curated tie breaks or is warned about, judged as a submission "
            "under the regime of law in force on its date (ties without findings have none)."
        ),
        "description_id": (
            "Satu baris per aturan yang dilanggar atau diperingatkan pada hubungan kurasi, "
            "dinilai sebagai pengajuan menurut rezim peraturan yang berlaku pada tanggalnya "
            "(hubungan tanpa temuan tidak punya baris)."
        ),
        "schema": {
            "foreignKeys": [_TIE_FK],
            "fields": [
                _TIE_ID,
                _f(
                    "regime",
                    "string",
                    "The regime of law applied.",
                    "Rezim peraturan yang diterapkan.",
                    constraints={"required": True},
                ),
                _f(
                    "judged_on",
                    "date",
                    "The date it was judged as of.",
                    "Tanggal acuan penilaiannya.",
                ),
                _f(
                    "rule",
                    "string",
                    "The rule (R01-R55; /rule/{id} on the server).",
                    "Aturannya (R01-R55; /rule/{id} di server).",
                    constraints={"required": True, "pattern": r"R\d{2}"},
                ),
                _coded(
                    "severity",
                    "severity",
                    "How grave the finding is.",
                    "Seberapa berat temuannya.",
                    constraints={"required": True},
                ),
                _f(
                    "legal_basis",
                    "string",
                    "The article the rule enforces.",
                    "Pasal yang ditegakkan aturan itu.",
                ),
                _f(
                    "path",
                    "string",
                    "The submission's field the finding is about.",
                    "Isian pengajuan yang dimaksud temuan itu.",
                ),
                _f("message_en", "string", "What is wrong (English).", "Kesalahannya (Inggris)."),
                _f(
                    "message_id",
                    "string",
                    "What is wrong (Indonesian).",
                    "Kesalahannya (Indonesia).",
                ),
            ],
        },
    },
    "ties_by_year": {
        "title": "Ties by year (dyad-year panel)",
        "title_id": "Hubungan per tahun (panel diade-tahun)",
        "description": (
            "One row per tie and year, from the year of its first dated stage (or first "
            "signing) to the year it ended or the release's year: the stage reached by then "
            "and, from the year its status was observed, that status. Ties with no dated "
            "stage are not in the panel."
        ),
        "description_id": (
            "Satu baris per hubungan dan tahun, dari tahun tahap bertanggal pertamanya (atau "
            "penandatanganan pertamanya) sampai tahun berakhirnya atau tahun rilis: tahap yang "
            "sudah dicapai saat itu dan, sejak tahun statusnya teramati, status itu. Hubungan "
            "tanpa tahap bertanggal tidak masuk panel."
        ),
        "schema": {
            "primaryKey": ["tie_id", "year"],
            "foreignKeys": [_TIE_FK],
            "fields": [
                _TIE_ID,
                _f(
                    "year",
                    "year",
                    "The year.",
                    "Tahunnya.",
                    unit="year",
                    constraints={"required": True},
                ),
                _coded(
                    "stage",
                    "stage",
                    "The furthest stage reached by the end of that year.",
                    "Tahap terjauh yang dicapai sampai akhir tahun itu.",
                ),
                _f(
                    "agreement",
                    "boolean",
                    "Whether a signed document existed by then.",
                    "Apakah naskah yang ditandatangani sudah ada saat itu.",
                    constraints={"required": True},
                ),
                _coded(
                    "condition",
                    "condition",
                    "Whether a dated stage had put it to sleep or ended it by then.",
                    "Apakah tahap bertanggal telah membuatnya tidak aktif atau berakhir.",
                ),
                _coded(
                    "status",
                    "status",
                    "The status its latest source gives, from the year it was observed.",
                    "Status menurut sumber terbarunya, sejak tahun status itu teramati.",
                ),
            ],
        },
    },
}


@cache
def _ontology() -> Graph:
    from kembar.ontology import ONTOLOGY_TTL

    return Graph().parse(data=ONTOLOGY_TTL.read_text(encoding="utf-8"), format="turtle")


def _label(graph: Graph, term: Node, lang: str) -> str:
    for label in graph.objects(term, RDFS.label):
        if isinstance(label, Literal) and label.language == lang:
            return str(label)
    return str(term).rsplit("#", 1)[-1]


def categories(vocabulary: str) -> list[dict[str, str]]:
    """Each code of *vocabulary* with its label in English and Indonesian: the ontology's
    labels for codes that name its terms, Kembar's own otherwise; the open vocabularies
    (``field``, ``concept``) list every term of their class in the ontology."""
    graph = _ontology()
    if vocabulary in OWN_CODES:
        return [{"value": c, "label": en, "label_id": id_}
                for c, (en, id_) in OWN_CODES[vocabulary].items()]  # fmt: skip
    terms: list[tuple[str, Node]]
    if vocabulary in VOCABULARIES:
        terms = list(VOCABULARIES[vocabulary].items())
    elif vocabulary == "field":
        terms = sorted((str(graph.value(t, SKOS.notation)), t)
                       for t in graph.subjects(RDF.type, KMB.CooperationField))  # fmt: skip
    else:  # concept: sectors, dimensions, threats (instances of their classes' subclasses too)
        classes = {c for top in (KMB.SecuritySector, KMB.HumanSecurityDimension, KMB.Threat)
                   for c in graph.transitive_subjects(RDFS.subClassOf, top)}  # fmt: skip
        found = {str(t).rsplit("#", 1)[-1]: t for c in classes
                 for t in graph.subjects(RDF.type, c) if isinstance(t, URIRef)}  # fmt: skip
        terms = sorted(found.items())
    return [{"value": code, "label": _label(graph, term, "en"), "label_id": _label(graph, term, "id")}
            for code, term in terms]  # fmt: skip


#: Stages in the order the tables use (the order of :data:`STAGE_ORDER` without "unknown").
assert [s for s in STAGE_ORDER if s != "unknown"] == codes("stage")[:6]
