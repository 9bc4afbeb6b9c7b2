import json
import xml.etree.ElementTree as ElementTree

import networkx as nx
import pytest

from communique.analyses.graph import exportable, graph_to_json, relations_graph, safe_value, write_graph


def event_edges(graph: nx.MultiDiGraph) -> dict[tuple[str, str], dict]:
    return {(u, v): data for u, v, key, data in graph.edges(keys=True, data=True) if key == "events"}


def comentions(graph: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    return {
        (u, v): data["documents"]
        for u, v, key, data in graph.edges(keys=True, data=True)
        if key == "comention"
    }


def test_event_edges_count_quad_classes_and_cooperation(corpus):
    graph = relations_graph(corpus.store)
    edges = event_edges(graph)
    assert set(edges) == {("CHN", "PAK"), ("PAK", "CHN"), ("USA", "CHN"), ("CHN", "USA"), ("USA", "PAK")}
    china_pakistan = edges[("CHN", "PAK")]
    assert (china_pakistan["events"], china_pakistan["weight"], china_pakistan["documents"]) == (4, 4, 3)
    assert [china_pakistan[f"quad{q}"] for q in (1, 2, 3, 4)] == [2, 2, 0, 0]
    assert china_pakistan["net_cooperation"] == 4 and china_pakistan["cooperation"] == 1.0
    assert (china_pakistan["first"], china_pakistan["latest"]) == ("2015-04-20", "2024-01-12")
    us_china = edges[("USA", "CHN")]
    assert [us_china[f"quad{q}"] for q in (1, 2, 3, 4)] == [1, 0, 2, 1]
    assert us_china["net_cooperation"] == -2 and us_china["cooperation"] == -0.5
    # The negated accusation is left out, the REJECT with no target has no edge.
    china_us = edges[("CHN", "USA")]
    assert china_us["events"] == 2 and china_us["net_cooperation"] == 0 and china_us["cooperation"] == 0.0
    assert all(-1 <= data["cooperation"] <= 1 for data in edges.values())
    # Each edge cites its most recently stored event.
    assert china_pakistan["evidence"]["type"] == "SUPPORT"
    assert china_pakistan["evidence"]["citation"] == {
        "document": corpus.ids["k24x"],
        "sentence": 1,
        "start": 69,
        "end": 142,
        "text": "Wang Yi said China will support Pakistan and uphold true multilateralism.",
    }
    assert us_china["evidence"]["citation"]["text"] == "The United States accused China of coercion."


def test_comention_edges_are_undirected_document_counts(corpus):
    graph = relations_graph(corpus.store)
    assert comentions(graph) == {
        ("CHN", "PAK"): 8,
        ("CHN", "USA"): 7,
        ("CHN", "person:wang-yi"): 5,
        ("PAK", "USA"): 3,
        ("PAK", "person:wang-yi"): 3,
        ("USA", "person:wang-yi"): 3,
    }
    data = graph.get_edge_data("CHN", "PAK", key="comention")
    assert data["directed"] is False and data["kind"] == "comention"
    both = {corpus.ids[key] for key in ("k15x", "k16d", "k17x", "k19d", "k20x", "k20d", "k23d", "k24x")}
    assert data["example_document"] in both


def test_nodes_carry_kb_facts_and_mention_counts(corpus):
    graph = relations_graph(corpus.store)
    assert set(graph.nodes) == {"CHN", "PAK", "USA", "person:wang-yi"}
    china = graph.nodes["CHN"]
    assert (china["label"], china["type"], china["country"]) == ("China", "COUNTRY", "CHN")
    assert (china["documents"], china["mentions"]) == (12, 23)
    assert (china["events_out"], china["events_in"]) == (6, 6)
    wang = graph.nodes["person:wang-yi"]
    assert (wang["label"], wang["type"], wang["documents"]) == ("Wang Yi", "PERSON", 5)


def test_min_weight_and_period(corpus):
    heavy = relations_graph(corpus.store, min_weight=3)
    assert set(event_edges(heavy)) == {("CHN", "PAK"), ("USA", "CHN")}
    assert comentions(heavy) == {
        ("CHN", "PAK"): 8,
        ("CHN", "USA"): 7,
        ("CHN", "person:wang-yi"): 5,
        **{pair: 3 for pair in (("PAK", "USA"), ("PAK", "person:wang-yi"), ("USA", "person:wang-yi"))},
    }
    recent = relations_graph(corpus.store, since="2020", min_weight=2)
    edges = event_edges(recent)
    # Since 2020, two events or more: CHN->PAK cooperation (dated 2023-11) and support (2024),
    # USA->CHN talks and accusation, CHN->USA rejection and talks; PAK->CHN has one, USA->PAK one.
    assert {pair: data["events"] for pair, data in edges.items()} == {
        ("CHN", "PAK"): 2,
        ("USA", "CHN"): 2,
        ("CHN", "USA"): 2,
    }
    assert recent.nodes["CHN"]["documents"] == 7
    assert comentions(relations_graph(corpus.store, since="2023", until="2023")) == {
        ("CHN", "PAK"): 1,
        ("CHN", "USA"): 1,
        ("PAK", "USA"): 1,
    }
    assert not relations_graph(corpus.store, comentions=False).has_edge("CHN", "person:wang-yi")


def test_graph_to_json_for_a_web_ui(corpus):
    payload = graph_to_json(relations_graph(corpus.store))
    json.dumps(payload)
    assert payload["directed"] and payload["multigraph"]
    nodes = {node["id"]: node for node in payload["nodes"]}
    assert nodes["USA"]["label"] == "United States"
    link = next(
        link
        for link in payload["links"]
        if (link["source"], link["target"], link["key"]) == ("USA", "CHN", "events")
    )
    assert link["kind"] == "events" and link["weight"] == 4 and link["cooperation"] == -0.5
    assert "type" not in link  # GEXF's edge type stays out of the web JSON
    kinds = {link["kind"] for link in payload["links"]}
    assert kinds == {"events", "comention"}


def test_write_gexf_graphml_json_round_trip(corpus, tmp_path):
    graph = relations_graph(corpus.store)
    graph.nodes["CHN"]["aliases"] = ["PRC", "Beijing"]  # a list must be joined for GEXF
    graph.nodes["PAK"]["note"] = None  # None must be dropped
    gexf = write_graph(graph, tmp_path / "graph.gexf")
    root = ElementTree.parse(gexf).getroot()
    namespace = {"g": root.tag.split("}")[0].strip("{")}
    edge_types = {edge.get("type") for edge in root.iterfind(".//g:edge", namespace)}
    assert edge_types == {None, "undirected"}  # co-mentions undirected for Gephi
    directed_only = nx.read_gexf(write_graph(graph, tmp_path / "plain.gexf", mixed=False))
    assert directed_only.number_of_edges() == graph.number_of_edges()
    assert directed_only.nodes["CHN"]["aliases"] == "PRC; Beijing"
    assert "note" not in directed_only.nodes["PAK"]
    evidence = directed_only.get_edge_data("USA", "CHN")  # dicts are written as JSON text
    assert any("accused China of coercion" in edge.get("evidence", "") for edge in evidence.values())
    graphml = nx.read_graphml(write_graph(graph, tmp_path / "graph.graphml"))
    assert graphml.get_edge_data("USA", "CHN", key="events")["net_cooperation"] == -2
    assert graphml.nodes["person:wang-yi"]["label"] == "Wang Yi"
    loaded = json.loads(write_graph(graph, tmp_path / "graph.out", "json").read_text(encoding="utf-8"))
    assert len(loaded["links"]) == graph.number_of_edges()
    with pytest.raises(ValueError, match="unknown graph format"):
        write_graph(graph, tmp_path / "graph.dot")


def test_exportable_values_are_gexf_safe():
    assert safe_value(None) is None
    assert safe_value(["a", None, "b"]) == "a; b"
    assert safe_value({"x": 1}) == '{"x": 1}'
    assert safe_value(3) == 3 and safe_value(True) is True
    graph = nx.MultiDiGraph(since=None, until="2020")
    graph.add_edge("A", "B", key="events", first=None, tags=("x", "y"))
    copy = exportable(graph)
    assert copy.graph == {"until": "2020"}
    assert copy.get_edge_data("A", "B", key="events") == {"tags": "x; y"}
