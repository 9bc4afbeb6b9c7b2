"""Relations graph: who acts on whom (PLOVER events) and who appears with whom, over a period.

Nodes are actors (KB ids) with their KB name, type, country and how often they are mentioned.
Two kinds of edges, in one `networkx.MultiDiGraph` so both survive export to Gephi:

- `events` (key "events"): directed source -> target, weighted by the number of events, with the
  count per quad class (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
  conflict), `net_cooperation` = (q1 + q2) - (q3 + q4) and `cooperation` = net / events in [-1, 1].
- `comention` (key "comention"): undirected, stored once from the smaller id to the larger with
  `directed=False` (GEXF `type="undirected"`), weighted by the documents mentioning both.

Evidence: each event edge carries `evidence`, one cited event (the most recently stored of the
pair: its document, sentence, span and text); each co-mention edge an `example_document` that
mentions both. `communique timeline --actor` or `Store.events(source, target)` list the rest.

Events are placed at the date they refer to (else publication), co-mentions at publication, as
in the other analyses. Negated and hypothetical events did not happen and are not counted.
Everything is read from the store's yearly and monthly totals (`store.rollups`): one GROUP BY for event
edges, one for co-mention pairs, one for node mention counts, over hundreds of rows rather than
every event and mention (a period ending on a given day is computed from the detail rows).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, case, func, select

from communique.analyses.common import citation
from communique.kb import KnowledgeBase, load_kb
from communique.store.rollups import NOT_HAPPENED, event_totals, totals
from communique.store.schema import documents, events, mentions

if TYPE_CHECKING:  # imported where a graph is built or written: ~0.3 s every CLI start otherwise
    import networkx as nx
from communique.store.store import Store

FORMATS = ("gexf", "graphml", "json")


def relations_graph(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    min_weight: int = 1,
    *,
    min_comentions: int | None = None,
    comentions: bool = True,
    exclude_modalities: tuple[str, ...] = NOT_HAPPENED,
    kb: KnowledgeBase | None = None,
) -> nx.MultiDiGraph:
    """The actors graph of a period; edges lighter than `min_weight` (events or shared documents) go.

    `min_comentions` sets a separate threshold for co-mention edges (default: `min_weight`);
    `comentions=False` leaves them out. Actors are the entities of types
    `store.rollups.ACTOR_TYPES`.
    """
    import networkx as nx

    kb = kb or load_kb()
    graph = nx.MultiDiGraph(since=since, until=until, min_weight=min_weight)
    with store.engine.connect() as connection:
        for edge in _event_edges(connection, since, until, min_weight, exclude_modalities):
            graph.add_edge(edge.pop("source"), edge.pop("target"), key="events", **edge)
        if comentions:
            threshold = min_weight if min_comentions is None else min_comentions
            for first, second, shared, example in _comention_pairs(connection, since, until, threshold):
                graph.add_edge(
                    first,
                    second,
                    key="comention",
                    kind="comention",
                    directed=False,
                    type="undirected",
                    weight=shared,
                    documents=shared,
                    example_document=example,
                )
        counts = _mention_counts(connection, list(graph.nodes), since, until)
        unknown = {node: _stored_facts(connection, node) for node in graph.nodes if kb.get(node) is None}
    for node in graph.nodes:
        entry = kb.get(node)
        stored = counts.get(node, {})
        facts = unknown.get(node, {})
        graph.nodes[node].update(
            label=entry.name if entry else facts.get("name") or node,
            type=entry.type if entry else facts.get("type"),
            country=entry.country if entry else facts.get("country"),
            documents=stored.get("documents", 0),
            mentions=stored.get("mentions", 0),
            events_out=sum(d.get("events", 0) for _, _, d in graph.out_edges(node, data=True)),
            events_in=sum(d.get("events", 0) for _, _, d in graph.in_edges(node, data=True)),
        )
    return graph


def _event_edges(
    connection: Connection,
    since: str | None,
    until: str | None,
    min_weight: int,
    exclude_modalities: tuple[str, ...],
) -> list[dict[str, Any]]:
    """Events per ordered pair, from the store's event totals (`store.rollups`).

    `documents`: documents published in the period that report events of the pair that
    happened (`event_pair` totals); given when the excluded modalities are the default
    `NOT_HAPPENED`, else None.
    """
    totals = event_totals(since, until)
    quads = [
        func.sum(case((totals.c.quad_class == quad, totals.c.events), else_=0)).label(f"quad{quad}")
        for quad in (1, 2, 3, 4)
    ]
    query = (
        select(
            totals.c.source,
            totals.c.target,
            func.sum(totals.c.events).label("events"),
            *quads,
            func.max(totals.c.example).label("example"),
            func.min(totals.c.first).label("first"),
            func.max(totals.c.latest).label("latest"),
        )
        .where(totals.c.source != "", totals.c.target != "", totals.c.source != totals.c.target)
        .group_by(totals.c.source, totals.c.target)
        .having(func.sum(totals.c.events) >= min_weight)
    )
    if exclude_modalities:
        query = query.where(totals.c.modality.not_in(exclude_modalities))
    shared = (
        _event_documents(connection, since, until) if set(exclude_modalities) == set(NOT_HAPPENED) else {}
    )
    edges = []
    for row in connection.execute(query):
        q1, q2, q3, q4 = (int(getattr(row, f"quad{quad}") or 0) for quad in (1, 2, 3, 4))
        net = (q1 + q2) - (q3 + q4)
        edges.append(
            {
                "source": row.source,
                "target": row.target,
                "kind": "events",
                "directed": True,
                "weight": int(row.events),
                "events": int(row.events),
                "documents": shared.get((row.source, row.target)),
                "quad1": q1,
                "quad2": q2,
                "quad3": q3,
                "quad4": q4,
                "net_cooperation": net,
                "cooperation": round(net / row.events, 4) if row.events else 0.0,
                "first": row.first,
                "latest": row.latest,
                "example": row.example,
            }
        )
    cited = _event_citations(connection, [edge["example"] for edge in edges])
    for edge in edges:
        edge["evidence"] = cited.get(edge.pop("example"))
    return edges


def _event_documents(
    connection: Connection, since: str | None, until: str | None
) -> dict[tuple[str, str], int]:
    pairs = totals("event_pair", since, until)
    rows = connection.execute(
        select(pairs.c.k1, pairs.c.k2, func.sum(pairs.c.documents).label("documents")).group_by(
            pairs.c.k1, pairs.c.k2
        )
    )
    return {(row.k1, row.k2): int(row.documents) for row in rows}


def _event_citations(connection: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """One cited event per edge (the most recently stored), fetched by id in chunks."""
    cited = {}
    for start in range(0, len(ids), 500):
        for row in connection.execute(
            select(events, documents.c.published)  # (id, published) index: no document row read
            .join(documents, documents.c.id == events.c.document_id)
            .where(events.c.id.in_(ids[start : start + 500]))
        ):
            cited[row.id] = {
                "event": row.id,
                "type": row.type,
                "date": row.date,
                "published": row.published,
                "citation": citation(row),
            }
    return cited


def _stored_facts(connection: Connection, entity_id: str) -> dict[str, Any]:
    """Name, type and country of an entity the KB does not know, from one stored mention."""
    row = connection.execute(
        select(mentions.c.entity_name, mentions.c.entity_type, mentions.c.country)
        .where(mentions.c.entity_id == entity_id)
        .limit(1)
    ).first()
    return {"name": row.entity_name, "type": row.entity_type, "country": row.country} if row else {}


def _comention_pairs(
    connection: Connection, since: str | None, until: str | None, threshold: int
) -> list[tuple[str, str, int, str]]:
    """Actor pairs sharing documents in the period, from the `pair` totals."""
    pairs = totals("pair", since, until)
    shared = func.sum(pairs.c.documents)
    rows = connection.execute(
        select(pairs.c.k1, pairs.c.k2, shared.label("documents"), func.max(pairs.c.example).label("example"))
        .where(pairs.c.k1 < pairs.c.k2)
        .group_by(pairs.c.k1, pairs.c.k2)
        .having(shared >= threshold)
    )
    return [(row.k1, row.k2, int(row.documents), row.example) for row in rows]


def _mention_counts(
    connection: Connection, nodes: list[str], since: str | None, until: str | None
) -> dict[str, dict[str, Any]]:
    """Documents and mentions per node in the period, from the `actor` totals."""
    if not nodes:
        return {}
    actors = totals("actor", since, until)
    query = (
        select(
            actors.c.k1,
            func.sum(actors.c.documents).label("documents"),
            func.sum(actors.c.total).label("mentions"),
        )
        .where(actors.c.k1.in_(nodes))
        .group_by(actors.c.k1)
    )
    return {
        row.k1: {"documents": int(row.documents), "mentions": int(row.mentions)}
        for row in connection.execute(query)
    }


def graph_to_json(graph: nx.Graph) -> dict[str, Any]:
    """Nodes and links for a web UI (d3, sigma, cytoscape): plain lists, every edge with its kind."""
    links = []
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for edge in edges:
        source, target, data = edge[0], edge[1], edge[-1]
        link = {"source": source, "target": target}
        if graph.is_multigraph():
            link["key"] = edge[2]
        link.update({name: value for name, value in data.items() if name != "type"})
        links.append(link)
    return {
        "directed": graph.is_directed(),
        "multigraph": graph.is_multigraph(),
        "graph": dict(graph.graph),
        "nodes": [{"id": node, **data} for node, data in graph.nodes(data=True)],
        "links": links,
    }


def safe_value(value: Any) -> Any:
    """A value GEXF and GraphML can store: None dropped, lists joined, the rest as is or as text."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return "; ".join(str(item) for item in value if item is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def exportable(graph: nx.Graph) -> nx.Graph:
    """A copy with only GEXF/GraphML-safe attribute values (no None, no lists, no dicts)."""

    def clean(data: dict[str, Any]) -> dict[str, Any]:
        return {name: safe_value(value) for name, value in data.items() if safe_value(value) is not None}

    copy = graph.__class__()
    copy.graph.update(clean(graph.graph))
    for node, data in graph.nodes(data=True):
        copy.add_node(node, **clean(data))
    if graph.is_multigraph():
        for source, target, key, data in graph.edges(keys=True, data=True):
            copy.add_edge(source, target, key=key, **clean(data))
    else:
        for source, target, data in graph.edges(data=True):
            copy.add_edge(source, target, **clean(data))
    return copy


