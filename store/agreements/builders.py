"""From checked TOML data to the frozen model, and the cross-reference checks.

The schema checker has already vouched for types here, so the builders can
read fields directly; the reference checks still guard every access, because
they run before we know the document is clean.
"""

from __future__ import annotations

from typing import Any

from store.agreements.findings import Finding
from store.agreements.model import Agreement, Area, Commitment, Lexicon, Party, Signatory, Topic
from store.agreements.positions import KeyIndex, PathKey
from store.agreements.schema import TOPIC, FieldSpec
from store.agreements.terms import TermFinder
from store.agreements.validate import Checker, did_you_mean


def _tables(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(number, item) for number, item in enumerate(value) if isinstance(item, dict)]


def _check_unique(
    checker: Checker, seen: dict[str, PathKey], value: Any, path: PathKey, what: str
) -> None:
    if not isinstance(value, str) or not value:
        return
    if value in seen:
        first = checker.value_at(seen[value])
        at = checker.value_at(path)
        checker.report(
            "E102",
            f"duplicate {what} id '{value}' (first used on line {first.line})",
            at,
            f"ids must be unique within the agreement; rename one of lines {first.line} and {at.line}",
            related=((first.line, first.col),),
        )
    else:
        seen[value] = path


def check_agreement_references(
    data: dict[str, Any], checker: Checker, lexicon: Lexicon | None
) -> None:
    party_ids: dict[str, PathKey] = {}
    for number, party in _tables(data, "parties"):
        _check_unique(checker, party_ids, party.get("id"), ("parties", number, "id"), "party")
    for number, signatory in _tables(data, "signatories"):
        _check_party(checker, party_ids, signatory.get("party"), ("signatories", number, "party"))
    area_ids: dict[str, PathKey] = {}
    commitment_ids: dict[str, PathKey] = {}
    for area_number, area in _tables(data, "areas"):
        area_path: PathKey = ("areas", area_number)
        _check_unique(checker, area_ids, area.get("id"), (*area_path, "id"), "area")
        for number, commitment in _tables(area, "commitments"):
            path: PathKey = (*area_path, "commitments", number)
            _check_unique(
                checker, commitment_ids, commitment.get("id"), (*path, "id"), "commitment"
            )
            actors = commitment.get("actors")
            if isinstance(actors, list):
                for actor_number, actor in enumerate(actors):
                    _check_party(checker, party_ids, actor, (*path, "actors", actor_number))
            topics = commitment.get("topics")
            if lexicon is not None and lexicon.topics and isinstance(topics, list):
                for topic_number, topic in enumerate(topics):
                    _check_topic(checker, lexicon, topic, (*path, "topics", topic_number))


def _check_party(
    checker: Checker, party_ids: dict[str, PathKey], value: Any, path: PathKey
) -> None:
    if not isinstance(value, str) or value in party_ids or not party_ids:
        return
    suggestion = did_you_mean(value, party_ids)
    hint = f"did you mean '{suggestion}'? " if suggestion else ""
    checker.report(
        "E110",
        f"unknown party '{value}'",
        checker.value_at(path),
        f"{hint}parties are declared in [[parties]]: {', '.join(party_ids)}",
    )


def _check_topic(checker: Checker, lexicon: Lexicon, value: Any, path: PathKey) -> None:
    if not isinstance(value, str) or value in lexicon.ids:
        return
    suggestion = did_you_mean(value, sorted(lexicon.ids))
    hint = f"did you mean '{suggestion}'? " if suggestion else ""
    checker.report(
        "E109",
        f"unknown topic '{value}'",
        checker.value_at(path),
        f"{hint}topics are defined in lexicon.toml",
    )


def _line(index: KeyIndex, path: PathKey) -> int:
    return index.table_line(path)


