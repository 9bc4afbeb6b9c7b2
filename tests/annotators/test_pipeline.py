import json
from pathlib import Path

import jsonschema

from communique.annotators.pipeline import AnnotationInput, PipelineConfig, annotate, load_pipeline

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "src/communique/schema/extraction.schema.json").read_text()
)
TEXT = (
    "Wang Yi met Kenyan Foreign Minister Musalia Mudavadi in Beijing on Monday. "
    "China will provide vaccines to Kenya, Wang said. "
    "Both sides agreed to build a community with a shared future for mankind."
)


def run(nlp, *items):
    return [result for _, result in annotate(nlp, list(items))]


def test_sentences_entities_and_formulations(nlp):
    (result,) = run(nlp, AnnotationInput(TEXT, "2024-05-14", "en"))
    assert len(result["sentences"]) == 3
    by_id = {e["id"]: e for e in result["entities"] if e["id"]}
    wang = by_id["person:wang-yi"]
    assert [m["text"] for m in wang["mentions"]] == ["Wang Yi", "Wang"]
    assert wang["role_at_date"] == "Minister of Foreign Affairs"
    assert {m["sentence"] for m in by_id["KEN"]["mentions"]} == {0, 1}
    unlinked = [e for e in result["entities"] if e["id"] is None]
    assert [(e["name"], e["type"], e["country"]) for e in unlinked] == [("Musalia Mudavadi", "PERSON", "KEN")]
    place = [e for e in result["entities"] if e["name"] == "Beijing"]
    assert place and place[0]["mentions"][0]["role"] == "place"
    for entity in result["entities"]:
        for mention in entity["mentions"]:
            assert TEXT[mention["start"] : mention["end"]] == mention["text"]
    (formulation,) = result["formulations"]
    assert formulation["id"] == "community-with-a-shared-future" and formulation["zh"] == "人类命运共同体"
    assert formulation["mentions"][0]["sentence"] == 2


def test_contract_validates_against_json_schema(nlp):
    from communique.documents.model import Document
    from communique.sources.base import Origin

    (result,) = run(nlp, AnnotationInput(TEXT, "2024-05-14", "en"))
    doc = Document(
        id="0123456789abcdef",
        origin=Origin(path="x.txt"),
        kind="txt",
        raw_text=TEXT,
        text=TEXT,
        offset_runs=[(0, 0, len(TEXT))],
        content_hash="0" * 64,
        paragraphs=[(0, len(TEXT))],
        published="2024-05-14",
        language="en",
    )
    jsonschema.validate(doc.to_contract(result), SCHEMA)


def test_chinese_documents_skip_the_english_model_and_keep_order(nlp):
    results = run(
        nlp,
        AnnotationInput("我们坚持和平共处五项原则。推动构建人类命运共同体。", None, "zh", key="zh"),
        AnnotationInput(TEXT, "2024-05-14", "en", key="en"),
    )
    chinese, english = results
    assert len(chinese["sentences"]) == 2 and chinese["entities"] == []
    assert {f["id"] for f in chinese["formulations"]} == {
        "five-principles-of-peaceful-coexistence",
        "community-with-a-shared-future",
    }
    assert english["entities"]


def test_components_are_chosen_by_config():
    nlp = load_pipeline(PipelineConfig(components=("communique_formulations",)))
    assert "communique_actors" not in nlp.pipe_names
    (result,) = [r for _, r in annotate(nlp, [AnnotationInput(TEXT, None, "en")])]
    assert result["entities"] == [] and result["formulations"]
