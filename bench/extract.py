"""Extraction speed: communique's whole annotation vs the bare spaCy model, same texts, same run.

    python bench/extract.py [--words 200000] [--workers 1]

Texts are the bundled sample corpus (and ../shared/corpus when present), cleaned by communique,
repeated until `--words` words. The baseline is `nlp.pipe` of the bare `en_core_web_sm` with all
its components; ours is `communique.annotators.pipeline.annotate` (model + actor linking +
formulations + building the contract's annotation fields). Peak memory is the process's
high-water mark (ru_maxrss).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import spacy

from communique.annotators.pipeline import (
    DEFAULT_COMPONENTS,
    DEFAULT_MODEL,
    AnnotationInput,
    PipelineConfig,
    annotate,
    load_pipeline,
)
from communique.documents.build import DocumentError, build_document
from communique.sources import expand_inputs, read_one
from communique.sources.base import ReadFailure

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts() -> list[tuple[str, str | None]]:
    folders = [ROOT / "src" / "communique" / "data" / "sample"]
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        folders.append(shared)
    texts = []
    for item in expand_inputs([str(folder) for folder in folders]):
        for raw in read_one(item):
            if isinstance(raw, ReadFailure) or item.endswith("README.md"):
                continue
            try:
                document = build_document(raw)
            except DocumentError:
                continue
            texts.append((document.text, document.published))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--repeat", type=int, default=3, help="interleaved rounds; the fastest of each counts"
    )
    parser.add_argument(
        "--components",
        default=",".join(DEFAULT_COMPONENTS),
        help="communique components to run, comma-separated",
    )
    args = parser.parse_args()
    base = corpus_texts()
    texts, words = [], 0
    while words < args.words:
        for text, published in base:
            texts.append((text, published))
            words += len(text.split())
    print(f"{len(texts)} texts, {words:,} words, workers={args.workers}", file=sys.stderr)

    bare = spacy.load(DEFAULT_MODEL)
    config = PipelineConfig(n_process=args.workers, components=tuple(args.components.split(",")))
    ours = load_pipeline(config)
    list(bare.pipe([t for t, _ in texts[:5]]))  # warm up both
    list(annotate(ours, [AnnotationInput(t, p, "en") for t, p in texts[:5]], config))
    bare_seconds = our_seconds = float("inf")
    entities = 0
    for _ in range(args.repeat):  # interleaved, so machine load hits both alike
        started = time.perf_counter()
        for _ in bare.pipe((t for t, _ in texts), batch_size=64, n_process=args.workers):
            pass
        bare_seconds = min(bare_seconds, time.perf_counter() - started)
        started = time.perf_counter()
        entities = 0
        for _, result in annotate(ours, (AnnotationInput(t, p, "en") for t, p in texts), config):
            entities += sum(len(e["mentions"]) for e in result["entities"])
        our_seconds = min(our_seconds, time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"{'pipeline':34} {'seconds':>8} {'words/s':>9}")
    print(f"{'bare en_core_web_sm nlp.pipe':34} {bare_seconds:8.2f} {words / bare_seconds:9,.0f}")
    print(f"{'communique extract (annotate)':34} {our_seconds:8.2f} {words / our_seconds:9,.0f}")
    print(
        f"ratio communique/bare: {our_seconds / bare_seconds:.2f}x   mentions: {entities:,}   "
        f"peak memory: {peak_mb:,.0f} MB"
    )


if __name__ == "__main__":
    main()
