"""The validation form as data: its fields, their labels, choices and steps, in two languages.

One table names every field of the submission format the way the form shows it
(:data:`LABELS`, English, translated where shown), so that the form, its error summary and
the report name a field the same way. Codes are offered with their labels
(:data:`CHOICES`, :data:`FIELDS`); languages are ISO 639-1 codes with their names in both
languages (:func:`language_names`), which the form also accepts typed as names.

>>> label_of("dates.dprd_approval", "en")
'Regional parliament (DPRD) approval'
>>> label_of("justifications.se1993.c", "id").startswith("Butir")
True
>>> language_names("id")["ja"]
'Jepang'
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache
from typing import Any

import pycountry
from kembar.api.web.i18n import N_, translate
from kembar.graph.validation.submission import INDONESIAN_OFFICES, FieldCode

__all__ = [
    "CHOICES",
    "FIELDS",
    "LABELS",
    "PROBLEMS",
    "REQUIRED",
    "STEPS",
    "form_model",
    "label_of",
    "language_lookup",
    "language_names",
    "value_label",
]

#: The procedure's steps and the date fields of each, in the order they happen
#: (PP 28/2018 Pasal 28-33).
STEPS: list[tuple[str, list[tuple[str, str]]]] = [
    (N_("Preparation"), [
        ("exploration", N_("Exploration with the partner")),
        ("consult_mendagri", N_("Consultation with the Minister of Home Affairs")),
        ("consult_menlu", N_("Consultation with the Minister of Foreign Affairs")),
        ("loi_signed", N_("Letter of intent signed")),
        ("plan", N_("Cooperation plan drawn up")),
    ]),
    (N_("Approval"), [
        ("dprd_request", N_("Request to the regional parliament (DPRD)")),
        ("dprd_approval", N_("Regional parliament (DPRD) approval")),
        ("mendagri_submission", N_("Submitted to the Minister of Home Affairs")),
        ("mendagri_advice", N_("Advice of the Minister of Home Affairs")),
        ("interministerial_meeting", N_("Interministerial coordination meeting")),
        ("mendagri_draft_approval", N_("Draft approved by the Minister of Home Affairs")),
        ("kemlu_confirmation", N_("Confirmation by the Ministry of Foreign Affairs")),
        ("mendagri_forward", N_("Forwarded by the Minister of Home Affairs")),
    ]),
    (N_("Signing and term"), [
        ("signed", N_("Signed")),
        ("start", N_("In force from")),
        ("end", N_("In force until")),
    ]),
]  # fmt: skip

#: Code -> English label of each choice of the form (translated by the catalogue).
CHOICES: dict[str, list[tuple[str, str]]] = {
    "form": [("sister_city", N_("Sister city")), ("sister_province", N_("Sister province")),
             ("other", N_("Other cooperation"))],
    "level": [("provinsi", N_("Province")), ("kabupaten", N_("Regency (kabupaten)")),
              ("kota", N_("City (kota)"))],
    "foreign_type": [
        ("subnational_government", N_("Subnational government")),
        ("national_government", N_("National government")),
        ("international_organisation", N_("International organisation")),
        ("non_profit", N_("Non-profit organisation")), ("university", N_("University")),
        ("company", N_("Company")), ("political_party", N_("Political party")),
    ],
    "foreign_level": [("province_level", N_("Province level")), ("municipal_level", N_("Municipal level"))],
    "funding": [("apbd", N_("Regional budget (APBD)")), ("apbn", N_("State budget (APBN)")),
                ("partner", N_("The partner")), ("grant", N_("A grant")), ("other", N_("Other"))],
    "dispute": [
        ("negotiation_consultation", N_("Negotiation and consultation")),
        ("arbitration", N_("Arbitration")), ("foreign_court", N_("A foreign court")),
        ("domestic_court", N_("A domestic court")), ("none", N_("No clause")),
    ],
    "advice": [("draft_text", N_("Go on to the draft text")), ("revise_plan", N_("Revise the plan"))],
    "participants": [("kemlu", N_("Ministry of Foreign Affairs")),
                     ("sector_ministry", N_("Sector ministry")), ("province", N_("Province")),
                     ("regency_city", N_("Regency or city"))],
    "office": [
        ("gubernur", N_("Governor")), ("wakil_gubernur", N_("Vice-governor")), ("bupati", N_("Regent")),
        ("wakil_bupati", N_("Vice-regent")), ("wali_kota", N_("Mayor")),
        ("wakil_wali_kota", N_("Vice-mayor")), ("sekda", N_("Regional secretary")),
        ("kepala_opd", N_("Head of a regional agency")), ("other", N_("Other")),
    ],
    "recipient": [("kemendagri", N_("Ministry of Home Affairs")),
                  ("kemlu", N_("Ministry of Foreign Affairs")), ("governor", N_("Governor")),
                  ("other", N_("Other"))],
    "side": [("indonesian", N_("Indonesian")), ("foreign", N_("Foreign"))],
}  # fmt: skip

#: The fields of cooperation, with their English labels.
FIELDS: list[tuple[str, str]] = [
    ("economy", N_("Economy")), ("trade", N_("Trade")), ("investment", N_("Investment")),
    ("industry", N_("Industry")), ("tourism", N_("Tourism")), ("education", N_("Education")),
    ("health", N_("Health")), ("culture", N_("Culture")), ("cultural_exchange", N_("Cultural exchange")),
    ("social_welfare", N_("Social welfare")), ("youth_sport", N_("Youth and sport")),
    ("environment", N_("Environment")), ("science_technology", N_("Science and technology")),
    ("governance_capacity", N_("Government capacity")), ("regional_promotion", N_("Regional promotion")),
    ("public_works_spatial_planning", N_("Public works and spatial planning")),
    ("housing", N_("Housing")), ("disaster_management", N_("Disaster management")),
    ("transport", N_("Transport")), ("agriculture", N_("Agriculture")),
    ("marine_fisheries", N_("Marine affairs and fisheries")), ("smes", N_("Small and medium enterprises")),
    ("communication_informatics", N_("Communication and informatics")),
    ("foreign_policy", N_("Foreign policy")), ("defence", N_("Defence")), ("security", N_("Security")),
    ("justice", N_("Justice")), ("monetary_fiscal", N_("National monetary and fiscal affairs")),
    ("religion", N_("Religion")), ("other_lawful", N_("Other lawful field")),
]  # fmt: skip

#: Every field of the submission format (its dotted JSON path) -> the label the form shows.
LABELS: dict[str, str] = {
    "form": N_("Form of cooperation"),
    "title": N_("Title"),
    "duration_years": N_("Duration (years)"),
    "renewal_of": N_("Renews the stored agreement"),
    "indonesian_party": N_("Indonesian party"),
    "indonesian_party.name": N_("Name of the Indonesian party"),
    "indonesian_party.level": N_("Level of the Indonesian party"),
    "indonesian_party.province": N_("Province"),
    "foreign_party": N_("Foreign party"),
    "foreign_party.name": N_("Name of the foreign party"),
    "foreign_party.country": N_("Country"),
    "foreign_party.type": N_("Kind of partner"),
    "foreign_party.level": N_("Level of the foreign party"),
    "fields": N_("Fields of cooperation"),
    "mendagri_advice_outcome": N_("Outcome of the Minister's advice"),
    "interministerial_participants": N_("Who took part in the interministerial meeting"),
    "justifications": N_("Justification"),
    "justifications.equality": N_("Equal standing of the parties"),
    "justifications.complementarity": N_("How the parties complement each other"),
    "justifications.people_to_people": N_("Contacts between the peoples"),
    "justifications.tech_transfer_plan": N_("Plan for the transfer of technology"),
    "justifications.plan_references": N_("Development plans it serves"),
    "languages": N_("Languages of the text"),
    "prevailing_language": N_("Prevailing language"),
    "funding_sources": N_("Funding"),
    "dispute_settlement": N_("Settlement of disputes"),
    "termination_clause": N_("Has a termination clause"),
    "asset_ownership_clause": N_("Says who owns assets"),
    "establishes_office_abroad": N_("Sets up an office abroad"),
    "involves_grant": N_("Involves a grant"),
    "signed_abroad": N_("Signed abroad"),
    "text_contains_aceh_phrase": N_("The text carries the phrase Aceh's law asks for"),
    "full_powers_ref": N_("Reference of the full powers"),
    "mission_confirmation_ref": N_("Reference of the mission's confirmation"),
    "signatories": N_("Signatories"),
    "signatories.name": N_("Name of the signatory"),
    "signatories.office": N_("Office of the signatory"),
    "signatories.acting": N_("Acting"),
    "signatories.party": N_("Side"),
    "reports": N_("Reports made after signing"),
    "reports.date": N_("Date of the report"),
    "reports.recipient": N_("Report sent to"),
    "dates": N_("Dates"),
    "format": N_("Format"),
    "id": N_("Identifier"),
    **{f"dates.{code}": label for _, dates in STEPS for code, label in dates},
}  # fmt: skip

#: The fields a submission cannot do without (submission-format.md).
REQUIRED = ("form", "indonesian_party.name", "foreign_party.name", "foreign_party.country")

#: Which choice list gives the labels of a field's codes.
_CODES_OF = {
    "form": "form", "indonesian_party.level": "level", "foreign_party.type": "foreign_type",
    "foreign_party.level": "foreign_level", "funding_sources": "funding",
    "dispute_settlement": "dispute", "mendagri_advice_outcome": "advice",
    "interministerial_participants": "participants", "signatories.office": "office",
    "reports.recipient": "recipient", "signatories.party": "side",
}  # fmt: skip

#: Indonesian names of languages that pycountry's catalogue lacks or names otherwise than
#: Indonesian official usage (Chinese is "Mandarin", never "Cina").
_LANGUAGE_ID = {
    "zh": "Mandarin", "ms": "Melayu", "fa": "Persia", "tl": "Tagalog", "km": "Khmer",
    "my": "Myanmar", "lo": "Laos", "vi": "Vietnam", "th": "Thai", "ur": "Urdu",
    "sw": "Swahili", "tr": "Turki", "el": "Yunani", "he": "Ibrani", "hi": "Hindi",
    "bn": "Bengali", "ta": "Tamil", "pt": "Portugis", "es": "Spanyol", "it": "Italia",
    "ru": "Rusia", "pl": "Polandia", "cs": "Ceko", "hu": "Hungaria", "ro": "Rumania",
    "uk": "Ukraina", "sv": "Swedia", "no": "Norwegia", "da": "Denmark", "fi": "Finlandia",
    "fr": "Prancis", "de": "Jerman", "nl": "Belanda", "en": "Inggris", "ja": "Jepang",
    "ko": "Korea", "ar": "Arab", "id": "Indonesia", "ka": "Georgia", "uz": "Uzbek",
    "kk": "Kazakh", "mn": "Mongolia", "ne": "Nepal", "si": "Sinhala", "am": "Amhar",
}  # fmt: skip

#: Other names people write for a language (either language), folded.
_LANGUAGE_ALIASES = {
    "chinese": "zh", "mandarin": "zh", "tionghoa": "zh", "cina": "zh", "china": "zh",
    "tiongkok": "zh", "korea selatan": "ko", "south korean": "ko", "jepang": "ja",
    "indonesia": "id", "bahasa": "id", "melayu": "ms", "malaysia": "ms", "filipino": "tl",
    "persian": "fa", "farsi": "fa", "belanda": "nl", "jerman": "de", "inggris": "en",
    "perancis": "fr", "prancis": "fr", "malay": "ms",
}  # fmt: skip


#: A problem of a submitted field by its kind (pydantic's error type, or Kembar's own) ->
#: what the form says of it, beside the field's label.
PROBLEMS: dict[str, str] = {
    "missing": N_("This field is required."),
    "extra_forbidden": N_("The submission format has no such field."),
    "literal_error": N_("Choose one of the offered values."),
    "string_type": N_("Write this as text."),
    "string_too_short": N_("This field is empty."),
    "string_too_long": N_("This text is too long."),
    "string_pattern_mismatch": N_("Use lower-case letters, digits and hyphens only."),
    "date_type": N_("Give a date as year-month-day."),
    "date_parsing": N_("Give a date as year-month-day."),
    "date_from_datetime_parsing": N_("Give a date as year-month-day."),
    "date_from_datetime_inexact": N_("Give a date as year-month-day."),
    "int_type": N_("Give a whole number."),
    "int_parsing": N_("Give a whole number."),
    "greater_than_equal": N_("This number is too small."),
    "less_than_equal": N_("This number is too large."),
    "bool_type": N_("Answer yes or no."),
    "list_type": N_("Give one or more values."),
    "model_type": N_("This part of the submission is malformed."),
    "dict_type": N_("This part of the submission is malformed."),
    "country_code": N_("Choose a country from the list."),
    "language_code": N_("Not a language Kembar knows:"),
    "office_code": N_("Choose an Indonesian office from the list."),
    "": N_("This value cannot be read."),
}  # fmt: skip


def label_of(path: str, lang: str) -> str:
    """The label of the field at *path* (``fields[2]`` and ``signatories[0].office`` are
    named by their field), in *lang*; the path itself when the form has no such field."""
    key = ".".join(part.split("[")[0] for part in path.split("."))
    if key.startswith("justifications.se1993."):
        return f"{translate(N_('Point'), lang)} {key.rsplit('.', 1)[1]} ({translate(N_('1993 circular'), lang)})"
    label = LABELS.get(key)
    return translate(label, lang) if label else path


def value_label(path: str, value: str, lang: str) -> str:
    """A submitted code as a person reads it: its label (with the code for languages and
    countries), else the value itself."""
    key = ".".join(part.split("[")[0] for part in path.split("."))
    if key in _CODES_OF:
        for code, label in CHOICES[_CODES_OF[key]]:
            if code == value:
                return translate(label, lang)
    if key == "fields":
        for code, label in FIELDS:
            if code == value:
                return translate(label, lang)
    if key in ("languages", "prevailing_language"):
        name = language_names(lang).get(value)
        return f"{name} ({value})" if name else value
    if value in ("true", "false"):
        return translate(N_("yes") if value == "true" else N_("no"), lang)
    return value


@cache
def language_names(lang: str) -> dict[str, str]:
    """ISO 639-1 code -> the language's name in *lang*, for every language with a code."""
    names: dict[str, str] = {}
    catalogue = gettext.translation(
        "iso639-3", pycountry.LOCALES_DIR, languages=["id"], fallback=True
    )
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        english = language.name.removesuffix(" (macrolanguage)")
        if lang == "id":
            name = _LANGUAGE_ID.get(code) or catalogue.gettext(language.name)
            names[code] = name.removeprefix("Bahasa ").removesuffix(" (macrolanguage)")
        else:
            names[code] = english
    return names


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


