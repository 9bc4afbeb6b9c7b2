from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from annotated_corpus import SPECS, build, claim, fill
from communique.store import database, rollups
from communique.store.schema import claim_rollups, claim_verdicts, documents, event_rollups, events
from communique.store.schema import rollups as rollups_table
from communique.store.store import Store

FACETS = (
    "actor",
    "pair",
    "formulation",
    "event_pair",
    "actor_formulation",
    "actor_quoted",
    "formulation_speaker",
    "claim_group",
    "annotated",
    "documents",
)


def _table(store: Store) -> tuple[list[tuple], ...]:
    """The totals tables as sorted tuples, rows that sum to nothing left out."""
    with store.engine.connect() as connection:
        plain = connection.execute(select(rollups_table).where(rollups_table.c.documents != 0)).all()
        by_event = connection.execute(select(event_rollups).where(event_rollups.c.events != 0)).all()
        by_claim = connection.execute(select(claim_rollups).where(claim_rollups.c.claims != 0)).all()
        verdicts = connection.execute(select(claim_verdicts)).all()
    return tuple(sorted(tuple(row) for row in rows) for rows in (plain, by_event, by_claim, verdicts))


def _rebuilt(store: Store) -> tuple[list[tuple], ...]:
    with store.transaction() as connection:
        rollups.rebuild(connection)
    return _table(store)


@pytest.fixture
def annotated(tmp_path: Path) -> tuple[Store, dict[str, str]]:
    store = Store.open(str(tmp_path / "totals.db"))
    ids = fill(store, SPECS)
    yield store, ids
    store.close()


def test_only_dates_starting_with_a_year_are_dates(corpus):
    values = ["2024", "2024-05-13", "2024-H1", "201X", "XXXX-05-13", "PAST_REF", "P10Y", "", None]
    with corpus.store.engine.connect() as connection:
        found = [connection.execute(select(rollups.is_iso_date(value))).scalar() for value in values]
    assert [bool(flag) for flag in found] == [True, True, True, False, False, False, False, False, False]


def test_outlet_is_source_name_else_host_else_folder(corpus):
    with corpus.store.engine.connect() as connection:
        rows = dict(connection.execute(select(documents.c.id, documents.c.outlet)).all())
    assert rows[corpus.ids["k15x"]] == "Xinhua"  # a source name beats the file path
    assert rows[corpus.ids["k16d"]] == "dawn.com"  # https://www.dawn.com/news/1001
    assert rows[corpus.ids["k22m"]] == "corpus/mfa"  # corpus/mfa/2022-11-15.txt
    assert set(rows.values()) == {"Xinhua", "dawn.com", "corpus/mfa"}


def test_totals_kept_on_write_equal_a_rebuild_from_the_detail_rows(annotated):
    store, _ids = annotated
    kept = _table(store)
    assert kept[0] and kept[1] and kept[2] and kept[3]
    assert _rebuilt(store) == kept


def test_actor_totals_count_documents_and_mentions_per_month(corpus):
    with corpus.store.engine.connect() as connection:
        actors = rollups.totals("actor")
        rows = connection.execute(
            select(actors.c.period, actors.c.documents).where(actors.c.k1 == "PAK").order_by(actors.c.period)
        ).all()
    assert [row.period[:4] for row in rows] == sorted(row.period[:4] for row in rows)
    assert sum(row.documents for row in rows) == len(
        {
            key
            for key, spec in zip(corpus.ids, SPECS, strict=True)
            if any(e[0][0] == "PAK" for e in spec.entities)
        }
    )


def test_reannotating_a_document_moves_its_totals(annotated):
    store, ids = annotated
    spec = next(spec for spec in SPECS if spec.key == "k24x")
    document, annotations = build(spec)
    annotations["events"] = annotations["events"][:1]
    annotations["entities"] = [entity for entity in annotations["entities"] if entity["id"] != "PAK"]
    with store.transaction() as connection:
        store.save_annotations(connection, ids["k24x"], annotations, "test", "3.0")
    kept = _table(store)
    assert _rebuilt(store) == kept
    with store.engine.connect() as connection:
        pak_2024 = connection.execute(
            select(rollups_table.c.documents).where(
                rollups_table.c.facet == "actor",
                rollups_table.c.k1 == "PAK",
                rollups_table.c.period == "2024-01",
            )
        ).scalar()
    assert not pak_2024


