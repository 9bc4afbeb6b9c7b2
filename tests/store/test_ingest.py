import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from communique.sources import ReadOptions
from communique.store.ingest import IngestOptions, ingest

PARAGRAPH = (
    "The foreign ministers of {a} and {b} met on {day} and agreed to deepen cooperation on trade, "
    "energy and connectivity. They signed {n} agreements and pledged to hold regular strategic dialogues, "
    "officials said after talks that lasted {n} hours in the capital."
)
COUNTRIES = [
    "Kenya",
    "Chile",
    "Nepal",
    "Ghana",
    "Peru",
    "Laos",
    "Oman",
    "Fiji",
    "Mali",
    "Cuba",
    "Iraq",
    "Chad",
]


def write_corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        a, b = COUNTRIES[n % len(COUNTRIES)], COUNTRIES[(n * 7 + 3) % len(COUNTRIES)]
        text = (
            "\n\n".join(PARAGRAPH.format(a=a, b=b, day=f"day {n}-{k}", n=n * 10 + k) for k in range(3))
            + f"\n\nReference number {n} closes this statement."
        )
        path = folder / f"statement_{n:05d}.txt"
        path.write_text(f"Talks between {a} and {b}, round {n}\n\n{text}\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_ingest_counts_duplicates_and_failures(store, tmp_path):
    paths = write_corpus(tmp_path / "docs", 5)
    (tmp_path / "docs" / "copy_of_first.txt").write_bytes(paths[0].read_bytes())
    (tmp_path / "docs" / "empty.txt").write_text("", encoding="utf-8")
    items = sorted(str(p) for p in (tmp_path / "docs").iterdir())
    summary = ingest(store, items + [str(tmp_path / "missing.txt")])
    assert summary.counts["ingested"] == 5
    assert summary.counts["duplicate"] == 1
    assert summary.counts["failed"] == 2
    assert summary.exit_code == 1
    reasons = {Path(e["origin"]).name: e["reason"] for e in store.errors(summary.run_id)}
    assert "empty" in reasons["empty.txt"]
    assert "no such file" in reasons["missing.txt"]
    again = ingest(store, items)
    assert again.counts["duplicate"] == 6 and again.counts["ingested"] == 0
    assert store.stats().documents == 5


def test_parallel_workers_give_the_same_store(store, tmp_path):
    paths = write_corpus(tmp_path / "docs", 12)
    summary = ingest(store, [str(p) for p in paths], IngestOptions(read=ReadOptions(), workers=2))
    assert summary.counts["ingested"] == 12
    assert store.stats().documents == 12


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_kill_mid_ingest_loses_nothing_committed_and_rerun_resumes(tmp_path):
    folder = tmp_path / "docs"
    write_corpus(folder, 1500)
    db = tmp_path / "kill.db"
    command = [sys.executable, "-m", "communique", "ingest", str(folder), "--db", str(db), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(db) < 50 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    before = _count(db)
    assert 0 < before < 1500
    with sqlite3.connect(db) as connection:
        # every committed document is whole: indexed for search, with its bands and origin
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        fts = connection.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
        origins = connection.execute("SELECT count(DISTINCT document_id) FROM document_origins").fetchone()[0]
        banded = connection.execute("SELECT count(DISTINCT document_id) FROM minhash_bands").fetchone()[0]
    assert fts == origins == banded == before
    rerun = subprocess.run([*command[:-1], "--quiet"], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"duplicates {before}" in rerun.stdout
    assert _count(db) == 1500


def test_extract_contract_is_valid_json_schema(tmp_path):
    import jsonschema

    from communique.interfaces.cli import app  # noqa: F401 - import must work without a database

    schema = json.loads(
        (Path(__file__).resolve().parents[2] / "src/communique/schema/extraction.schema.json").read_text()
    )
    paths = write_corpus(tmp_path / "docs", 2)
    result = subprocess.run(
        [sys.executable, "-m", "communique", "extract", *map(str, paths)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    for line in lines:
        jsonschema.validate(line, schema)
    assert not (tmp_path / "communique.db").exists()


def test_every_kind_of_bad_input_gets_its_line_and_the_batch_goes_on(store, tmp_path):
    import zipfile

    from pypdf import PdfWriter

    good = tmp_path / "good.txt"
    good.write_text(
        "The two foreign ministers agreed to strengthen consultation on regional security issues.\n"
    )
    bad = {
        "empty.txt": b"",
        "junk.txt": bytes(range(256)) * 40,
        "not-a-pdf.pdf": b"this is plain text pretending to be a PDF file",
        "truncated.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >>",
        "bad.jsonl": b'{"text": "A valid record about trade talks between the two countries."}\n{not json}\n',
        "no-text.csv": b"headline,outlet\nTalks held,Daily\n",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret-password")
    with (tmp_path / "encrypted.pdf").open("wb") as handle:
        writer.write(handle)
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", "a" * 3_000_000)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"word " * 400_000)
    items = [
        str(good),
        *(str(tmp_path / n) for n in bad),
        str(tmp_path / "encrypted.pdf"),
        str(tmp_path / "bomb.zip"),
        str(huge),
        str(tmp_path / "missing.txt"),
        "http://127.0.0.1:9/unreachable",
    ]
    options = IngestOptions(read=ReadOptions(max_bytes=1_000_000, archive_max_bytes=1_000_000))
    summary = ingest(store, items, options)
    reasons = {
        Path(e["origin"].split("#")[0].split("!")[0]).name: e["reason"] for e in store.errors(summary.run_id)
    }
    assert summary.counts["ingested"] == 2  # good.txt and the valid jsonl record
    for name in (
        "empty.txt",
        "junk.txt",
        "not-a-pdf.pdf",
        "truncated.pdf",
        "bad.jsonl",
        "no-text.csv",
        "encrypted.pdf",
        "bomb.zip",
        "huge.txt",
        "missing.txt",
        "unreachable",
    ):
        assert name in reasons, f"{name} has no error line: {reasons}"
        assert "\n" not in reasons[name]
    assert summary.exit_code == 1


def test_shared_corpus_ingests_clean(store, shared_corpus):
    summary = ingest(store, sorted(str(p) for p in shared_corpus.glob("*.txt")))
    assert summary.counts["failed"] == 0
    documents = {Path(d["origin_path"]).name[:3]: d for d in store.iter_documents()}
    assert documents["000"]["published"] == "2023-03-14"
    assert any("Khalid Taimur Akram" in author for author in documents["000"]["authors"])
    assert documents["004"]["published"] == "2024-01-08"
    for document in documents.values():
        for debris in ("Guangming Online>", "[ Editor:", "By Mr."):
            assert debris not in document["text"]
    text = documents["000"]["text"]
    for start, end in documents["000"]["paragraphs"]:
        paragraph = text[start:end]
        if len(paragraph) > 80:
            assert paragraph.rstrip()[-1] in '.!?”")', paragraph[-60:]
