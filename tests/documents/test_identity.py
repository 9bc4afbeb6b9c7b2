from communique.documents.identity import (
    content_hash,
    document_id,
    jaccard,
    lsh_band_keys,
    minhash,
    minhash_bytes,
    minhash_from_bytes,
)

STORY = (
    "Foreign ministers of the two countries met in the capital on Tuesday and agreed to expand "
    "cooperation in trade, energy and infrastructure. They signed twelve agreements covering ports, "
    "railways and digital connectivity, and pledged to hold annual strategic dialogues. Officials said "
    "the talks were candid and constructive, and that both sides would deepen people-to-people exchanges. "
)


def test_same_content_same_id_regardless_of_case_and_spacing():
    assert document_id(STORY) == document_id(STORY.upper().replace(" ", "   "))
    assert len(document_id(STORY)) == 16
    assert content_hash(STORY) != content_hash(STORY + " Extra sentence.")


def test_near_duplicate_shares_a_band_and_scores_high():
    variant = STORY + "A joint statement will follow."
    assert jaccard(STORY, variant) >= 0.8
    keys_a, keys_b = lsh_band_keys(minhash(STORY)), lsh_band_keys(minhash(variant))
    assert set(keys_a) & set(keys_b)
    assert minhash(STORY).jaccard(minhash(variant)) >= 0.7


def test_unrelated_texts_share_no_band():
    other = "The central bank left interest rates unchanged, citing weak demand and falling prices. " * 3
    assert not set(lsh_band_keys(minhash(STORY))) & set(lsh_band_keys(minhash(other)))


def test_minhash_round_trips_through_bytes():
    signature = minhash(STORY)
    assert minhash_from_bytes(minhash_bytes(signature)).jaccard(signature) == 1.0