def build_agreement(data: dict[str, Any], path: Any, index: KeyIndex) -> Agreement:
    agreement_id: str = data["id"]
    areas: list[Area] = []
    for area_number, area in _tables(data, "areas"):
        commitments = tuple(
            Commitment(
                id=item["id"],
                agreement_id=agreement_id,
                area_id=area["id"],
                text=item["text"],
                actors=tuple(item["actors"]),
                modality=item["modality"],
                topics=tuple(item.get("topics", ())),
                part=item.get("part"),
                lead_in=item.get("lead_in"),
                incomplete=item.get("incomplete"),
                line=_line(index, ("areas", area_number, "commitments", number)),
            )
            for number, item in _tables(area, "commitments")
        )
        areas.append(
            Area(
                id=area["id"],
                agreement_id=agreement_id,
                title=area["title"],
                commitments=commitments,
                context=area.get("context"),
                line=_line(index, ("areas", area_number)),
            )
        )
    return Agreement(
        id=agreement_id,
        title=data["title"],
        date=data["date"],
        parties=tuple(
            Party(id=p["id"], name=p["name"], short=p.get("short"))
            for _, p in _tables(data, "parties")
        ),
        areas=tuple(areas),
        short_title=data.get("short_title"),
        kind=data.get("kind"),
        signed=data.get("signed"),
        announced=data.get("announced"),
        place=data.get("place"),
        term=data.get("term"),
        term_years=data.get("term_years"),
        source=data.get("source"),
        preamble=data.get("preamble"),
        signatories=tuple(
            Signatory(name=s["name"], role=s.get("role"), party=s.get("party"))
            for _, s in _tables(data, "signatories")
        ),
        path=path,
    )


def warn_untagged_topics(
    agreement: Agreement, lexicon: Lexicon, checker: Checker, find: TermFinder
) -> None:
    for area_number, area in enumerate(agreement.areas):
        for number, commitment in enumerate(area.commitments):
            for topic_id, term in find(commitment.text, lexicon).items():
                if topic_id in commitment.topics:
                    continue
                path: PathKey = ("areas", area_number, "commitments", number)
                at = checker.index.key((*path, "topics")) or checker.value_at((*path, "text"))
                checker.report(
                    "W201",
                    f"'{commitment.id}' names '{term}' but its topics lack '{topic_id}'",
                    at,
                    f'add "{topic_id}" to topics, or ignore this if the mention is incidental',
                )


def build_lexicon(data: dict[str, Any], checker: Checker) -> Lexicon:
    """Check and build the lexicon; topics with errors are left out."""
    for key in data:
        if key != "topics":
            checker.report(
                "E103",
                f"unknown key '{key}' in lexicon",
                checker.key_at((key,)),
                "the lexicon holds only [topics.<id>] tables",
            )
    topics_data = data.get("topics")
    if not isinstance(topics_data, dict):
        checker.report(
            "E101",
            "the lexicon has no [topics.<id>] tables",
            checker.key_at(("topics",)),
            'add a topic: [topics.skills] with label = "Skills"',
        )
        return Lexicon(topics=())
    topics: list[Topic] = []
    for topic_id, body in topics_data.items():
        path: PathKey = ("topics", topic_id)
        before = len(checker.findings)
        if not isinstance(body, dict):
            checker.report("E104", f"topic '{topic_id}' must be a table", checker.key_at(path))
            continue
        checker.check_value(topic_id, _ID_FIELD, path)
        checker.check_table(body, TOPIC, path)
        if _has_errors(checker.findings[before:]):
            continue
        at = checker.index.table(path) or checker.index.key(path)
        topics.append(
            Topic(
                id=topic_id,
                label=body["label"],
                description=body.get("description"),
                terms=tuple(body.get("terms", ())),
                synonyms=tuple(body.get("synonyms", ())),
                abbreviations=tuple(body.get("abbreviations", ())),
                weight=float(body.get("weight", 1.0)),
                line=at.line if at else 0,
            )
        )
    return Lexicon(topics=tuple(topics), path=checker.path)


def _has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


_ID_FIELD = FieldSpec("topic id", "id", "Topic ids are kebab-case.")
