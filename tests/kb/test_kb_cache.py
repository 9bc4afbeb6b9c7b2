"""The parsed KB files are cached by path, size and modification time, and only then."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from communique.kb import read_files


def _kb_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "kb"
    directory.mkdir()
    (directory / "countries.yaml").write_text("- id: ATL\n  name: Atlantis\n  aliases: [on, no]\n")
    return directory


def test_second_read_comes_from_the_cache_not_the_yaml(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path / "cache"))
    directory = _kb_dir(tmp_path)
    first = read_files(directory)
    assert first == {"countries": [{"id": "ATL", "name": "Atlantis", "aliases": ["on", "no"]}]}
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == 1

    def no_yaml(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("YAML parsed again although nothing changed")

    monkeypatch.setattr(yaml, "load", no_yaml)
    assert read_files(directory) == first


def test_an_edited_file_is_read_again_and_the_old_cache_removed(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path / "cache"))
    directory = _kb_dir(tmp_path)
    read_files(directory)
    path = directory / "countries.yaml"
    path.write_text("- id: ATL\n  name: Atlantis Republic\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert read_files(directory)["countries"][0]["name"] == "Atlantis Republic"
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == 1


@pytest.mark.parametrize("setting", ["", "unwritable"])
def test_no_cache_when_turned_off_or_unwritable(tmp_path, monkeypatch, setting) -> None:
    if setting == "unwritable":
        blocker = tmp_path / "a-file"
        blocker.write_text("not a directory")
        setting = str(blocker / "cache")
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", setting)
    directory = _kb_dir(tmp_path)
    assert read_files(directory)["countries"][0]["id"] == "ATL"
    assert read_files(directory)["countries"][0]["id"] == "ATL"
    assert not list(tmp_path.rglob("*.pickle"))


def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path / "cache"))
    directory = _kb_dir(tmp_path)
    read_files(directory)
    (cached,) = (tmp_path / "cache").glob("kb-*.pickle")
    cached.write_bytes(b"\x80\x05 not a pickle")
    assert read_files(directory)["countries"][0]["name"] == "Atlantis"
    assert read_files(directory)["countries"][0]["name"] == "Atlantis"


def test_no_home_directory_means_no_cache_not_a_crash(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("COMMUNIQUE_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(homeless))
    assert read_files(_kb_dir(tmp_path))["countries"][0]["id"] == "ATL"
