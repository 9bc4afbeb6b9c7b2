"""Build the dev gold set for entity linking and formulations.

Reads the hand-annotated source files ``source/part*.txt`` (inline markup, described below; the
parts are read in natural order and concatenated) and writes ``linking.jsonl`` beside this script,
one JSON object per document:

    {"id", "published", "text",
     "entities":     [{"start", "end", "text", "id", "type", "role"}],
     "formulations": [{"start", "end", "text", "id"}]}

with ``start``/``end`` as Python string offsets into ``text`` (the markup-free text).

Markup of ``source/part*.txt``
------------------------------
* ``=== <doc-id> | <YYYY-MM-DD> ===`` starts a document; the lines up to the next header are its
  body (leading and trailing blank lines dropped, inner line breaks kept). Lines starting with
  ``#`` before the first header are comments.
* ``[surface](ID)``: a mention of a KB entry. ``ID`` is a KB id (``CHN``, ``org:who``,
  ``person:wang-yi``, ...); ``ID@place`` marks a location use ("a summit in [Kenya](KEN@place)").
* ``[surface](?TYPE)``: a named entity the KB does not hold; TYPE is one of PERSON, ORG, COUNTRY,
  INITIATIVE, REGION, GROUPING, PLACE, OTHER; ``?TYPE@place`` for a location use.
* ``{surface}(formulation-id)``: an official formulation; entity markup may be nested inside, and
  formulation markup may be nested inside entity markup (a KB name containing a formulation).

``type`` of a linked mention is the KB entry's type; ``role`` is ``place`` for ``@place`` mentions
and for KB entries of type PLACE, else ``actor``.

Usage::

    python tests/gold/build_gold.py            # validate and write linking.jsonl, print counts
    python tests/gold/build_gold.py --audit    # also list KB surface forms and formulation forms
                                               # found in the text but not annotated (misses or
                                               # deliberate collision words / near-misses)

Any unknown id, malformed markup, span mismatch or out-of-range document fails loudly (exit 1).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
KB_DIR = ROOT / "src" / "communique" / "kb"
SOURCE_DIR = HERE / "source"
OUTPUT = HERE / "linking.jsonl"

UNLINKED_TYPES = ("PERSON", "ORG", "COUNTRY", "INITIATIVE", "REGION", "GROUPING", "PLACE", "OTHER")
DEFAULT_TYPE = {"countries": "COUNTRY", "people": "PERSON", "places": "PLACE"}
HEADER = re.compile(r"^=== (?P<id>[a-z0-9][a-z0-9-]*) \| (?P<date>\d{4}-\d{2}-\d{2}) ===$")
TARGET = re.compile(
    r"^(?P<id>[A-Z]{3}|(?:org|initiative|person|region|group|place):[a-z0-9][a-z0-9-]*"
    r"|\?(?:" + "|".join(UNLINKED_TYPES) + r"))(?P<place>@place)?$"
)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")
MIN_YEAR, MAX_YEAR = 2001, 2025
MIN_WORDS, MAX_WORDS = 40, 180
MIN_SENTENCES, MAX_SENTENCES = 2, 6


class GoldError(Exception):
    pass


# ---------------------------------------------------------------------------------------- KB


def load_kb(kb_dir: Path = KB_DIR) -> tuple[dict[str, dict], dict[str, dict]]:
    """(entries by id, formulations by id) from the KB's YAML files."""
    entries: dict[str, dict] = {}
    formulations: dict[str, dict] = {}
    for path in sorted(kb_dir.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            content = yaml.safe_load(handle) or {}
        kind = content.get("kind", path.stem)
        for raw in content.get("entries") or []:
            if not isinstance(raw, dict) or "id" not in raw:
                continue
            if kind == "formulations":
                formulations[str(raw["id"])] = raw
            elif kind in ("partnership_levels", "linking"):
                continue
            else:
                raw = dict(raw)
                raw["type"] = raw.get("type") or DEFAULT_TYPE.get(kind, "")
                entries[str(raw["id"])] = raw
    if not entries or not formulations:
        raise GoldError(f"no KB found in {kb_dir}")
    return entries, formulations


# ---------------------------------------------------------------------------------------- markup


def _entity_close(src: str, i: int, doc: str) -> int:
    """Index of the ``](`` closing the entity markup opened at ``src[i] == "["``, skipping nested
    formulation markup (``[... {surface}(slug) ...](ID)``)."""
    j = i + 1
    while j < len(src):
        if src.startswith("](", j):
            return j
        if src[j] == "{":
            mid = src.find("}(", j)
            end = src.find(")", mid + 2) if mid >= 0 else -1
            if mid < 0 or end < 0:
                raise GoldError(f"{doc}: unclosed formulation markup at {src[j : j + 40]!r}")
            j = end + 1
            continue
        if src[j] in "[\n":
            break
        j += 1
    raise GoldError(f"{doc}: unclosed entity markup at {src[i : i + 40]!r}")


def _parse(src: str, base: int, doc: str, allow_formulations: bool = True, allow_entities: bool = True):
    """Strip markup from `src`: (plain text, entity spans, formulation spans), offsets from `base`.

    An entity may contain formulation markup (a KB name that includes an official formulation) and
    a formulation may contain entity markup, one level deep.
    """
    out: list[str] = []
    entities: list[dict] = []
    formulations: list[dict] = []
    length = 0
    i = 0
    while i < len(src):
        char = src[i]
        if char == "[":
            if not allow_entities:
                raise GoldError(f"{doc}: nested entity markup at {src[i : i + 40]!r}")
            mid = _entity_close(src, i, doc)
            end = src.find(")", mid + 2)
            if end < 0:
                raise GoldError(f"{doc}: unclosed entity markup at {src[i : i + 40]!r}")
            raw, target = src[i + 1 : mid], src[mid + 2 : end]
            if "{" in raw:
                if not allow_formulations:
                    raise GoldError(f"{doc}: formulation nested two levels deep at {src[i : i + 40]!r}")
                surface, _, inner_forms = _parse(
                    raw, base + length, doc, allow_formulations=True, allow_entities=False
                )
                formulations.extend(inner_forms)
            else:
                surface = raw
            if any(c in surface for c in "[]{}()\n"):
                raise GoldError(f"{doc}: bad entity surface {surface!r}")
            match = TARGET.match(target)
            if not match:
                raise GoldError(f"{doc}: bad entity target {target!r} for {surface!r}")
            entities.append(
                {
                    "start": base + length,
                    "end": base + length + len(surface),
                    "text": surface,
                    "target": match.group("id"),
                    "place": bool(match.group("place")),
                }
            )
            out.append(surface)
            length += len(surface)
            i = end + 1
        elif char == "{":
            if not allow_formulations:
                raise GoldError(f"{doc}: nested formulation markup at {src[i : i + 40]!r}")
            mid = src.find("}(", i)
            end = src.find(")", mid + 2) if mid >= 0 else -1
            if mid < 0 or end < 0:
                raise GoldError(f"{doc}: unclosed formulation markup at {src[i : i + 40]!r}")
            inner, slug = src[i + 1 : mid], src[mid + 2 : end]
            if not SLUG.match(slug):
                raise GoldError(f"{doc}: bad formulation id {slug!r}")
            plain, inner_entities, _ = _parse(
                inner, base + length, doc, allow_formulations=False, allow_entities=allow_entities
            )
            formulations.append(
                {"start": base + length, "end": base + length + len(plain), "text": plain, "target": slug}
            )
            entities.extend(inner_entities)
            out.append(plain)
            length += len(plain)
            i = end + 1
        elif char in "]}":
            raise GoldError(f"{doc}: stray {char!r} at {src[max(0, i - 30) : i + 10]!r}")
        else:
            out.append(char)
            length += 1
            i += 1
    return "".join(out), entities, formulations


def source_files(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """``part*.txt`` in natural order (part2 before part10)."""

    def key(path: Path):
        return [int(tok) if tok.isdigit() else tok for tok in re.split(r"(\d+)", path.name)]

    return sorted(source_dir.glob("part*.txt"), key=key)


def read_source(paths: list[Path] | None = None) -> list[dict]:
    paths = source_files() if paths is None else paths
    if not paths:
        raise GoldError(f"no source files {SOURCE_DIR}/part*.txt")
    docs: list[dict] = []
    for path in paths:
        current: dict | None = None
        where = path.name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            header = HEADER.match(line)
            if header:
                current = {
                    "id": header.group("id"),
                    "published": header.group("date"),
                    "lines": [],
                    "line": f"{where}:{number}",
                }
                docs.append(current)
            elif line.startswith("==="):
                raise GoldError(f"{where}:{number}: malformed document header {line!r}")
            elif current is None:
                if line.strip() and not line.startswith("#"):
                    raise GoldError(f"{where}:{number}: text before the first document header")
            else:
                current["lines"].append(line)
    return docs


# ---------------------------------------------------------------------------------------- checks


def count_words(text: str) -> float:
    """Latin words plus CJK characters / 2 (a rough word count for Chinese)."""
    return len(LATIN_WORD.findall(text)) + len(CJK.findall(text)) / 2


ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.N|U\.K|Mr|Mrs|Ms|Dr|St|Jr|No|Gen|Lt|Col|Prof|v|vs|e\.g|i\.e)\.)$"
)


