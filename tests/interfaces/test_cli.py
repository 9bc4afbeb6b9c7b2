import json

from typer.testing import CliRunner

from communique.interfaces.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def ingest_sample(db: str, sample_dir) -> None:
    result = invoke("ingest", str(sample_dir), "--db", db, "--quiet")
    assert result.exit_code == 1, result.output  # the sample ships one broken file on purpose
    assert "failed 1" in result.output


def test_ingest_search_show_stats_errors_export(tmp_path, sample_dir):
    db = str(tmp_path / "cli.db")
    ingest_sample(db, sample_dir)

    result = invoke("search", '"shared future"', "--db", db, "--json")
    assert result.exit_code == 0
    hits = [json.loads(line) for line in result.output.splitlines()]
    assert hits and all("<mark>" in hit["snippet"] for hit in hits)
    citation = hits[0]["citation"]
    assert citation["document"] == hits[0]["id"] and citation["paragraph"] >= 0

    result = invoke("search", "corridor", "--db", db, "--since", "2019", "--until", "2019-12-31", "--json")
    assert {json.loads(line)["published"][:4] for line in result.output.splitlines()} == {"2019"}

    doc_id = hits[0]["id"]
    shown = json.loads(invoke("show", doc_id[:8], "--db", db, "--json", "--raw").output)
    assert shown["id"] == doc_id and shown["raw_text"] and shown["origins"]
    assert "¶0" in invoke("show", doc_id, "--db", db).output

    stats = json.loads(invoke("stats", "--db", db, "--json").output)
    assert stats["documents"] >= 15 and stats["near_duplicates"] >= 1
    assert invoke("db", "totals", "--db", db).exit_code == 0
    assert json.loads(invoke("stats", "--db", db, "--json").output) == stats

    errors = [json.loads(line) for line in invoke("errors", "--db", db, "--json").output.splitlines()]
    assert [e["origin"].rsplit("/", 1)[-1] for e in errors] == ["broken.pdf"]

    exported = invoke("export", "--db", db, "--format", "jsonl").output.splitlines()
    assert len(exported) == stats["documents"]
    out = tmp_path / "docs.csv"
    assert invoke("export", "--db", db, "--format", "csv", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("id,title,published")


def test_reingest_is_a_no_op_reporting_duplicates(tmp_path, sample_dir):
    db = str(tmp_path / "cli.db")
    ingest_sample(db, sample_dir)
    result = invoke("ingest", str(sample_dir), "--db", db, "--quiet")
    assert "ingested 0," in result.output and "failed 1" in result.output


def test_usage_errors_exit_2(tmp_path):
    db = str(tmp_path / "cli.db")
    assert invoke("search", '"unbalanced', "--db", db).exit_code == 2
    assert invoke("export", "--db", db, "--format", "xml").exit_code == 2
    assert invoke("ingest", "x.txt", "--field", "nonsense", "--db", db).exit_code == 2
    assert invoke("show", "ffffffffffffffff", "--db", db).exit_code == 1


def test_all_good_inputs_exit_0(tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("The two foreign ministers agreed to strengthen consultation on regional security.\n")
    assert invoke("ingest", str(doc), "--db", str(tmp_path / "ok.db"), "--quiet").exit_code == 0


def test_annotate_then_search_by_actor_formulations_and_candidates(tmp_path, sample_dir):
    db = str(tmp_path / "cli.db")
    ingest_sample(db, sample_dir)
    result = invoke("annotate", "--db", db, "--quiet")
    assert result.exit_code == 0 and "annotated" in result.output
    assert "already annotated" in invoke("annotate", "--db", db).output

    hits = [
        json.loads(line)
        for line in invoke("search", "--actor", "PAK", "--db", db, "--json").output.splitlines()
    ]
    assert hits and all("<mark>" in hit["snippet"] for hit in hits)
    narrowed = invoke("search", "flood", "--actor", "PAK", "--db", db, "--json").output.splitlines()
    assert 0 < len(narrowed) <= len(hits)

    rows = [json.loads(line) for line in invoke("formulations", "--db", db, "--json").output.splitlines()]
    assert rows and rows[0]["documents"] >= rows[-1]["documents"]
    shared = next(row for row in rows if row["formulation_id"] == "community-with-a-shared-future")
    assert shared["documents"] >= 2

    candidates = [
        json.loads(line) for line in invoke("kb", "candidates", "--db", db, "--json").output.splitlines()
    ]
    assert candidates and all(row["entity_name"] for row in candidates)

    doc_id = hits[0]["id"]
    shown = json.loads(invoke("show", doc_id, "--db", db, "--json").output)
    assert shown["schema_version"] == "3.0" and any(e["id"] == "PAK" for e in shown["entities"])


def test_kb_commands():
    result = invoke("kb", "check")
    assert result.exit_code == 0 and "ok" in result.output
    assert json.loads(invoke("kb", "show", "PAK").output)["iso2"] == "PK"
    assert "did you mean" in invoke("kb", "show", "Pakistan").output
    assert "person:wang-yi" in invoke("kb", "search", "Wang Yi").output
