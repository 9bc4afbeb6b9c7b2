"""Property-based run of schemathesis against the app's own OpenAPI schema: no server errors."""

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from communique.interfaces.api import create_app

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "communique" / "data" / "sample"


def _app():
    import tempfile

    from communique.sources import expand_inputs
    from communique.store.ingest import ingest
    from communique.store.store import Store

    db = tempfile.mkdtemp(prefix="communique-schema-") + "/schema.db"
    store = Store.open(db)
    ingest(store, expand_inputs([str(SAMPLE)]))
    store.close()
    return create_app(db)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, response.text
