"""Build the gold sets for claims, dates and PLOVER events.

Two sets share the markup and the checks:

- ``dev`` (the dev set): ``events_source/part*.txt`` -> ``events.jsonl``, ids ``ev-001``, ...
- ``news`` (held-out wire copy): ``events_news_source/part*.txt`` -> ``events_news.jsonl``, ids
  ``nw-001``, ...; every sentence must have style ``news``.

For each set the hand-annotated parts (line markup, described below) are read in natural order and
concatenated, the sentences numbered in that order, and one JSON object per sentence is written
beside this script (see ``events_README.md``). A sentence may not occur in both sets.

Markup of ``events_source/part*.txt`` and ``events_news_source/part*.txt``
--------------------------------------------------------------------------
One block per sentence; blocks are separated by blank lines; lines starting with ``#`` are comments::

    @ <style> <published>                 style: press | oped | news; published: YYYY-MM-DD
    T <the sentence>
    C <span> | <value> | <value_max> | <unit> | <qualifier> | <kind> | <currency>
    D <span> | <value> | <type> [| begin=<v>] [| end=<v>]
    E <TYPE> | <mode> | <source> | <target> | <modality> | <speaker> | <trigger>
      | <source_text> | <target_text>        (one line in the file)

``-`` stands for null. A span (claim, date, trigger, source_text, target_text) must occur verbatim
in the sentence; ``span@N`` selects its N-th occurrence (default the first). Claims and dates get
``span: [start, end]`` and events ``trigger_span: [start, end]`` (Python string offsets into ``text``).

Usage::

    python tests/gold/events_build.py                     # validate and write both sets, print counts
    python tests/gold/events_build.py --check             # validate both sets and print counts only
    python tests/gold/events_build.py --set news [--check] # only the news set (or --set dev)

Any unknown id, type, mode, malformed value or span mismatch fails loudly (exit 1). A speaker whose
KB roles do not cover the publication date is reported as a warning.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
KB = HERE.parents[1] / "src" / "communique" / "kb"
SOURCE = HERE / "events_source"
OUT = HERE / "events.jsonl"


class GoldSet:
    """One gold set: where its parts are, where it is written, its id prefix and allowed styles."""

    def __init__(self, name: str, source: Path, out: Path, prefix: str, styles: set[str]):
        self.name, self.source, self.out, self.prefix, self.styles = name, source, out, prefix, styles


SETS = {
    "dev": GoldSet("dev", SOURCE, OUT, "ev", {"press", "oped", "news"}),
    "news": GoldSet("news", HERE / "events_news_source", HERE / "events_news.jsonl", "nw", {"news"}),
}

# PLOVER 0.7b1 (openeventdata/PLOVER, PLOVER_MANUAL.tex): 16 event types, their quad class and
# the mode values the manual defines for them (types without a mode table take mode null).
QUAD = {
    "AGREE": "verbal-cooperation",
    "CONSULT": "verbal-cooperation",
    "SUPPORT": "verbal-cooperation",
    "CONCEDE": "verbal-cooperation",
    "COOPERATE": "material-cooperation",
    "AID": "material-cooperation",
    "RETREAT": "material-cooperation",
    "REQUEST": "verbal-conflict",
    "ACCUSE": "verbal-conflict",
    "REJECT": "verbal-conflict",
    "THREATEN": "verbal-conflict",
    "PROTEST": "material-conflict",
    "SANCTION": "material-conflict",
    "MOBILIZE": "material-conflict",
    "COERCE": "material-conflict",
    "ASSAULT": "material-conflict",
}
MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "AID": {"economic", "military", "humanitarian", "asylum"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike-gen", "strike-lim", "strike-hun", "boycott", "obstruct"},
    "SANCTION": {"convict", "cancel", "expel", "withdraw", "sever"},
    "MOBILIZE": {"troops", "weapons", "police"},
    "COERCE": {
        "confiscate",
        "restrict",
        "ban",
        "censor",
        "curfew",
        "martial-law",
        "arrest",
        "deport",
        "withhold",
    },
    "ASSAULT": {
        "abduct",
        "beat",
        "torture",
        "execute",
        "sexual",
        "assassinate",
        "destroy",
        "primitive",
        "firearms",
        "explosives",
        "suicide-attack",
        "heavy-weapons",
    },
}
MODALITIES = {"asserted", "planned", "hypothetical", "negated", "normative", "requested"}
STYLES = {"press", "oped", "news"}
CLAIM_KINDS = {"count", "money", "percent", "change", "anniversary"}
QUALIFIERS = {
    "more than",
    "over",
    "nearly",
    "almost",
    "about",
    "around",
    "approximately",
    "up to",
    "at least",
    "less than",
    "fewer than",
    "under",
    "some",
    "roughly",
    "close to",
    "exceeding",
    "at most",
    "as many as",
    "estimated",
}
DATE_TYPES = {"DATE", "TIME", "DURATION", "SET"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

DATE_RE = re.compile(
    r"^(?:"
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:T(?:\d{2}:\d{2}|MO|AF|EV|NI))?)?)?"  # 2024, 2024-05, 2024-05-13[T..]
    r"|\d{4}-W\d{2}(?:-WE)?"  # ISO week
    r"|\d{4}-(?:Q[1-4]|H[12]|SP|SU|FA|WI)"  # quarter, half, season
    r"|\d{3}X|\d{2}XX"  # decade, century
    r"|PAST_REF|PRESENT_REF|FUTURE_REF"
    r")$"
)
DURATION_RE = re.compile(r"^P(?=.)(?:(?:\d+(?:\.\d+)?|X)[YMWD])*(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?$")


class GoldError(Exception):
    pass


def kb_ids() -> set[str]:
    ids: set[str] = set()
    for path in sorted(KB.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data.get("entries") or []:
            if isinstance(entry, dict) and "id" in entry:
                ids.add(entry["id"])
    return ids


def kb_roles() -> dict[str, list[dict]]:
    roles: dict[str, list[dict]] = {}
    for path in sorted(KB.glob("people_*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data.get("entries") or []:
            roles[entry["id"]] = entry.get("roles") or []
    return roles


def natural_key(path: Path) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path.name)]


def null(value: str) -> str | None:
    value = value.strip()
    return None if value in ("-", "") else value


def locate(text: str, span: str, where: str) -> dict:
    """Return {text, span: [start, end]} for ``span`` (``span@N`` = N-th occurrence) in ``text``."""
    occurrence = 1
    match = re.fullmatch(r"(.*)@(\d+)", span)
    if match:
        span, occurrence = match.group(1), int(match.group(2))
    start = -1
    for _ in range(occurrence):
        start = text.find(span, start + 1)
        if start < 0:
            raise GoldError(f"{where}: span {span!r} (occurrence {occurrence}) not in text")
    return {"text": span, "span": [start, start + len(span)]}


def number(value: str, where: str) -> float | int:
    try:
        parsed = float(value)
    except ValueError as exc:
        raise GoldError(f"{where}: not a number: {value!r}") from exc
    return int(parsed) if parsed.is_integer() and abs(parsed) < 1e15 else parsed


def parse_claim(fields: list[str], text: str, where: str) -> dict:
    if len(fields) != 7:
        raise GoldError(f"{where}: claim needs 7 fields, got {len(fields)}")
    span, value, value_max, unit, qualifier, kind, currency = (f.strip() for f in fields)
    loc = locate(text, span, where)
    kind_ = null(kind)
    if kind_ not in CLAIM_KINDS:
        raise GoldError(f"{where}: claim kind {kind!r}")
    qual = null(qualifier)
    if qual is not None and qual not in QUALIFIERS:
        raise GoldError(f"{where}: qualifier {qual!r}")
    cur = null(currency)
    if kind_ == "money" and (cur is None or not re.fullmatch(r"[A-Z]{3}", cur)):
        raise GoldError(f"{where}: money claim needs an ISO 4217 currency")
    if cur is not None and not re.fullmatch(r"[A-Z]{3}", cur):
        raise GoldError(f"{where}: currency {cur!r}")
    vmax = null(value_max)
    claim = {
        "text": loc["text"],
        "span": loc["span"],
        "value": number(value, where),
        "value_max": None if vmax is None else number(vmax, where),
        "unit": null(unit),
        "qualifier": qual,
        "kind": kind_,
        "currency": cur,
    }
    if claim["unit"] is None:
        raise GoldError(f"{where}: claim unit missing")
    return claim


def check_date_value(value: str, type_: str, span: str, where: str) -> None:
    if type_ in ("DURATION", "SET"):
        if not DURATION_RE.match(value):
            raise GoldError(f"{where}: {type_} value {value!r} is not a TIMEX3 duration")
        return
    if not DATE_RE.match(value):
        raise GoldError(f"{where}: {type_} value {value!r} is not a TIMEX3 date")
    day = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if day:
        parsed = date(int(day.group(1)), int(day.group(2)), int(day.group(3)))
        for i, name in enumerate(WEEKDAYS):
            if name in span.lower() and parsed.weekday() != i:
                raise GoldError(f"{where}: {span!r} -> {value} is a {WEEKDAYS[parsed.weekday()]}")
    week = re.match(r"^(\d{4})-W(\d{2})", value)
    if week:
        date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)


def parse_date(fields: list[str], text: str, where: str) -> dict:
    if len(fields) < 3:
        raise GoldError(f"{where}: date needs at least 3 fields")
    span, value, type_ = (f.strip() for f in fields[:3])
    loc = locate(text, span, where)
    if type_ not in DATE_TYPES:
        raise GoldError(f"{where}: date type {type_!r}")
    check_date_value(value, type_, loc["text"], where)
    out = {"text": loc["text"], "span": loc["span"], "value": value, "type": type_}
    for extra in fields[3:]:
        key, _, val = extra.strip().partition("=")
        if key not in ("begin", "end") or not DATE_RE.match(val):
            raise GoldError(f"{where}: bad date anchor {extra!r}")
        out[key] = val
    return out


def parse_event(fields: list[str], text: str, where: str, ids: set[str]) -> dict:
    if len(fields) != 9:
        raise GoldError(f"{where}: event needs 9 fields, got {len(fields)}")
    type_, mode, source, target, modality, speaker, trigger, source_text, target_text = (
        f.strip() for f in fields
    )
    if type_ not in QUAD:
        raise GoldError(f"{where}: event type {type_!r} is not PLOVER")
    mode_ = null(mode)
    if mode_ is not None and mode_ not in MODES.get(type_, set()):
        raise GoldError(f"{where}: mode {mode_!r} is not a PLOVER mode of {type_}")
    if modality not in MODALITIES:
        raise GoldError(f"{where}: modality {modality!r}")
    for role, value in (("source", source), ("target", target), ("speaker", speaker)):
        v = null(value)
        if v is not None and v not in ids:
            raise GoldError(f"{where}: {role} id {v!r} not in the KB")
    trig = locate(text, trigger, where)
    event = {
        "type": type_,
        "mode": mode_,
        "source": null(source),
        "target": null(target),
        "modality": modality,
        "speaker": null(speaker),
        "trigger": trig["text"],
        "trigger_span": trig["span"],
        "source_text": None,
        "target_text": None,
    }
    for role, value in (("source", source_text), ("target", target_text)):
        v = null(value)
        if v is not None:
            event[f"{role}_text"] = locate(text, v, where)["text"]
        elif event[role] is not None:
            raise GoldError(f"{where}: {role} {event[role]} has no {role}_text")
    return event


def speaker_ok(speaker: str, published: str, roles: dict[str, list[dict]]) -> bool:
    entries = roles.get(speaker)
    if entries is None:  # an organisation or a country speaking
        return True

    def bound(value, default: str) -> str:
        return default if value is None else str(value)

    return any(
        bound(r.get("start"), "0000")[: len(published)] <= published
        and published <= bound(r.get("end"), "9999") + "~"
        for r in entries
    )


def parse_block(lines: list[str], where: str, ids: set[str]) -> dict:
    head = lines[0]
    match = re.fullmatch(r"@ (\w+) (\d{4}-\d{2}-\d{2})", head.strip())
    if not match:
        raise GoldError(f"{where}: bad header {head!r}")
    style, published = match.groups()
    if style not in STYLES:
        raise GoldError(f"{where}: style {style!r}")
    pub = date.fromisoformat(published)
    if not 2001 <= pub.year <= 2025:
        raise GoldError(f"{where}: published {published} outside 2001-2025")
    texts = [line[2:] for line in lines[1:] if line.startswith("T ")]
    if len(texts) != 1:
        raise GoldError(f"{where}: exactly one T line needed")
    text = texts[0].strip()
    record = {"published": published, "style": style, "text": text, "claims": [], "dates": [], "events": []}
    for line in lines[1:]:
        tag, body = line[:1], line[2:]
        fields = body.split("|")
        if tag == "T":
            continue
        if tag == "C":
            record["claims"].append(parse_claim(fields, text, where))
        elif tag == "D":
            record["dates"].append(parse_date(fields, text, where))
        elif tag == "E":
            record["events"].append(parse_event(fields, text, where, ids))
        else:
            raise GoldError(f"{where}: unknown line {line!r}")
    return record


def read_parts(source: Path = SOURCE) -> list[tuple[str, list[str]]]:
    blocks: list[tuple[str, list[str]]] = []
    paths = sorted(source.glob("part*.txt"), key=natural_key)
    if not paths:
        raise GoldError(f"no part*.txt in {source}")
    for path in paths:
        current: list[str] = []
        start = 0
        lines = path.read_text(encoding="utf-8").splitlines()
        for number_, line in enumerate([*lines, ""], 1):
            if line.startswith("#"):
                continue
            if line.strip():
                if not current:
                    start = number_
                current.append(line.rstrip())
            elif current:
                blocks.append((f"{path.name}:{start}", current))
                current = []
    return blocks


def build(gold: GoldSet = SETS["dev"]) -> list[dict]:
    ids = kb_ids()
    roles = kb_roles()
    records = []
    texts: dict[str, str] = {}
    for n, (where, lines) in enumerate(read_parts(gold.source), 1):
        where = f"{gold.source.name}/{where}"
        record = {"id": f"{gold.prefix}-{n:03d}", **parse_block(lines, where, ids)}
        if record["style"] not in gold.styles:
            raise GoldError(f"{where}: style {record['style']!r} not allowed in the {gold.name} set")
        if record["text"] in texts:
            raise GoldError(f"{where}: duplicate sentence (also {texts[record['text']]})")
        texts[record["text"]] = where
        for event in record["events"]:
            if event["speaker"] and not speaker_ok(event["speaker"], record["published"], roles):
                print(f"warning {where}: {event['speaker']} held no KB role on {record['published']}")
        records.append(record)
    return records


def summary(records: list[dict]) -> str:
    def line(title: str, counter: Counter) -> str:
        items = ", ".join(f"{k}={v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        return f"{title} ({sum(counter.values())}): {items}"

    events = [e for r in records for e in r["events"]]
    return "\n".join(
        [
            f"sentences: {len(records)}",
            line("style", Counter(r["style"] for r in records)),
            line("events per sentence", Counter(min(len(r["events"]), 3) for r in records)),
            line("event type", Counter(e["type"] for e in events)),
            line("quad class", Counter(QUAD[e["type"]] for e in events)),
            line("modality", Counter(e["modality"] for e in events)),
            line("mode (non-null)", Counter(f"{e['type']}/{e['mode']}" for e in events if e["mode"])),
            line("with speaker", Counter(e["speaker"] is not None for e in events)),
            line("claim kind", Counter(c["kind"] for r in records for c in r["claims"])),
            line("claim qualifier", Counter(c["qualifier"] for r in records for c in r["claims"])),
            line("date type", Counter(d["type"] for r in records for d in r["dates"])),
            line("published year", Counter(r["published"][:4] for r in records)),
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate only, do not write")
    parser.add_argument(
        "--set", choices=["all", *SETS], default="all", help="which gold set to build (default: all)"
    )
    args = parser.parse_args()
    names = list(SETS) if args.set == "all" else [args.set]
    built: dict[str, list[dict]] = {}
    try:
        for name in names:
            built[name] = build(SETS[name])
        if len(built) > 1:
            seen: dict[str, str] = {}
            for name, records in built.items():
                for record in records:
                    other = seen.setdefault(record["text"], f"{name} {record['id']}")
                    if other != f"{name} {record['id']}":
                        raise GoldError(f"{name} {record['id']}: sentence also in {other}")
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, records in built.items():
        gold = SETS[name]
        if not args.check:
            with gold.out.open("w", encoding="utf-8") as fh:
                for record in records:
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        if len(built) > 1:
            print(f"== {name} set ({gold.out.name}) ==")
        print(summary(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
