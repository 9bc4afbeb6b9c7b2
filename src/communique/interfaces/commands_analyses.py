"""Analysis commands: actor, graph, timeline, trends, track (answers with evidence, not rows).

`register(app)` adds them to the main Typer app. Each prints Rich tables, or JSON with `--json`
(one object for a single answer, JSON Lines for lists), and takes `--db` like every command.
This module keeps its own small helpers so it does not import the CLI module that imports it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from communique.analyses.claim_tracker import track_claims
from communique.analyses.graph import FORMATS, graph_to_json, relations_graph, write_graph
from communique.analyses.profile import UnknownActor, actor_profile
from communique.analyses.timeline import timeline
from communique.analyses.trends import formulation_trends, rising_falling
from communique.kb import load_kb
from communique.store.database import StoreError
from communique.store.store import Store

console = Console()
err_console = Console(stderr=True)

Db = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database file or URL (default ./communique.db, or $COMMUNIQUE_DB).", show_default=False
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
Since = Annotated[str | None, typer.Option("--since", help="From this date on (YYYY[-MM[-DD]]).")]
Until = Annotated[str | None, typer.Option("--until", help="Up to this date, included (YYYY[-MM[-DD]]).")]


def _open(db: str | None) -> Store:
    try:
        return Store.open(db)
    except StoreError as error:
        raise _fail(str(error)) from error


def _fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


def _json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def _cite(citation: dict[str, Any] | None, width: int = 120) -> str:
    """Evidence text with its document id and sentence number, escaped for Rich."""
    if not citation:
        return ""
    text = citation["text"] if len(citation["text"]) <= width else citation["text"][: width - 1] + "…"
    return f"{escape(text)} [cyan]\\[{citation['document']} s{citation['sentence']}][/cyan]"


def _number(value: float | None) -> str:
    """Figures as people write them: 2.2 bn, 770 m, 90."""
    if value is None:
        return "?"
    for scale, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
        if abs(value) >= scale:
            return f"{value / scale:,.4g}{suffix}"
    return f"{value:,.6g}"


def _when(item: dict[str, Any]) -> str:
    if not item.get("when"):
        return "undated"
    return item["when"] if item.get("date_source") == "stated" else f"{item['when']} [dim](pub.)[/dim]"


def actor_command(
    actor_id: Annotated[str, typer.Argument(help="KB id: CHN, PAK, person:wang-yi, org:who ...")],
    db: Db = None,
    since: Since = None,
    until: Until = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Rows per list.")] = 10,
    as_json: AsJson = False,
) -> None:
    """An actor's profile: KB facts, mentions over time, partners, events, formulations, claims."""
    store = _open(db)
    try:
        profile = actor_profile(store, actor_id, since, until, top=top, latest=top)
    except UnknownActor as error:
        matches = load_kb().search(actor_id, limit=5)
        hint = f" (did you mean {', '.join(match.id for match in matches)}?)" if matches else ""
        raise _fail(f"{error}{hint}") from error
    if as_json:
        _json(profile)
        return
    facts = profile["actor"]
    header = Table(show_header=False, box=None)
    for label, value in (
        ("id", facts["id"]),
        ("name", facts["name"]),
        ("type", facts["type"]),
        ("country", facts["country"]),
        ("aliases", ", ".join(facts["aliases"][:6])),
        ("in KB", "yes" if facts["in_kb"] else "no (name as found in the texts)"),
        ("documents", f"{profile['mentions']['documents']:,} ({profile['mentions']['mentions']:,} mentions)"),
        ("first / latest", f"{profile['mentions']['first'] or '?'} / {profile['mentions']['latest'] or '?'}"),
    ):
        if value:
            header.add_row(f"[bold]{label}[/bold]", escape(str(value)))
    console.print(header)
    if facts["roles"]:
        roles = Table(title="Roles")
        for column in ("title", "of", "from", "to"):
            roles.add_column(column)
        for role in facts["roles"]:
            roles.add_row(escape(role["title"]), role["of"] or "", role["start"] or "?", role["end"] or "now")
        console.print(roles)
    years = Table(title="Mentions by year")
    for column in ("year", "documents", "mentions"):
        years.add_column(column, justify="right")
    for year in profile["mentions"]["by_year"]:
        years.add_row(year["period"], str(year["documents"]), str(year["mentions"]))
    console.print(years)
    partners = Table(title="Co-mentioned actors")
    for column in ("actor", "id", "shared documents"):
        partners.add_column(column, justify="right" if column == "shared documents" else "left")
    for other in profile["co_mentioned"]:
        partners.add_row(escape(other["name"]), escape(other["id"]), str(other["documents"]))
    console.print(partners)
    events = Table(title="Events (negated and hypothetical left out)")
    for column in ("as", "type", "quad", "events", "example"):
        events.add_column(column, justify="right" if column in ("quad", "events") else "left")
    for role, answer in profile["events"].items():
        for group in answer["by_type"]:
            example = group["examples"][0] if group["examples"] else None
            events.add_row(
                role,
                group["type"],
                str(group["quad_class"] or ""),
                str(group["events"]),
                _cite(example and example["citation"], 90),
            )
    console.print(events)
    formulations = Table(title="Formulations in the actor's sentences")
    for column in ("formulation", "documents", "latest use"):
        formulations.add_column(column, justify="right" if column == "documents" else "left")
    for item in profile["formulations"]["quoted_with"]:
        formulations.add_row(
            escape(item["name"]),
            str(item["documents"]),
            _cite(item["latest"] and item["latest"]["citation"], 90),
        )
    console.print(formulations)
    if profile["claims"]["latest"]:
        figures = Table(title=f"Claims about it ({profile['claims']['claims']})")
        for column in ("date", "value", "unit", "evidence"):
            figures.add_column(column, justify="right" if column == "value" else "left")
        for item in profile["claims"]["latest"]:
            figures.add_row(
                _when(item), _number(item["value"]), escape(item["unit"] or ""), _cite(item["citation"], 90)
            )
        console.print(figures)
    latest = Table(title="Latest documents")
    for column in ("published", "title", "outlet", "id"):
        latest.add_column(column)
    for document in profile["documents"]:
        latest.add_row(
            document["published"] or "?",
            escape(document["title"] or "(untitled)"),
            escape(document["outlet"] or ""),
            document["id"],
        )
    console.print(latest)