def write_graph(graph: nx.Graph, path: str | Path, format: str | None = None, *, mixed: bool = True) -> Path:
    """Write gexf (Gephi), graphml or json (`graph_to_json`); the format defaults to the suffix.

    GEXF marks co-mention edges `type="undirected"` in the directed graph: Gephi reads such mixed
    graphs and draws them without arrows, but networkx's `read_gexf` refuses them: `mixed=False`
    writes every edge directed (co-mentions then keep `directed=False` as an attribute only).
    """
    import networkx as nx

    path = Path(path)
    chosen = (format or path.suffix.lstrip(".") or "gexf").lower()
    if chosen not in FORMATS:
        raise ValueError(f"unknown graph format {chosen!r}: use {', '.join(FORMATS)}")
    if chosen == "json":
        path.write_text(json.dumps(graph_to_json(graph), ensure_ascii=False, indent=1), encoding="utf-8")
    elif chosen == "gexf":
        plain = exportable(graph)
        if not mixed:
            for _, _, data in plain.edges(data=True):
                data.pop("type", None)
        nx.write_gexf(plain, path)
    else:
        plain = exportable(graph)
        for _, _, data in plain.edges(data=True):
            data.pop("type", None)  # GEXF's edge type; GraphML has `directed` per edge instead
        nx.write_graphml(plain, path)
    return path