def count_sentences(text: str) -> int:
    count = 0
    for match in re.finditer(r"[.!?]+[\"”’)]?(?=\s|$)|[。！？]+[”’」）]?", text):
        before = text[: match.start() + 1]
        if match.group().startswith(".") and ABBREVIATIONS.search(before):
            nxt = text[match.end() :].lstrip()
            if nxt and not nxt[0].isupper():
                continue
            if nxt and nxt[0].isupper() and re.search(r"\b(?:U\.S|U\.N|U\.K)\.$", before):
                # "the U.S. Navy": an abbreviation followed by a capitalised word is mid-sentence
                continue
        count += 1
    return count


def build(audit: bool = False) -> list[dict]:
    entries, formulations = load_kb()
    docs = read_source()
    if not docs:
        raise GoldError("no documents")
    seen: set[str] = set()
    records = []
    for doc in docs:
        name = doc["id"]
        if name in seen:
            raise GoldError(f"{name}: duplicate document id")
        seen.add(name)
        try:
            date.fromisoformat(doc["published"])
        except ValueError:
            raise GoldError(f"{name}: invalid published date {doc['published']!r}") from None
        year = int(doc["published"][:4])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise GoldError(f"{name}: published {doc['published']} outside {MIN_YEAR}-{MAX_YEAR}")
        body = "\n".join(doc["lines"]).strip("\n")
        text, raw_entities, raw_forms = _parse(body, 0, name)
        if text != text.strip():
            raise GoldError(f"{name}: text has leading or trailing whitespace")
        words = count_words(text)
        if not MIN_WORDS <= words <= MAX_WORDS:
            raise GoldError(f"{name}: {words:.0f} words, outside {MIN_WORDS}-{MAX_WORDS}")
        sentences = count_sentences(text)
        if not MIN_SENTENCES <= sentences <= MAX_SENTENCES:
            raise GoldError(f"{name}: {sentences} sentences, outside {MIN_SENTENCES}-{MAX_SENTENCES}")
        entities = []
        for span in raw_entities:
            target = span["target"]
            if target.startswith("?"):
                entity_id, entity_type = None, target[1:]
            else:
                if target not in entries:
                    raise GoldError(f"{name}: unknown KB id {target!r} for {span['text']!r}")
                entity_id, entity_type = target, entries[target]["type"]
            role = "place" if span["place"] or entity_type == "PLACE" else "actor"
            entities.append(
                {
                    "start": span["start"],
                    "end": span["end"],
                    "text": span["text"],
                    "id": entity_id,
                    "type": entity_type,
                    "role": role,
                }
            )
        forms = []
        for span in raw_forms:
            if span["target"] not in formulations:
                raise GoldError(f"{name}: unknown formulation id {span['target']!r} for {span['text']!r}")
            forms.append(
                {"start": span["start"], "end": span["end"], "text": span["text"], "id": span["target"]}
            )
        entities.sort(key=lambda item: (item["start"], item["end"]))
        forms.sort(key=lambda item: (item["start"], item["end"]))
        for spans, what in ((entities, "entity"), (forms, "formulation")):
            for span in spans:
                surface = text[span["start"] : span["end"]]
                if surface != span["text"] or not surface or surface != surface.strip():
                    raise GoldError(f"{name}: {what} span {span} does not match text {surface!r}")
                if what == "entity" and surface.startswith(("the ", "a ", "an ")):
                    raise GoldError(f"{name}: entity span {surface!r} starts with an article")
            for left, right in zip(spans, spans[1:], strict=False):
                if right["start"] < left["end"]:
                    raise GoldError(f"{name}: overlapping {what} spans {left['text']!r} / {right['text']!r}")
        records.append(
            {
                "id": name,
                "published": doc["published"],
                "text": text,
                "entities": entities,
                "formulations": forms,
            }
        )
    if audit:
        run_audit(records, entries, formulations)
    return records