@pytest.mark.parametrize("facet", FACETS)
def test_totals_over_a_day_period_are_computed_like_the_table(corpus, facet):
    """A period of whole years read from the table equals the same period given as days."""
    with corpus.store.engine.connect() as connection:

        def summed(since: str, until: str) -> dict[tuple, int]:
            table = rollups.totals(facet, since, until)
            rows = connection.execute(select(table.c.k1, table.c.k2, table.c.documents, table.c.total)).all()
            found: dict[tuple, int] = {}
            for row in rows:
                found[(row.k1, row.k2)] = found.get((row.k1, row.k2), 0) + row.documents * 1000 + row.total
            return found

        assert summed("2016", "2020") == summed("2016-01-01", "2020-12-31")
        assert summed("2016", "2020")
        # months: read from monthly totals, computed from detail rows for yearly ones
        assert summed("2016-03", "2020-07") == summed("2016-03-01", "2020-07-31")


def test_events_carry_the_date_they_refer_to_and_their_agent(corpus):
    with corpus.store.engine.connect() as connection:
        rows = connection.execute(
            select(
                events.c.document_id,
                events.c.type,
                events.c.when,
                events.c.date_source,
                events.c.source_agent,
            )
        ).all()
    by_key = {(corpus.key(row.document_id), row.type): row for row in rows}
    consult = by_key[("k15x", "CONSULT")]
    assert (consult.when, consult.date_source, consult.source_agent) == (
        "2015-04-20",
        "published",
        "person:wang-yi",
    )
    cooperate = by_key[("k24x", "COOPERATE")]
    assert (cooperate.when, cooperate.date_source) == ("2023-11", "stated")
    accuse = by_key[("k24d", "ACCUSE")]  # PAST_REF is no date: the publication date places it
    assert (accuse.when, accuse.date_source) == ("2024-06-03", "published")


def test_migration_fills_totals_of_an_existing_store(annotated):
    store, _ids = annotated
    kept = _table(store)
    database.downgrade(store.engine, "0004")
    database.upgrade(store.engine)
    assert _table(store) == kept


def test_saving_a_document_twice_in_one_transaction_counts_it_once(annotated):
    store, ids = annotated
    spec = next(spec for spec in SPECS if spec.key == "k15x")
    _document, annotations = build(spec)
    with store.transaction() as connection:
        for _ in range(3):
            store.save_annotations(connection, ids["k15x"], annotations, "test", "3.0")
    kept = _table(store)
    assert _rebuilt(store) == kept


def test_totals_applied_at_once_outside_a_store_transaction(tmp_path):
    """A caller with its own connection gets each document's totals as it writes."""
    store = Store.open(str(tmp_path / "plain.db"))
    spec = SPECS[0]
    document, annotations = build(spec)
    with store.engine.begin() as connection:
        store.add_document(connection, document)
        store.save_annotations(connection, document.id, annotations, "test", "3.0")
    kept = _table(store)
    assert kept[0] and _rebuilt(store) == kept
    store.close()


