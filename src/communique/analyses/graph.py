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
Everything is aggregated in SQL: one GROUP BY for event edges, one for co-mention pairs, one for
node mention counts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
from sqlalchemy import Connection, and_, case, func, select

from communique.analyses.common import ACTOR_TYPES, NOT_HAPPENED, citation, dated_in, period, when
from communique.kb import KnowledgeBase, load_kb
from communique.store.schema import documents, events, mentions
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
    actor_types: tuple[str, ...] = ACTOR_TYPES,
    exclude_modalities: tuple[str, ...] = NOT_HAPPENED,
    kb: KnowledgeBase | None = None,
) -> nx.MultiDiGraph:
    """The actors graph of a period; edges lighter than `min_weight` (events or shared documents) go.

    `min_comentions` sets a separate threshold for co-mention edges (default: `min_weight`);
    `comentions=False` leaves them out (much cheaper on a large store). `actor_types` are the
    entity types counted as actors for co-mentions and node mention counts.
    """
    kb = kb or load_kb()
    graph = nx.MultiDiGraph(since=since, until=until, min_weight=min_weight)
    with store.engine.connect() as connection:
        for edge in _event_edges(connection, since, until, min_weight, exclude_modalities):
            graph.add_edge(edge.pop("source"), edge.pop("target"), key="events", **edge)
        if comentions:
            threshold = min_weight if min_comentions is None else min_comentions
            for first, second, shared, example in _comention_pairs(
                connection, since, until, threshold, actor_types
            ):
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
    """Events per ordered pair in one GROUP BY; pairs with no source or target are dropped here.

    (A WHERE on `source IS NOT NULL` would make SQLite walk the source index and read every row
    out of order; grouping first reads the table once.)
    """
    stated, _ = when(events.c.date)
    quads = [
        func.sum(case((events.c.quad_class == quad, 1), else_=0)).label(f"quad{quad}")
        for quad in (1, 2, 3, 4)
    ]
    query = (
        select(
            events.c.source,
            events.c.target,
            func.count().label("events"),
            func.count(func.distinct(events.c.document_id)).label("documents"),
            *quads,
            func.max(events.c.id).label("example"),
            func.min(stated).label("first"),
            func.max(stated).label("latest"),
        )
        .join(documents, documents.c.id == events.c.document_id)
        .group_by(events.c.source, events.c.target)
        .having(func.count() >= min_weight)
    )
    if exclude_modalities:
        query = query.where(events.c.modality.not_in(exclude_modalities))
    if since or until:
        query = query.where(events.c.id.in_(dated_in(events, since, until)))
    edges = []
    for row in connection.execute(query):
        if row.source is None or row.target is None or row.source == row.target:
            continue
        q1, q2, q3, q4 = (int(getattr(row, f"quad{quad}") or 0) for quad in (1, 2, 3, 4))
        net = (q1 + q2) - (q3 + q4)
        edges.append(
            {
                "source": row.source,
                "target": row.target,
                "kind": "events",
                "directed": True,
                "weight": row.events,
                "events": row.events,
                "documents": row.documents,
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


def _document_actors(since: str | None, until: str | None, actor_types: tuple[str, ...] | None) -> Any:
    """One row per (document, entity) in the period, with its mentions: co-mentions count these."""
    clauses = [mentions.c.entity_id.is_not(None)]
    if actor_types is not None:
        clauses.append(mentions.c.entity_type.in_(actor_types))
    query = (
        select(mentions.c.document_id, mentions.c.entity_id, func.count().label("mentions"))
        .where(*clauses)
        .group_by(mentions.c.document_id, mentions.c.entity_id)
    )
    if since or until:
        query = query.join(documents, documents.c.id == mentions.c.document_id).where(
            *period(documents.c.published, since, until)
        )
    return query.subquery()


def _comention_pairs(
    connection: Connection, since: str | None, until: str | None, threshold: int, actor_types: tuple[str, ...]
) -> list[tuple[str, str, int]]:
    first = _document_actors(since, until, actor_types).alias("first")
    second = _document_actors(since, until, actor_types).alias("second")
    rows = connection.execute(
        select(
            first.c.entity_id,
            second.c.entity_id.label("other"),
            func.count().label("documents"),
            func.max(first.c.document_id).label("example"),
        )
        .join(
            second,
            and_(first.c.document_id == second.c.document_id, first.c.entity_id < second.c.entity_id),
        )
        .group_by(first.c.entity_id, second.c.entity_id)
        .having(func.count() >= threshold)
    )
    return [(row.entity_id, row.other, row.documents, row.example) for row in rows]


def _mention_counts(
    connection: Connection, nodes: list[str], since: str | None, until: str | None
) -> dict[str, dict[str, Any]]:
    """Documents and mentions per node, from indexes alone.

    Over a period, driven from the period's documents (published, then document_id): probing
    each node's mentions for each document of the period would cost nodes x documents lookups.
    """
    if not nodes:
        return {}
    if since or until:
        pairs = _document_actors(since, until, None)
        query = select(
            pairs.c.entity_id,
            func.count().label("documents"),
            func.sum(pairs.c.mentions).label("mentions"),
        ).group_by(pairs.c.entity_id)
    else:
        query = (
            select(
                mentions.c.entity_id,
                func.count(func.distinct(mentions.c.document_id)).label("documents"),
                func.count().label("mentions"),
            )
            .where(mentions.c.entity_id.in_(nodes))
            .group_by(mentions.c.entity_id)
        )
    wanted = set(nodes)
    return {
        row.entity_id: {"documents": row.documents, "mentions": int(row.mentions)}
        for row in connection.execute(query)
        if row.entity_id in wanted
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
