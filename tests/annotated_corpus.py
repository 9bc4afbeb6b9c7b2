"""A small annotated corpus for the analyses and the store's totals: twelve documents, 2015-2024.

The annotations are written by hand in the extraction-contract shape (docs/schema.md), so every
number the tests expect can be counted from the table below. Outlets: Xinhua (source name),
dawn.com (only a URL) and corpus/mfa (only a file path). Actors: CHN, USA, PAK, person:wang-yi.

key   published  outlet  events (source->target quad)          claims                 formulations
k15x  2015-04-20 Xinhua  CONSULT CHN(Wang Yi)->PAK 1           -                      win-win, iron-brothers
k16d  2016-09-10 dawn    SUPPORT PAK->CHN 1                    90 projects (PAK)      win-win
k17x  2017-05-14 Xinhua  AID CHN->PAK 2                        60 projects (2016)     shared-future
k18x  2018-03-08 Xinhua  ACCUSE USA->CHN 3; REJECT CHN->- 3    -                      win-win (Wang speaks)
k19d  2019-05-20 dawn    SANCTION USA->CHN 4 (2019-05-15)      75 projects (PAK)      win-win
k20x  2020-06-07 Xinhua  REJECT CHN->USA 3 (Wang speaks)       200 bn masks (CHN)     true-multilateralism
k20d  2020-07-15 dawn    SUPPORT PAK->CHN 1                    201 bn "Mask" (CHN)    true-multilateralism
k21d  2021-08-05 dawn    ACCUSE CHN->USA 3 negated             770 m doses; 100 m (2021-03)
k22m  2022-11-15 mfa     CONSULT CHN<->USA 1 (2022-11-14)      2.2 bn doses (CHN)     true-multilateralism
k23d  2023-02-10 dawn    AID USA->PAK 2                        -                      shared-future
k24x  2024-01-12 Xinhua  COOPERATE CHN->PAK 2 (2023-11);       -                      true-multilateralism
                         SUPPORT CHN->PAK 1 planned (Wang)
k24d  2024-06-03 dawn    ACCUSE USA->CHN 3 (date PAST_REF)     -                      true-multilateralism
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from communique.documents.model import Document
from communique.store.store import Store
from document_helpers import text_document

CHN = ("CHN", "COUNTRY", "China", "CHN")
USA = ("USA", "COUNTRY", "United States", "USA")
PAK = ("PAK", "COUNTRY", "Pakistan", "PAK")
WANG = ("person:wang-yi", "PERSON", "Wang Yi", "CHN")


@dataclass
class Spec:
    key: str
    published: str | None
    title: str
    sentences: list[str]
    source_name: str | None = None
    url: str | None = None
    path: str | None = None
    # (entity, [(sentence, surface, role)])
    entities: list[tuple[tuple[str, str, str, str], list[tuple[int, str, str]]]] = field(default_factory=list)
    formulations: list[tuple[str, int, str]] = field(default_factory=list)  # (id, sentence, surface)
    events: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)


def actor(entity: str | None, text: str, agent: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"entity": entity, "text": text}
    if agent:
        found["agent"] = agent
    return found


def event(
    kind: str,
    quad: int,
    sentence: int,
    source: dict | None,
    target: dict | None,
    date: str | None = None,
    modality: str = "asserted",
    speaker: dict | None = None,
) -> dict[str, Any]:
    return {
        "type": kind,
        "quad_class": quad,
        "sentence": sentence,
        "source": source,
        "target": target,
        "date": date,
        "modality": modality,
        "speaker": speaker,
    }


def claim(
    sentence: int,
    surface: str,
    value: float,
    unit: str,
    about: str | None,
    date: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "sentence": sentence,
        "surface": surface,
        "value": value,
        "unit": unit,
        "about": about,
        "date": date,
        "kind": "count",
        **extra,
    }


XINHUA = {"source_name": "Xinhua"}


def dawn(number: int) -> dict[str, Any]:
    return {"url": f"https://www.dawn.com/news/{number}", "path": None}


SPECS = [
    Spec(
        "k15x",
        "2015-04-20",
        "Wang Yi in Islamabad",
        [
            "Wang Yi met Pakistani leaders and pledged win-win cooperation with Pakistan.",
            "China and Pakistan are iron brothers.",
        ],
        path="xinhua/2015/a.txt",
        **XINHUA,
        entities=[
            (WANG, [(0, "Wang Yi", "actor")]),
            (PAK, [(0, "Pakistan", "actor"), (1, "Pakistan", "actor")]),
            (CHN, [(1, "China", "actor")]),
        ],
        formulations=[
            ("win-win-cooperation", 0, "win-win cooperation"),
            ("iron-brothers", 1, "iron brothers"),
        ],
        events=[
            event("CONSULT", 1, 0, actor("CHN", "Wang Yi", "person:wang-yi"), actor("PAK", "Pakistan")),
        ],
    ),
    Spec(
        "k16d",
        "2016-09-10",
        "Corridor projects",
        [
            "Pakistan said China has launched 90 projects under the corridor.",
            "Pakistan welcomed win-win cooperation with China.",
        ],
        **dawn(1001),
        entities=[
            (PAK, [(0, "Pakistan", "actor"), (1, "Pakistan", "actor")]),
            (CHN, [(0, "China", "actor"), (1, "China", "actor")]),
        ],
        formulations=[("win-win-cooperation", 1, "win-win cooperation")],
        events=[event("SUPPORT", 1, 1, actor("PAK", "Pakistan"), actor("CHN", "China"))],
        claims=[claim(0, "90 projects", 90, "projects", "PAK")],
    ),
    Spec(
        "k17x",
        "2017-05-14",
        "Emergency aid",
        [
            "China provided emergency aid to Pakistan.",
            "The two countries will build a community with a shared future.",
            "By 2016, China had launched 60 projects in Pakistan.",
        ],
        path="xinhua/2017/b.txt",
        **XINHUA,
        entities=[
            (CHN, [(0, "China", "actor"), (2, "China", "actor")]),
            (PAK, [(0, "Pakistan", "actor"), (2, "Pakistan", "place")]),
        ],
        formulations=[("community-with-a-shared-future", 1, "community with a shared future")],
        events=[event("AID", 2, 0, actor("CHN", "China"), actor("PAK", "Pakistan"))],
        claims=[claim(2, "60 projects", 60, "projects", "PAK", date="2016")],
    ),
    Spec(
        "k18x",
        "2018-03-08",
        "Trade accusations",
        [
            "The United States accused China of unfair trade practices.",
            "Wang Yi said China rejects the accusation and upholds win-win cooperation.",
        ],
        **XINHUA,
        entities=[
            (USA, [(0, "United States", "actor")]),
            (CHN, [(0, "China", "actor"), (1, "China", "actor")]),
            (WANG, [(1, "Wang Yi", "actor")]),
        ],
        formulations=[("win-win-cooperation", 1, "win-win cooperation")],
        events=[
            event("ACCUSE", 3, 0, actor("USA", "The United States"), actor("CHN", "China")),
            event(
                "REJECT",
                3,
                1,
                actor("CHN", "China"),
                None,
                speaker={"entity": "person:wang-yi", "text": "Wang Yi"},
            ),
        ],
    ),
    Spec(
        "k19d",
        "2019-05-20",
        "Sanctions",
        [
            "The United States imposed sanctions on China on 15 May 2019.",
            "Pakistan said 75 projects under the corridor are under way.",
            "Pakistan and China called for win-win cooperation.",
        ],
        **dawn(1002),
        entities=[
            (USA, [(0, "United States", "actor")]),
            (CHN, [(0, "China", "actor"), (2, "China", "actor")]),
            (PAK, [(1, "Pakistan", "actor"), (2, "Pakistan", "actor")]),
        ],
        formulations=[("win-win-cooperation", 2, "win-win cooperation")],
        events=[
            event(
                "SANCTION", 4, 0, actor("USA", "The United States"), actor("CHN", "China"), date="2019-05-15"
            )
        ],
        claims=[claim(1, "75 projects", 75, "projects", "PAK")],
    ),
    Spec(
        "k20x",
        "2020-06-07",
        "Masks for the world",
        [
            "China has exported more than 200 billion masks to countries including Pakistan.",
            "Wang Yi said China practises true multilateralism and opposes the United States.",
        ],
        **XINHUA,
        entities=[
            (CHN, [(0, "China", "actor"), (1, "China", "actor")]),
            (PAK, [(0, "Pakistan", "place")]),
            (WANG, [(1, "Wang Yi", "actor")]),
            (USA, [(1, "United States", "actor")]),
        ],
        formulations=[("true-multilateralism", 1, "true multilateralism")],
        events=[
            event(
                "REJECT",
                3,
                1,
                actor("CHN", "China"),
                actor("USA", "the United States"),
                speaker={"entity": "person:wang-yi", "text": "Wang Yi"},
            )
        ],
        claims=[claim(0, "more than 200 billion masks", 2e11, "masks", "CHN", qualifier="more than")],
    ),
    Spec(
        "k20d",
        "2020-07-15",
        "Pandemic support",
        [
            "China had shipped 201 billion mask units to other countries.",
            "Pakistan thanked China for its support and called for true multilateralism.",
        ],
        **dawn(1003),
        entities=[
            (CHN, [(0, "China", "actor"), (1, "China", "actor")]),
            (PAK, [(1, "Pakistan", "actor")]),
        ],
        formulations=[("true-multilateralism", 1, "true multilateralism")],
        events=[event("SUPPORT", 1, 1, actor("PAK", "Pakistan"), actor("CHN", "China"))],
        claims=[claim(0, "201 billion mask", 2.01e11, "Mask", "CHN")],
    ),
    Spec(
        "k21d",
        "2021-08-05",
        "Vaccines",
        [
            "China has provided 770 million doses of vaccine to the world.",
            "By March 2021, China had provided 100 million doses of vaccine.",
            "China did not accuse the United States of hoarding vaccines.",
        ],
        **dawn(1004),
        entities=[
            (CHN, [(0, "China", "actor"), (1, "China", "actor"), (2, "China", "actor")]),
            (USA, [(2, "United States", "actor")]),
        ],
        events=[
            event(
                "ACCUSE", 3, 2, actor("CHN", "China"), actor("USA", "the United States"), modality="negated"
            )
        ],
        claims=[
            claim(0, "770 million doses of vaccine", 7.7e8, "doses of vaccine", "CHN"),
            claim(1, "100 million doses of vaccine", 1e8, "doses of vaccine", "CHN", date="2021-03"),
        ],
    ),
    Spec(
        "k22m",
        "2022-11-15",
        "Bali talks",
        [
            "China and the United States held talks in Bali on 14 November 2022.",
            "Wang Yi said both sides should practise true multilateralism.",
            "China has provided 2.2 billion doses of vaccine.",
        ],
        path="corpus/mfa/2022-11-15.txt",
        entities=[
            (CHN, [(0, "China", "actor"), (2, "China", "actor")]),
            (USA, [(0, "United States", "actor")]),
            (WANG, [(1, "Wang Yi", "actor")]),
        ],
        formulations=[("true-multilateralism", 1, "true multilateralism")],
        events=[
            event(
                "CONSULT", 1, 0, actor("CHN", "China"), actor("USA", "the United States"), date="2022-11-14"
            ),
            event(
                "CONSULT", 1, 0, actor("USA", "the United States"), actor("CHN", "China"), date="2022-11-14"
            ),
        ],
        claims=[claim(2, "2.2 billion doses of vaccine", 2.2e9, "doses of vaccine", "CHN")],
    ),
    Spec(
        "k23d",
        "2023-02-10",
        "Flood aid",
        [
            "The United States provided flood aid to Pakistan.",
            "Pakistan is committed to a community with a shared future with China.",
        ],
        **dawn(1005),
        entities=[
            (USA, [(0, "United States", "actor")]),
            (PAK, [(0, "Pakistan", "actor"), (1, "Pakistan", "actor")]),
            (CHN, [(1, "China", "actor")]),
        ],
        formulations=[("community-with-a-shared-future", 1, "community with a shared future")],
        events=[event("AID", 2, 0, actor("USA", "The United States"), actor("PAK", "Pakistan"))],
    ),
    Spec(
        "k24x",
        "2024-01-12",
        "Cooperation agreement",
        [
            "In November 2023, China and Pakistan signed a cooperation agreement.",
            "Wang Yi said China will support Pakistan and uphold true multilateralism.",
        ],
        **XINHUA,
        entities=[
            (CHN, [(0, "China", "actor"), (1, "China", "actor")]),
            (PAK, [(0, "Pakistan", "actor"), (1, "Pakistan", "actor")]),
            (WANG, [(1, "Wang Yi", "actor")]),
        ],
        formulations=[("true-multilateralism", 1, "true multilateralism")],
        events=[
            event("COOPERATE", 2, 0, actor("CHN", "China"), actor("PAK", "Pakistan"), date="2023-11"),
            event(
                "SUPPORT",
                1,
                1,
                actor("CHN", "China"),
                actor("PAK", "Pakistan"),
                modality="planned",
                speaker={"entity": "person:wang-yi", "text": "Wang Yi"},
            ),
        ],
    ),
    Spec(
        "k24d",
        "2024-06-03",
        "Coercion",
        [
            "The United States accused China of coercion.",
            "Beijing said true multilateralism is the answer.",
        ],
        **dawn(1006),
        entities=[
            (USA, [(0, "United States", "actor")]),
            (CHN, [(0, "China", "actor"), (1, "Beijing", "actor")]),
        ],
        formulations=[("true-multilateralism", 1, "true multilateralism")],
        events=[
            event("ACCUSE", 3, 0, actor("USA", "The United States"), actor("CHN", "China"), date="PAST_REF")
        ],
    ),
]


def build(spec: Spec) -> tuple[Document, dict[str, Any]]:
    """The document and its annotations; every span is located in the text, never typed in."""
    text = " ".join(spec.sentences)
    sentences, offset = [], 0
    for sentence in spec.sentences:
        sentences.append({"start": offset, "end": offset + len(sentence)})
        offset += len(sentence) + 1

    def span(index: int, surface: str) -> dict[str, Any]:
        position = spec.sentences[index].index(surface)
        start = sentences[index]["start"] + position
        assert text[start : start + len(surface)] == surface
        return {"sentence": index, "start": start, "end": start + len(surface), "text": surface}

    entities = [
        {
            "id": entity_id,
            "name": name,
            "type": entity_type,
            "country": country,
            "aliases": [],
            "mentions": [{**span(index, surface), "role": role} for index, surface, role in found],
        }
        for (entity_id, entity_type, name, country), found in spec.entities
    ]
    by_formulation: dict[str, list[dict[str, Any]]] = {}
    for formulation_id, index, surface in spec.formulations:
        by_formulation.setdefault(formulation_id, []).append(span(index, surface))
    formulations = [
        {"id": formulation_id, "name": formulation_id, "zh": [], "category": "test", "mentions": found}
        for formulation_id, found in by_formulation.items()
    ]
    events = []
    for item in spec.events:
        whole = span(item["sentence"], spec.sentences[item["sentence"]])
        events.append({**item, **whole, "mode": None, "location": None, "trigger": None})
    claims = []
    for item in spec.claims:
        found = {key: value for key, value in item.items() if key != "surface"}
        claims.append(
            {"value_max": None, "currency": None, "qualifier": None, "modality": "asserted", **found}
        )
        claims[-1].update(span(item["sentence"], item["surface"]))
    document = text_document(
        text,
        path=spec.path,
        origin_url=spec.url,
        url=spec.url,
        title=spec.title,
        published=spec.published,
        language="en",
        source_name=spec.source_name,
    )
    annotations = {
        "sentences": sentences,
        "entities": entities,
        "formulations": formulations,
        "claims": claims,
        "dates": [],
        "events": events,
        "relations": [],
        "stance": [],
    }
    return document, annotations


def fill(store: Store, specs: list[Spec]) -> dict[str, str]:
    """Add and annotate documents; returns key -> document id."""
    ids = {}
    with store.transaction() as connection:
        for spec in specs:
            document, annotations = build(spec)
            store.add_document(connection, document)
            store.save_annotations(connection, document.id, annotations, "test", "3.0")
            ids[spec.key] = document.id
    return ids