def test_profile_and_tracker_sums_read_covering_indexes(corpus):
    """An actor in most documents has tens of thousands of event and claim totals: the profile
    and the claim tracker read them from indexes alone (migration 0009), never the table."""
    from sqlalchemy import event

    from communique.analyses.claim_tracker import track_claims
    from communique.analyses.profile import actor_profile

    statements: list[tuple[str, Any]] = []

    def keep(_connection, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if "_rollups" in statement:
            statements.append((statement, parameters))

    event.listen(corpus.store.engine, "before_cursor_execute", keep)
    try:
        actor_profile(corpus.store, "CHN")
        track_claims(corpus.store)
    finally:
        event.remove(corpus.store.engine, "before_cursor_execute", keep)
    assert len(statements) >= 4
    with corpus.store.engine.connect() as connection:
        for statement, parameters in statements:
            plan = " ".join(
                row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
            assert "COVERING INDEX" in plan, (statement, plan)


def _verdicts(store: Store) -> dict[tuple, dict[str, Any]]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(claim_verdicts)).all()
    return {(row.unit, row.about, row.kind, row.currency): row._asdict() for row in rows}


def _judged_again(store: Store) -> dict[tuple, dict[str, Any]]:
    """The verdicts judged from the points now in `claim_rollups` (not rebuilt from the claims)."""
    with store.transaction() as connection:
        rollups.refresh_claim_verdicts(connection)
    return _verdicts(store)


def test_claim_verdicts_judge_each_group_on_its_merged_points(annotated):
    store, ids = annotated
    kept = _verdicts(store)
    assert set(kept) == {
        ("mask", "CHN", "count", ""),
        ("dose of vaccine", "CHN", "count", ""),
        ("project", "PAK", "count", ""),
    }
    masks = kept[("mask", "CHN", "count", "")]  # "masks" and "Mask": one group of two forms
    assert (masks["forms"], masks["points"], masks["status"], masks["conflicts"]) == (2, 2, "agree", [])
    assert (masks["min"], masks["max"], masks["latest"], masks["latest_when"]) == (
        2e11,
        2.01e11,
        2.01e11,
        "2020-07-15",
    )
    doses = kept[("dose of vaccine", "CHN", "count", "")]
    assert (doses["status"], doses["direction"], doses["distinct_values"]) == ("updated", "up", 3)
    projects = kept[("project", "PAK", "count", "")]
    assert projects["status"] == "differ"
    [(first, second, reason)] = projects["conflicts"]
    assert reason == "goes down after going up"
    with store.engine.connect() as connection:
        documents_of = dict(
            connection.execute(select(rollups.claims.c.id, rollups.claims.c.document_id)).all()
        )
    assert (documents_of[first], documents_of[second]) == (ids["k16d"], ids["k19d"])
    assert _judged_again(store) == kept


def test_claim_verdicts_follow_added_and_reannotated_claims(annotated):
    """Each write judges again the groups it touches: a new figure, a changed one, a group whose
    last claim goes, in later transactions than the first fill."""
    store, ids = annotated
    spec = next(spec for spec in SPECS if spec.key == "k22m")
    _document, annotations = build(spec)
    [doses] = annotations["claims"]
    doses["value"] = 5e8  # 100 m, 770 m, then 500 m: no longer one way
    with store.transaction() as connection:
        store.save_annotations(connection, ids["k22m"], annotations, "test", "3.0")
    key = ("dose of vaccine", "CHN", "count", "")
    judged = _verdicts(store)
    assert (judged[key]["status"], judged[key]["latest"], judged[key]["points"]) == ("differ", 5e8, 3)
    assert [reason for *_ids, reason in judged[key]["conflicts"]] == ["goes down after going up"]
    assert _judged_again(store) == judged

    # A new document stating masks again, much higher a year later: agree -> updated.
    later = replace(
        next(spec for spec in SPECS if spec.key == "k20d"),
        key="k21m",
        published="2021-07-15",
        title="More masks",
        sentences=[
            "China had shipped 300 billion masks to other countries.",
            "Pakistan thanked China for its support and called for true multilateralism.",
        ],
        claims=[claim(0, "300 billion masks", 3e11, "masks", "CHN")],
    )
    fill(store, [later])
    masks = _verdicts(store)[("mask", "CHN", "count", "")]
    assert (masks["status"], masks["direction"], masks["points"], masks["latest"]) == (
        "updated",
        "up",
        3,
        3e11,
    )
    assert _judged_again(store) == _verdicts(store)

    # Outside a store transaction (subtracted, then added at once): 200 billion masks go.
    _document, annotations = build(next(spec for spec in SPECS if spec.key == "k20x"))
    annotations["claims"] = []
    with store.engine.begin() as connection:
        store.save_annotations(connection, ids["k20x"], annotations, "test", "3.0")
    masks = _verdicts(store)[("mask", "CHN", "count", "")]
    assert (masks["points"], masks["min"], masks["status"]) == (2, 2.01e11, "updated")
    assert _judged_again(store) == _verdicts(store)

    # The projects' last claims go: the group's verdict goes with them.
    for key_ in ("k16d", "k17x", "k19d"):
        spec = next(spec for spec in SPECS if spec.key == key_)
        _document, annotations = build(spec)
        annotations["claims"] = []
        with store.transaction() as connection:
            store.save_annotations(connection, ids[key_], annotations, "test", "3.0")
    assert ("project", "PAK", "count", "") not in _verdicts(store)
    assert _judged_again(store) == _verdicts(store)


def test_migration_0012_judges_the_groups_of_an_existing_store(annotated):
    store, _ids = annotated
    kept = _verdicts(store)
    database.downgrade(store.engine, "0011")
    database.upgrade(store.engine)
    assert kept and _verdicts(store) == kept
