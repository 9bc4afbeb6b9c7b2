from __future__ import annotations

import codecs
import json
import time

import pytest

from communique.sources.base import Origin, RawDocument, ReadFailure
from communique.sources.records import read_csv, read_json, read_jsonl

from .builders import CHINESE, STATEMENT, STATEMENT_TWO

JSONL = Origin(path="briefings.jsonl")
JSON = Origin(path="briefings.json")
CSV = Origin(path="briefings.csv")


def labels(items: list[RawDocument | ReadFailure]) -> list[str]:
    return [item.origin.label() for item in items]


def jsonl(*lines: object) -> bytes:
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines).encode()


def test_jsonl_maps_fields_and_numbers_records_by_line() -> None:
    data = jsonl(
        {
            "id": 17,
            "text": STATEMENT,
            "title": "Daily briefing",
            "date": "14 March 2023",
            "url": "https://mfa.example.org/b/17",
            "author": "Li Wei; Anna Berg",
            "language": "en",
            "source": "MFA",
        },
        "",
        {"body": STATEMENT_TWO, "authors": ["Wang Tao", "Maria Silva"], "published": "2023-03-15"},
    )
    first, second = read_jsonl(data, JSONL, {})
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.kind, first.text, first.origin.record) == ("record", STATEMENT, 1)
    assert first.meta == {
        "id": "17",
        "title": "Daily briefing",
        "published": "14 March 2023",
        "url": "https://mfa.example.org/b/17",
        "authors": ["Li Wei", "Anna Berg"],
        "language": "en",
        "source": "MFA",
    }
    assert (second.text, second.origin.record) == (STATEMENT_TWO, 3)
    assert second.meta == {"published": "2023-03-15", "authors": ["Wang Tao", "Maria Silva"]}


def test_invalid_json_line_fails_alone_and_reading_continues() -> None:
    data = jsonl({"text": STATEMENT}, '{"text": "unterminated', {"text": STATEMENT_TWO}, "[1, 2]")
    items = list(read_jsonl(data, JSONL, {}))
    assert labels(items) == [f"briefings.jsonl#{n}" for n in (1, 2, 3, 4)]
    assert [type(item) for item in items] == [RawDocument, ReadFailure, RawDocument, ReadFailure]
    assert items[1].message().startswith("briefings.jsonl#2: invalid JSON: ")
    assert items[3].reason == "expected a JSON object, got list"


def test_record_with_empty_or_missing_text_fails_for_that_record() -> None:
    items = list(read_jsonl(jsonl({"text": "  "}, {"title": "No body"}, {"text": 42}), JSONL, {}))
    assert all(isinstance(item, ReadFailure) for item in items)
    assert items[0].reason.startswith("record has no text")
    assert "--field text=" in items[1].reason
    assert items[2].reason == "field 'text' holds int, not text"


def test_field_map_chooses_the_text_column_and_keeps_html_as_is() -> None:
    html = f"<p>{STATEMENT}</p>"
    data = jsonl({"text": "teaser", "body_html": html, "headline": "Statement"})
    [doc] = read_jsonl(data, JSONL, {"text": "body_html", "title": "headline"})
    assert isinstance(doc, RawDocument)
    assert doc.text == html
    assert doc.meta == {"title": "Statement"}


def test_unknown_field_in_field_map_fails_once() -> None:
    items = list(read_jsonl(jsonl({"text": STATEMENT}), JSONL, {"sentiment": "tone"}))
    assert len(items) == 1
    assert isinstance(items[0], ReadFailure)
    assert items[0].reason.startswith("unknown field 'sentiment' in --field")


@pytest.mark.parametrize("key", ["documents", "items", "records", "data"])
def test_json_object_holding_a_list_of_records(key: str) -> None:
    data = json.dumps({"meta": {"count": 2}, key: [{"text": STATEMENT}, {"content": CHINESE}]}).encode()
    items = list(read_json(data, JSON, {}))
    assert [item.text for item in items if isinstance(item, RawDocument)] == [STATEMENT, CHINESE]
    assert labels(items) == ["briefings.json#1", "briefings.json#2"]


