import pytest

from communique.annotators.pipeline import load_pipeline


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()
