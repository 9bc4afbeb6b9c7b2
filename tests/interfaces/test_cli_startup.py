"""Commands that read the store start fast: the CLI module imports no NLP or ingest-only stack.

spaCy (and, where the semantic extra is installed, torch through thinc) takes seconds to import;
`communique actor CHN`, `search`, `serve` and `--help` must not pay for it.
"""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_cli_leaves_spacy_torch_datasketch_and_networkx_unloaded() -> None:
    heavy = ("spacy", "thinc", "torch", "datasketch", "scipy", "networkx")
    probe = (
        "import sys, communique.interfaces.cli, communique.interfaces.api\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