def graph_command(
    db: Db = None,
    since: Since = None,
    until: Until = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="gexf, graphml or json (default: from -o's suffix).")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write the graph to.")] = None,
    min_weight: Annotated[
        int, typer.Option("--min-weight", min=1, help="Least events or shared documents.")
    ] = 1,
    comentions: Annotated[
        bool,
        typer.Option("--comentions/--no-comentions", help="Also co-mention edges (slower on big stores)."),
    ] = True,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Edges listed in the table.")] = 20,
    as_json: AsJson = False,
) -> None:
    """The relations graph: actors, event edges (cooperation/conflict) and co-mentions; export for Gephi."""
    if fmt is not None and fmt.lower() not in FORMATS:
        raise _fail(f"unknown format {fmt!r}: use {', '.join(FORMATS)}", 2)
    graph = relations_graph(_open(db), since, until, min_weight, comentions=comentions)
    if output is not None:
        try:
            path = write_graph(graph, output, fmt)
        except ValueError as error:
            raise _fail(str(error), 2) from error
        nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
        console.print(f"wrote {nodes} actors and {edges} edges to {escape(str(path))}", highlight=False)
        return
    if as_json or (fmt or "").lower() == "json":
        _json(graph_to_json(graph))
        return
    edges = sorted(
        ((u, v, data) for u, v, key, data in graph.edges(keys=True, data=True) if key == "events"),
        key=lambda edge: (-edge[2]["events"], edge[0], edge[1]),
    )
    table = Table(title=f"{graph.number_of_nodes()} actors, {len(edges)} event edges")
    for column in ("source", "target", "events", "q1", "q2", "q3", "q4", "net", "cooperation"):
        table.add_column(column, justify="left" if column in ("source", "target") else "right")
    for source, target, data in edges[:limit]:
        table.add_row(
            escape(graph.nodes[source].get("label", source)),
            escape(graph.nodes[target].get("label", target)),
            str(data["events"]),
            *(str(data[f"quad{quad}"]) for quad in (1, 2, 3, 4)),
            str(data["net_cooperation"]),
            f"{data['cooperation']:+.2f}",
        )
    console.print(table)
    pairs = sorted(
        ((u, v, data) for u, v, key, data in graph.edges(keys=True, data=True) if key == "comention"),
        key=lambda edge: (-edge[2]["documents"], edge[0], edge[1]),
    )
    if pairs:
        shared = Table(title=f"{len(pairs)} co-mention pairs")
        for column in ("actor", "actor ", "shared documents"):
            shared.add_column(column, justify="right" if column == "shared documents" else "left")
        for first, second, data in pairs[:limit]:
            shared.add_row(
                escape(graph.nodes[first].get("label", first)),
                escape(graph.nodes[second].get("label", second)),
                str(data["documents"]),
            )
        console.print(shared)