def test_json_array_and_single_object() -> None:
    [doc] = read_json(json.dumps([{"text": STATEMENT, "title": "A"}]).encode(), JSON, {})
    assert isinstance(doc, RawDocument) and doc.meta == {"title": "A"}
    [single] = read_json(json.dumps({"text": STATEMENT}).encode(), JSON, {})
    assert isinstance(single, RawDocument) and single.origin.record == 1


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b'{"documents": [', "invalid JSON: "),
        (b'{"count": 3}', "no records found"),
        (b'"just a string"', "no records found"),
        (b"", "empty file"),
    ],
)
def test_json_without_records_fails(data: bytes, start: str) -> None:
    [failure] = read_json(data, JSON, {})
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith(start)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_found_from_the_header(delimiter: str) -> None:
    rows = [["Title", "Text", "Date"], ["Briefing, 14 March", STATEMENT, "2023-03-14"], ["Note", CHINESE, ""]]
    data = "\n".join(delimiter.join(f'"{cell}"' for cell in row) for row in rows).encode()
    first, second = read_csv(data, CSV, {})
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.text == STATEMENT
    assert first.meta == {"title": "Briefing, 14 March", "published": "2023-03-14"}
    assert (second.text, second.meta, second.origin.record) == (CHINESE, {"title": "Note"}, 2)


def test_csv_with_bom_multiline_fields_and_blank_lines() -> None:
    data = codecs.BOM_UTF8 + f'id,text\n1,"{STATEMENT}\n\n{STATEMENT_TWO}"\n\n2,{CHINESE}\n'.encode()
    items = list(read_csv(data, CSV, {}))
    assert [(i.meta["id"], i.text) for i in items if isinstance(i, RawDocument)] == [
        ("1", f"{STATEMENT}\n\n{STATEMENT_TWO}"),
        ("2", CHINESE),
    ]
    assert labels(items) == ["briefings.csv#1", "briefings.csv#2"]


def test_csv_in_cp1252_is_decoded() -> None:
    data = "text,source\nThe minister’s visit to Genève,Le Monde\n".encode("cp1252")
    [doc] = read_csv(data, CSV, {})
    assert isinstance(doc, RawDocument)
    assert doc.text == "The minister’s visit to Genève"


def test_csv_field_larger_than_csv_module_default_limit() -> None:
    long_text = STATEMENT * 1500  # ~200 KB, past the csv module's 128 KB default
    [doc] = read_csv(f'text\n"{long_text}"\n'.encode(), CSV, {})
    assert isinstance(doc, RawDocument) and doc.text == long_text


def test_csv_without_text_column_fails_once_naming_columns() -> None:
    data = b"id,headline,summary\n1,Talks resume,Both sides met\n2,Visit,The minister travelled\n"
    items = list(read_csv(data, CSV, {}))
    assert items == [
        ReadFailure(
            CSV, "no text column (columns found: id, headline, summary); name one with --field text=COLUMN"
        )
    ]
    [doc, _] = read_csv(data, CSV, {"text": "summary"})
    assert isinstance(doc, RawDocument) and doc.text == "Both sides met"


def test_csv_field_map_naming_a_missing_column_fails() -> None:
    [failure] = read_csv(b"id,text\n1,hello\n", CSV, {"text": "body_html"})
    assert failure == ReadFailure(CSV, "no column 'body_html' (columns found: id, text)")


def test_jsonl_reads_well_over_1000_records_per_second() -> None:
    record = {"id": 0, "text": STATEMENT, "title": "Briefing", "date": "2023-03-14", "author": "Li Wei"}
    data = "\n".join(json.dumps({**record, "id": n}) for n in range(20_000)).encode()
    start = time.perf_counter()
    count = sum(isinstance(item, RawDocument) for item in read_jsonl(data, JSONL, {}))
    rate = count / (time.perf_counter() - start)
    assert count == 20_000
    assert rate >= 1000, f"{rate:.0f} records/s"
