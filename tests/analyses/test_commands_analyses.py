"""The analysis commands on a Typer app of their own: tables for people, JSON for programs."""

import json

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from communique.interfaces.commands_analyses import register

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def invoke(app: typer.Typer, *args: str):
    return runner.invoke(app, list(args))


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_register_adds_the_five_commands(app):
    names = {command.name for command in app.registered_commands}
    assert names == {"actor", "graph", "timeline", "trends", "track"}


def test_actor_command(app, corpus):
    result = invoke(app, "actor", "PAK", "--db", corpus.db, "--json")
    assert result.exit_code == 0, result.output
    profile = json.loads(result.output)
    assert profile["actor"]["name"] == "Pakistan" and profile["mentions"]["documents"] == 8
    assert profile["co_mentioned"][0]["id"] == "CHN"
    table = invoke(app, "actor", "person:wang-yi", "--db", corpus.db, "--since", "2018")
    assert table.exit_code == 0, table.output
    assert "Minister of Foreign Affairs" in table.output and "REJECT" in table.output
    assert corpus.ids["k24x"] in table.output
    missing = invoke(app, "actor", "Pakistn", "--db", corpus.db)
    assert missing.exit_code == 1 and "no KB entry" in missing.output


def test_graph_command(app, corpus, tmp_path):
    result = invoke(app, "graph", "--db", corpus.db, "--json", "--since", "2020")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    links = {(link["source"], link["target"], link["key"]): link for link in payload["links"]}
    assert links[("CHN", "PAK", "events")]["events"] == 2
    out = tmp_path / "actors.graphml"
    written = invoke(app, "graph", "--db", corpus.db, "-o", str(out), "--min-weight", "3")
    assert written.exit_code == 0 and "4 actors" in written.output
    graph = nx.read_graphml(out)
    assert graph.get_edge_data("USA", "CHN", key="events")["cooperation"] == -0.5
    gexf = tmp_path / "actors.xml"
    assert invoke(app, "graph", "--db", corpus.db, "-o", str(gexf), "--format", "gexf").exit_code == 0
    assert gexf.read_text(encoding="utf-8").startswith("<?xml")
    table = invoke(app, "graph", "--db", corpus.db)
    assert table.exit_code == 0 and "Pakistan" in table.output and "-0.50" in table.output
    assert invoke(app, "graph", "--db", corpus.db, "--format", "dot").exit_code == 2


def test_timeline_command(app, corpus):
    result = invoke(app, "timeline", "--db", corpus.db, "--actor", "CHN", "--since", "2023", "--json")
    assert result.exit_code == 0, result.output
    items = lines(result.output)
    assert [(item["when"], item["type"]) for item in items] == [
        ("2023-11", "COOPERATE"),
        ("2024-01-12", "SUPPORT"),
        ("2024-06-03", "ACCUSE"),
    ]
    typed = lines(invoke(app, "timeline", "--db", corpus.db, "--type", "sanction", "--json").output)
    assert [(item["when"], item["date_source"]) for item in typed] == [("2019-05-15", "stated")]
    table = invoke(app, "timeline", "--db", corpus.db, "--since", "2023", "--until", "2023")
    assert table.exit_code == 0 and "COOPERATE" in table.output and "2023-11" in table.output
    empty = invoke(app, "timeline", "--db", corpus.db, "--since", "2030")
    assert empty.exit_code == 0 and "Nothing" in empty.output


def test_trends_command(app, corpus):
    result = invoke(app, "trends", "win-win-cooperation", "--db", corpus.db, "--json")
    assert result.exit_code == 0, result.output
    [answer] = lines(result.output)
    assert answer["documents"] == 4 and answer["latest"]["published"] == "2019-05-20"
    compare = invoke(app, "trends", "--db", corpus.db, "--compare", "2015-2019", "2020-2024", "--json")
    assert compare.exit_code == 0, compare.output
    payload = json.loads(compare.output)
    assert payload["rising"][0]["id"] == "true-multilateralism"
    assert [item["id"] for item in payload["falling"]] == [
        "win-win-cooperation",
        "community-with-a-shared-future",
    ]
    table = invoke(app, "trends", "--db", corpus.db, "--compare", "2015-2019", "2020-2024")
    assert table.exit_code == 0 and "+71.4 pts" in table.output and "-80.0 pts" in table.output
    listing = invoke(app, "trends", "--db", corpus.db)
    assert (
        listing.exit_code == 0 and "2019-05-20" in listing.output and "Formulation trends" in listing.output
    )
    detail = invoke(app, "trends", "true-multilateralism", "--db", corpus.db)
    assert detail.exit_code == 0 and "Wang Yi" in detail.output and corpus.ids["k20x"] in detail.output
    assert invoke(app, "trends", "no-such-formulation", "--db", corpus.db).exit_code == 1
    assert invoke(app, "trends", "--db", corpus.db, "--compare", "recently", "2020").exit_code == 2


def test_track_command(app, corpus):
    result = invoke(app, "track", "--db", corpus.db, "--json")
    assert result.exit_code == 0, result.output
    groups = {group["unit"]: group for group in lines(result.output)}
    assert {unit: group["status"] for unit, group in groups.items()} == {
        "dose of vaccine": "updated",
        "project": "differ",
        "mask": "agree",
    }
    masks = lines(
        invoke(app, "track", "--db", corpus.db, "--unit", "MASKS", "--about", "CHN", "--json").output
    )
    assert [point["value"] for point in masks[0]["points"]] == [2e11, 2.01e11]
    table = invoke(app, "track", "--db", corpus.db, "--about", "PAK")
    assert table.exit_code == 0 and "differ" in table.output and "goes down after going up" in table.output
    none = invoke(app, "track", "--db", corpus.db, "--unit", "tanks")
    assert none.exit_code == 0 and "No figure" in none.output
