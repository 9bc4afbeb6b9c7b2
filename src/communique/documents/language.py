"""Language identification with a model packaged in py3langid (no download at run time)."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_CHARS = 20


def detect_language(text: str, max_chars: int = 400) -> str | None:
    """ISO 639-1 code, or None when the text is too short to tell.

    Only the first `max_chars` characters are classified: enough for a confident answer,
    and it keeps language id off the ingest hot path's critical cost.
    """
    sample = text[:max_chars]
    if len(sample.strip()) < MIN_CHARS:
        return None
    if len(_CJK.findall(sample)) > len(sample) * 0.3:
        return "zh"
    import py3langid  # lazy: loading the model costs ~0.1 s, only when first needed

    language, _score = py3langid.classify(sample)
    return language
