from __future__ import annotations

import pickle

from communique.sources.base import DEFAULT_MAX_BYTES
from communique.sources.options import ReadOptions


def test_defaults() -> None:
    options = ReadOptions()
    assert options.max_bytes == DEFAULT_MAX_BYTES
    assert (options.connect_timeout, options.timeout, options.follow_feeds) == (10.0, 30.0, True)
    assert options.field_map == {}


def test_archive_cap_defaults_to_ten_times_max_bytes() -> None:
    assert ReadOptions(max_bytes=100).archive_cap == 1000
    assert ReadOptions(max_bytes=100, archive_max_bytes=150).archive_cap == 150


def test_options_pickle_for_worker_processes() -> None:
    options = ReadOptions(max_bytes=10, field_map={"text": "body_html"}, follow_feeds=False)
    assert pickle.loads(pickle.dumps(options)) == options
