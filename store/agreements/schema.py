"""The agreement and lexicon formats, declared once.

`accord check` validates against these declarations, and the JSON Schemas in
`agreements/` that editors use are generated from them (a test keeps the
committed files equal to the generated ones), so the two can never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from store.agreements.model import MODALITIES

Kind = Literal[
    "string", "text", "id", "date", "integer", "number", "strings", "ids", "tables", "table"
]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# The largest value of a "number" field (a topic's weight): finite, so matching
# arithmetic can never overflow to inf or nan.
MAX_NUMBER = 1000


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    description: str
    required: bool = False
    table: TableSpec | None = None
    enum: tuple[str, ...] = ()
    min_items: int = 0


@dataclass(frozen=True)
class TableSpec:
    title: str
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


COMMITMENT = TableSpec(
    "commitment",
    (
        FieldSpec("id", "id", "Kebab-case id, unique within the agreement.", required=True),
        FieldSpec("text", "text", "The commitment in the document's own words.", required=True),
        FieldSpec("actors", "ids", "Party ids of who commits.", required=True, min_items=1),
        FieldSpec(
            "modality",
            "string",
            "How strongly it binds, from the verb that binds it.",
            required=True,
            enum=MODALITIES,
        ),
        FieldSpec("topics", "ids", "Topic ids from lexicon.toml."),
        FieldSpec("part", "string", "A sub-part of the area, such as 'Fishing'."),
        FieldSpec("lead_in", "string", "The sentence that introduces this commitment."),
        FieldSpec(
            "incomplete",
            "text",
            "The source is incomplete here: what is missing. Never invent the missing words.",
        ),
    ),
)

AREA = TableSpec(
    "area",
    (
        FieldSpec("id", "id", "Kebab-case id, unique within the agreement.", required=True),
        FieldSpec("title", "text", "The area's heading.", required=True),
        FieldSpec("context", "text", "The area's narrative paragraph(s), verbatim."),
        FieldSpec(
            "commitments",
            "tables",
            "The area's commitments.",
            required=True,
            table=COMMITMENT,
            min_items=1,
        ),
    ),
)

PARTY = TableSpec(
    "party",
    (
        FieldSpec("id", "id", "Kebab-case id, used in actors.", required=True),
        FieldSpec("name", "text", "The party's full name.", required=True),
        FieldSpec("short", "string", "An abbreviation such as ILO."),
    ),
)

SIGNATORY = TableSpec(
    "signatory",
    (
        FieldSpec("name", "text", "Who signed.", required=True),
        FieldSpec("role", "string", "Their title."),
        FieldSpec("party", "id", "The party id they signed for."),
    ),
)

AGREEMENT = TableSpec(
    "agreement",
    (
        FieldSpec("id", "id", "Kebab-case id, unique among all agreements.", required=True),
        FieldSpec("title", "text", "The full title.", required=True),
        FieldSpec("short_title", "string", "A short title for narrow screens."),
        FieldSpec("kind", "string", "Conclusions, declaration, memorandum…"),
        FieldSpec(
            "date", "date", "The agreement's date, a TOML date such as 2022-07-05.", required=True
        ),
        FieldSpec("signed", "date", "When it was signed."),
        FieldSpec("announced", "date", "When it was announced."),
        FieldSpec("place", "string", "Where it was agreed."),
        FieldSpec("term", "string", "Its duration, in the document's words."),
        FieldSpec("term_years", "integer", "Its duration in years."),
        FieldSpec("source", "string", "Where the text was taken from."),
        FieldSpec("preamble", "text", "The introductory text, verbatim."),
        FieldSpec("parties", "tables", "The parties.", required=True, table=PARTY, min_items=1),
        FieldSpec("signatories", "tables", "Who signed, for whom.", table=SIGNATORY),
        FieldSpec(
            "areas",
            "tables",
            "The areas, in document order.",
            required=True,
            table=AREA,
            min_items=1,
        ),
    ),
)

TOPIC = TableSpec(
    "topic",
    (
        FieldSpec("label", "text", "The topic's name, shown in the topic lens.", required=True),
        FieldSpec("description", "string", "What the topic covers."),
        FieldSpec("terms", "strings", "Words and phrases that name the topic."),
        FieldSpec("synonyms", "strings", "Other ways of saying it."),
        FieldSpec("abbreviations", "strings", "Abbreviations, matched case-sensitively."),
        FieldSpec(
            "weight", "number", "How much sharing this topic counts in matching (default 1.0)."
        ),
    ),
)


# -- JSON Schema (draft-4, the dialect Taplo / Even Better TOML read) -----------


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    schema: dict[str, Any]
    if spec.kind in ("string", "text"):
        schema = {"type": "string"}
        if spec.kind == "text":
            schema["minLength"] = 1
            schema["pattern"] = r"\S"
        if spec.enum:
            schema = {"type": "string", "enum": list(spec.enum)}
    elif spec.kind == "id":
        schema = {"type": "string", "pattern": ID_PATTERN}
    elif spec.kind == "date":
        # Taplo reports TOML local dates as strings with format "date".
        schema = {"type": "string", "format": "date"}
    elif spec.kind == "integer":
        schema = {"type": "integer", "minimum": 0}
    elif spec.kind == "number":
        schema = {"type": "number", "minimum": 0, "maximum": MAX_NUMBER}
    elif spec.kind in ("strings", "ids"):
        item: dict[str, Any] = {"type": "string"}
        if spec.kind == "ids":
            item["pattern"] = ID_PATTERN
        schema = {"type": "array", "items": item}
    else:
        assert spec.table is not None
        schema = {"type": "array", "items": table_schema(spec.table)}
    if spec.min_items and schema.get("type") == "array":
        schema["minItems"] = spec.min_items
    schema["description"] = spec.description
    return schema


def table_schema(spec: TableSpec) -> dict[str, Any]:
    return {
        "type": "object",
        "title": spec.title,
        "additionalProperties": False,
        "required": [f.name for f in spec.fields if f.required],
        "properties": {f.name: _field_schema(f) for f in spec.fields},
    }


def agreement_json_schema() -> dict[str, Any]:
    schema = table_schema(AGREEMENT)
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "https://accord.invalid/agreement.schema.json",
        "title": "Accord agreement",
        "description": "One agreement between organisations. See docs/agreement-format.md.",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def lexicon_json_schema() -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "https://accord.invalid/lexicon.schema.json",
        "title": "Accord topic lexicon",
        "description": "Topics and the words that name them. See docs/agreement-format.md.",
        "type": "object",
        "additionalProperties": False,
        "required": ["topics"],
        "properties": {
            "topics": {
                "type": "object",
                "description": "One table per topic, keyed by its kebab-case id.",
                "patternProperties": {ID_PATTERN: table_schema(TOPIC)},
                "additionalProperties": False,
            }
        },
    }


def render_json_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