@cache
def language_lookup() -> dict[str, str]:
    """Folded name or code of a language, in English or Indonesian, with or without
    "bahasa" -> its ISO 639-1 code: what the form accepts typed in "Languages of the text"."""
    found: dict[str, str] = {}
    for lang in ("en", "id"):
        for code, name in language_names(lang).items():
            found.setdefault(_fold(name), code)
    for code in language_names("en"):
        found[code] = code
    found.update(_LANGUAGE_ALIASES)
    return found


def form_model(lang: str) -> dict[str, Any]:
    """The form's steps, choices, field labels and languages in *lang*."""

    def choices(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
        return [{"code": code, "label": translate(label, lang)} for code, label in pairs]

    names = language_names(lang)
    return {
        "steps": [
            {"title": translate(title, lang),
             "dates": [{"code": c, "label": translate(label, lang)} for c, label in dates]}
            for title, dates in STEPS
        ],
        "choices": {name: choices(pairs) for name, pairs in CHOICES.items()},
        "fields": choices(FIELDS),
        "labels": {path: translate(label, lang) for path, label in LABELS.items()},
        "required": list(REQUIRED),
        "problems": {kind: translate(text, lang) for kind, text in PROBLEMS.items()},
        "language_names": names,
        "languages": sorted(({"code": c, "label": n} for c, n in names.items()),
                            key=lambda item: _fold(item["label"])),
    }  # fmt: skip


def _check_codes() -> None:
    """The form offers exactly the codes the submission model accepts."""
    offered = {code for code, _ in FIELDS}
    accepted = set(FieldCode.__args__)  # type: ignore[attr-defined]
    if offered != accepted:
        raise RuntimeError(f"form fields differ from the model: {offered ^ accepted}")
    if {c for c, _ in CHOICES["office"]} != INDONESIAN_OFFICES:
        raise RuntimeError("form offices differ from the model")


_check_codes()