# ---------------------------------------------------------------------------------------- audit


def _norm(text: str) -> str:
    text = (
        unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("“", '"').replace("”", '"')
    )
    return text


def _stem_tokens(text: str) -> tuple[str, ...]:
    tokens = re.findall(r"[a-z0-9']+|[\u3400-\u9fff]", _norm(text).replace("-", " "))
    stemmed = []
    for token in tokens:
        if token in ("the", "a", "an"):
            continue
        for suffix in ("ies", "es", "s", "ing", "ed"):
            if len(token) > len(suffix) + 2 and token.endswith(suffix):
                token = token[: -len(suffix)]
                break
        stemmed.append(token)
    return tuple(stemmed)


def _find_all(haystack: str, needle: str, case_sensitive: bool):
    if not needle:
        return
    flags = 0 if case_sensitive else re.IGNORECASE
    bounded = r"(?<![\w-])" + re.escape(needle) + r"(?![\w])"
    pattern = re.escape(needle) if CJK.search(needle) else bounded
    for match in re.finditer(pattern, haystack, flags):
        yield match.start(), match.end()


def run_audit(records: list[dict], entries: dict[str, dict], formulations: dict[str, dict]) -> None:
    surfaces: list[tuple[str, str, bool]] = []  # (form, id, case_sensitive)
    for entry_id, raw in entries.items():
        for key in ("name", "aliases", "demonyms", "prefixes", "metonyms"):
            value = raw.get(key)
            for form in [value] if isinstance(value, str) else value or []:
                if form and len(str(form)) > 1:
                    surfaces.append((str(form), entry_id, False))
        for form in raw.get("acronyms") or []:
            surfaces.append((str(form), entry_id, True))
    forms = [
        (form, fid)
        for fid, raw in formulations.items()
        for form in (raw.get("en") or []) + (raw.get("zh") or [])
    ]
    form_keys = {
        fid: {_stem_tokens(form) for form in (raw.get("en") or []) + (raw.get("zh") or [])}
        for fid, raw in formulations.items()
    }
    print("\n== audit: unannotated KB surface forms / formulation forms (check each) ==")
    for record in records:
        text = record["text"]
        covered = [(e["start"], e["end"]) for e in record["entities"]]
        fcovered = [(f["start"], f["end"]) for f in record["formulations"]]
        lines = []
        hits = {}
        for form, entry_id, case_sensitive in surfaces:
            for start, end in _find_all(text, form, case_sensitive):
                if any(s <= start and end <= e for s, e in covered):
                    continue
                if any(s < end and start < e for s, e in covered):
                    bare = re.sub(r"^the ", "", text[start:end], flags=re.IGNORECASE)
                    if not any(text[s:e] == bare and e == end for s, e in covered):
                        lines.append(f"  partial-entity {text[start:end]!r} ~ {entry_id}")
                    continue
                hits.setdefault((start, end), set()).add(entry_id)
        for (start, end), ids in sorted(hits.items()):
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in hits):
                continue  # a longer unannotated form already reported
            lines.append(f"  entity? {text[start:end]!r} -> {sorted(ids)}")
        fhits = {}
        for form, fid in forms:
            for start, end in _find_all(text, form, False):
                if any(s <= start and end <= e for s, e in fcovered):
                    continue
                fhits.setdefault((start, end), set()).add(fid)
        for (start, end), ids in sorted(fhits.items()):
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in fhits):
                continue
            lines.append(f"  formulation? {text[start:end]!r} -> {sorted(ids)}")
        for form in record["formulations"]:
            if _stem_tokens(form["text"]) not in form_keys[form["id"]]:
                lines.append(
                    f"  variant: {form['text']!r} is not a listed form of {form['id']} (check it is trivial)"
                )
        for entity in record["entities"]:
            if entity["id"] is None:
                continue
            raw = entries[entity["id"]]
            known = {
                _norm(str(x))
                for key in (
                    "name",
                    "aliases",
                    "demonyms",
                    "prefixes",
                    "metonyms",
                    "acronyms",
                    "generic_aliases",
                )
                for x in ([raw.get(key)] if isinstance(raw.get(key), str) else raw.get(key) or [])
            }
            if _norm(entity["text"]) not in known:
                note = ""
                if raw.get("type") == "PERSON":
                    held = [
                        r.get("title")
                        for r in raw.get("roles") or []
                        if str(r.get("start") or "") <= record["published"]
                        and (r.get("end") is None or record["published"] <= str(r.get("end")))
                    ]
                    note = f" (roles on {record['published']}: {held or 'none'})"
                lines.append(f"  non-alias surface: {entity['text']!r} -> {entity['id']}{note}")
        if lines:
            print(f"[{record['id']}]")
            print("\n".join(lines))