def timeline_command(
    db: Db = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Source, target or subject (KB id).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type (AGREE, ACCUSE...).")] = None,
    since: Since = None,
    until: Until = None,
    claims: Annotated[bool, typer.Option("--claims/--no-claims", help="Include claimed figures.")] = True,
    newest: Annotated[bool, typer.Option("--newest", help="Newest first.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 50,
    as_json: AsJson = False,
) -> None:
    """Events and claims in the order of the date they refer to (else publication), with evidence."""
    items = timeline(
        _open(db), actor, event_type, since, until, include_claims=claims, limit=limit, newest_first=newest
    )
    if as_json:
        for item in items:
            _json(item)
        return
    if not items:
        console.print("Nothing on this timeline.")
        return
    table = Table(title=f"Timeline ({len(items)} items; (pub.) = placed at the publication date)")
    for column in ("date", "what", "evidence"):
        table.add_column(column)
    for item in items:
        if item["kind"] == "event":
            what = f"{item['source'] or item['source_text'] or '?'} {item['type']} {item['target'] or '-'}"
            if item["modality"] != "asserted":
                what += f" ({item['modality']})"
        else:
            qualifier = f"{item['qualifier']} " if item["qualifier"] else ""
            what = f"{qualifier}{_number(item['value'])} {item['unit'] or ''}"
        table.add_row(_when(item), escape(what), _cite(item["citation"], 100))
    console.print(table)


def trends_command(
    formulation_id: Annotated[
        str | None, typer.Argument(help="Formulation id (default: the most used).")
    ] = None,
    db: Db = None,
    since: Since = None,
    until: Until = None,
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option("--compare", help="Two periods: --compare 2015-2019 2020-2024 (rising and falling)."),
    ] = None,
    min_documents: Annotated[int, typer.Option("--min-documents", min=1)] = 2,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 20,
    as_json: AsJson = False,
) -> None:
    """Formulations over time: per year and outlet, first and latest use, speakers; or rise and fall."""
    store = _open(db)
    if compare:
        try:
            answer = rising_falling(store, compare[0], compare[1], min_documents)
        except ValueError as error:
            raise _fail(str(error), 2) from error
        if as_json:
            _json(answer)
            return
        a, b = answer["period_a"], answer["period_b"]
        table = Table(
            title=f"{a['since']}..{a['until']} ({a['documents']} documents) vs "
            f"{b['since']}..{b['until']} ({b['documents']} documents)"
        )
        for column in ("formulation", "docs A", "share A", "docs B", "share B", "change"):
            table.add_column(column, justify="left" if column == "formulation" else "right")
        for direction in ("rising", "falling"):
            for item in answer[direction][:limit]:
                colour = "green" if direction == "rising" else "red"
                table.add_row(
                    escape(item["name"]),
                    str(item["documents_a"]),
                    f"{item['share_a']:.1%}",
                    str(item["documents_b"]),
                    f"{item['share_b']:.1%}",
                    f"[{colour}]{item['change'] * 100:+.1f} pts[/{colour}]",
                )
        console.print(table)
        return
    answers = formulation_trends(store, formulation_id, since, until, limit=limit)
    if formulation_id and not answers:
        raise _fail(f"no document uses formulation {formulation_id!r} (see `communique formulations`)")
    if as_json:
        for answer in answers:
            _json(answer)
        return
    if formulation_id:
        _print_trend(answers[0])
        return
    table = Table(title="Formulation trends")
    for column in ("formulation", "docs", "by year", "outlets", "first", "latest"):
        table.add_column(column, justify="right" if column == "docs" else "left")
    for answer in answers:
        table.add_row(
            escape(answer["name"]),
            str(answer["documents"]),
            " ".join(f"{year['year']}:{year['documents']}" for year in answer["by_year"]),
            escape(", ".join(item["outlet"] for item in answer["outlets"][:2])),
            answer["first"]["published"] if answer["first"] else "?",
            answer["latest"]["published"] if answer["latest"] else "?",
        )
    console.print(table)


def _print_trend(answer: dict[str, Any]) -> None:
    """One formulation in detail: use per year and outlet, speakers, first and latest use cited."""
    name, chinese = escape(answer["name"]), escape(answer["zh"] or "")
    counts = f"{answer['documents']} documents, {answer['mentions']} mentions"
    console.print(f"[bold]{name}[/bold] {chinese} — {counts}", highlight=False)
    for label in ("first", "latest"):
        use = answer[label]
        if use:
            console.print(
                f"  {label}: {use['published']} {escape(use['outlet'] or '')} {_cite(use['citation'], 60)}"
            )
    for title, rows, key in (
        ("By year", answer["by_year"], "year"),
        ("Outlets", answer["outlets"], "outlet"),
        ("Speakers", answer["speakers"], "name"),
    ):
        if rows:
            table = Table(title=title, title_justify="left")
            table.add_column(key)
            table.add_column("documents", justify="right")
            for row in rows:
                table.add_row(escape(str(row[key])), str(row["documents"]))
            console.print(table)


def track_command(
    db: Db = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="What is counted: masks, doses, yuan ...")
    ] = None,
    about: Annotated[str | None, typer.Option("--about", help="Actor the figures are about (KB id).")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="count, money, percent, change, anniversary.")
    ] = None,
    since: Since = None,
    until: Until = None,
    min_claims: Annotated[int, typer.Option("--min-claims", min=1, help="Smallest group shown.")] = 2,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Groups shown.")] = 10,
    as_json: AsJson = False,
) -> None:
    """The same figure across documents: do sources agree, differ, or update it over time?"""
    groups = track_claims(
        _open(db), unit, about, kind=kind, since=since, until=until, min_claims=min_claims, limit=limit
    )
    if as_json:
        for group in groups:
            _json(group.as_dict())
        return
    if not groups:
        console.print("No figure is claimed often enough to track (try --min-claims 1).")
        return
    colours = {"agree": "green", "updated": "cyan", "differ": "red", "single": "dim"}
    for group in groups:
        verdict = group.status + (f" ({group.direction})" if group.direction else "")
        title = (
            f"{group.unit or '(no unit)'}{' ' + group.currency if group.currency else ''} "
            f"about {group.about_name or 'no one in particular'}: [{colours[group.status]}]{verdict}[/] — "
            f"{group.claims} claims in {group.documents} documents, {group.distinct_values} values, "
            f"{_number(group.min)}..{_number(group.max)}, latest {_number(group.latest)}"
        )
        table = Table(title=title, title_justify="left")
        for column in ("date", "value", "claims", "outlets", "evidence"):
            table.add_column(column, justify="right" if column in ("value", "claims") else "left")
        for point in group.points:
            table.add_row(
                _when({"when": point.when, "date_source": point.date_source}),
                _number(point.value),
                str(point.claims),
                escape(", ".join(point.outlets)),
                _cite(point.citations[0]["citation"] if point.citations else None, 80),
            )
        console.print(table)
        for conflict in group.conflicts:
            console.print(f"  [red]conflict[/red] {escape(conflict['reason'])}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the analysis commands to a Typer app (the main CLI calls this once)."""
    app.command("actor")(actor_command)
    app.command("graph")(graph_command)
    app.command("timeline")(timeline_command)
    app.command("trends")(trends_command)
    app.command("track")(track_command)
