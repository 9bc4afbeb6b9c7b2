from communique.documents.language import detect_language


def test_detects_english_french_and_chinese():
    assert (
        detect_language("The spokesperson said both sides agreed to strengthen dialogue and cooperation.")
        == "en"
    )
    assert (
        detect_language(
            "Le porte-parole a déclaré que les deux parties ont convenu de renforcer le dialogue."
        )
        == "fr"
    )
    assert detect_language("外交部发言人表示，中方愿同各方加强对话与合作，共同维护地区和平稳定。") == "zh"


def test_too_short_is_unknown_not_guessed():
    assert detect_language("Hi") is None