# ---------------------------------------------------------------------------------------- main


def summarise(records: list[dict]) -> str:
    by_type = Counter(e["type"] for r in records for e in r["entities"])
    linked = sum(1 for r in records for e in r["entities"] if e["id"])
    unlinked = sum(1 for r in records for e in r["entities"] if not e["id"])
    roles = Counter(e["role"] for r in records for e in r["entities"])
    forms = sum(len(r["formulations"]) for r in records)
    zh_forms = sum(1 for r in records for f in r["formulations"] if CJK.search(f["text"]))
    years = Counter(r["published"][:4] for r in records)
    lines = [
        f"documents: {len(records)} (years {min(years)}-{max(years)}, {len(years)} distinct)",
        f"entity mentions: {linked + unlinked} (linked {linked}, unlinked {unlinked})",
        "  by type: " + ", ".join(f"{t} {n}" for t, n in by_type.most_common()),
        "  by role: " + ", ".join(f"{t} {n}" for t, n in roles.most_common()),
        f"formulation mentions: {forms} ({zh_forms} Chinese), distinct ids "
        f"{len({f['id'] for r in records for f in r['formulations']})}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--audit", action="store_true", help="list unannotated KB forms and formulation forms"
    )
    args = parser.parse_args(argv)
    try:
        records = build(audit=args.audit)
    except GoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    with OUTPUT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(summarise(records))
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
