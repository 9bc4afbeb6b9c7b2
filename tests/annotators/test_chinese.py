"""Chinese documents: actor linking over characters (annotators/chinese.py).

The sentences are written for these tests in the style of ministry readouts and press conferences.
"""

from datetime import date
from pathlib import Path

import pytest

from communique.annotators.chinese import ChineseLinker, chinese_annotations, is_chinese
from communique.annotators.evaluation import evaluate, read_gold
from communique.annotators.pipeline import AnnotationInput, annotate
from communique.kb import load_kb

GOLD = Path(__file__).resolve().parents[1] / "gold" / "linking.jsonl"


@pytest.fixture(scope="module")
def linker():
    return ChineseLinker(load_kb())


def found(linker, text, published=None):
    return [(m.text, m.entity_id) for m in linker.link(text, published)]


def ids(linker, text, published=None):
    return [entity_id for _, entity_id in found(linker, text, published)]


def test_full_names_link_and_the_longest_name_wins(linker):
    text = "中国人民银行同巴基斯坦签署协议，发展中国家普遍欢迎。"
    assert found(linker, text) == [
        ("中国人民银行", "org:pboc"),
        ("巴基斯坦", "PAK"),
        ("发展中国家", "group:developing-countries"),
    ]
    assert ids(linker, "中巴经济走廊是共建一带一路的旗舰项目。") == ["initiative:cpec", "initiative:bri"]
    assert ids(linker, "白俄罗斯总统卢卡申科访问南苏丹。") == ["BLR", "person:alexander-lukashenko", "SSD"]


def test_names_inside_longer_words_are_not_mentions(linker):
    # 欧美国家 is 欧美 + 国家, 蒙古族 an ethnic group, 其中国际 其中 + 国际
    assert "USA" not in ids(linker, "欧美国家对此反应不一。")
    assert ids(linker, "蒙古族群众欢度节日。") == []
    assert "CHN" not in ids(linker, "其中国际组织十个。")
    # an organisation the KB does not know: its country name is part of its name
    assert ids(linker, "巴基斯坦国立科技大学的学者发表文章。") == []
    assert ids(linker, "巴基斯坦国家银行宣布降息。") == []
    # a person's name that is also a word links only after a title
    assert ids(linker, "第三届高峰论坛在北京开幕。") == ["CHN"]
    assert "person:gao-feng" in ids(linker, "商务部发言人高峰表示，中方将采取必要措施。", date(2019, 5, 9))
    # 一个中国原则 names a concept, not the actor
    assert "CHN" not in ids(linker, "坚持一个中国原则是国际社会的普遍共识。")


def test_two_party_compounds_give_both_parties_one_character_each(linker):
    mentions = linker.link("中美关系正处在关键节点，中日韩合作稳步推进。")
    assert [(m.text, m.entity_id, m.start, m.end) for m in mentions] == [
        ("中", "CHN", 0, 1),
        ("美", "USA", 1, 2),
        ("中", "CHN", 12, 13),
        ("日", "JPN", 13, 14),
        ("韩", "KOR", 14, 15),
    ]
    assert ids(linker, "中俄双方同意加强战略协作。") == ["CHN", "RUS"]
    assert ids(linker, "中巴是全天候战略合作伙伴。") == ["CHN", "PAK"]
    assert ids(linker, "中欧领导人举行视频会晤。") == ["CHN", "org:eu"]
    assert ids(linker, "中非友谊源远流长。") == ["CHN", "region:africa"]
    # "中美加强合作": the longest run followed by a relational word (加强)
    assert ids(linker, "中美加强沟通。") == ["CHN", "USA"]


def test_single_characters_are_never_matched_outside_compounds(linker):
    assert ids(linker, "中美洲国家出席会议。") == ["region:central-america"]
    assert ids(linker, "美好的未来属于各国人民。") == []
    assert ids(linker, "他在会上强调法治。") == []
    # a date before the compound: 14日 is the 14th, not Japan
    assert ids(linker, "3月14日中美双方举行会谈。") == ["CHN", "USA"]
    # 非法 is "illegal", not Africa and France
    assert ids(linker, "打击非法贸易。") == []


def test_fixed_compounds_and_context_choose_the_party(linker):
    assert ids(linker, "巴以冲突持续升级。") == ["PSE", "ISR"]
    assert ids(linker, "俄乌冲突爆发以来。") == ["RUS", "UKR"]
    # 巴 is Pakistan by default, Brazil in a document about Brazil
    assert ids(linker, "中巴关系是全天候战略合作伙伴关系。") == ["CHN", "PAK"]
    assert ids(linker, "巴西总统卢拉表示，中巴关系前景广阔。") == [
        "BRA",
        "person:luiz-inacio-lula-da-silva",
        "CHN",
        "BRA",
    ]


def test_sides_are_parties_but_not_inside_ordinary_words(linker):
    assert ids(linker, "中方愿同巴方一道努力。") == ["CHN", "PAK"]
    assert ids(linker, "中方面临的挑战不少。") == ["CHN"]  # 中方 + 面临
    assert ids(linker, "双方在多方面开展合作。") == []
    assert ids(linker, "我们将采用新方法。") == []
    assert ids(linker, "其中方案有三个。") == []


def test_generic_bodies_belong_to_the_country_named_before_them(linker):
    assert found(linker, "美国务院发言人表示关切。") == [("美", "USA"), ("国务院", "org:mfa-usa")]
    assert found(linker, "巴外交部发表声明。") == [("巴", "PAK"), ("外交部", "org:mfa-pak")]
    assert ids(linker, "巴基斯坦外交部发表声明。") == ["org:mfa-pak"]
    # alone, the body of the document's main country (China by default)
    assert ids(linker, "外交部发言人汪文斌主持例行记者会。") == ["org:mfa-chn", "person:wang-wenbin"]
    assert ids(linker, "国务院总理李强出席会议。") == ["org:state-council", "person:li-qiang"]


def test_people_titles_and_unknown_names(linker):
    assert ids(linker, "習近平出席會議。") == ["person:xi-jinping"]  # Traditional characters
    assert ids(linker, "拜登和普京通电话，古特雷斯表示欢迎。") == [
        "person:joe-biden",
        "person:vladimir-putin",
        "person:antonio-guterres",
    ]
    # a surname before a title: the one in office on the publication date
    assert ids(linker, "会见时，习主席指出，两国是好邻居。", date(2024, 5, 1)) == ["person:xi-jinping"]
    assert ids(linker, "外长王毅会见来访客人，王外长表示欢迎。") == ["person:wang-yi", "person:wang-yi"]
    # an unknown name after a title, before a speech verb: an unlinked person
    mentions = linker.link("卫生部发言人刘文华表示，疫情总体可控。")
    assert [(m.text, m.entity_id, m.type) for m in mentions] == [("刘文华", None, "PERSON")]


def test_locatives_make_places(linker):
    roles = {
        (m.text, m.role)
        for m in linker.link(
            "会议在北京举行。北京表示欢迎。王毅赴巴基斯坦访问。南海局势总体稳定。在台湾问题上"
        )
    }
    assert roles == {
        ("北京", "place"),
        ("北京", "actor"),
        ("王毅", "actor"),
        ("巴基斯坦", "place"),
        ("南海", "place"),
        ("台湾", "actor"),
    }


def test_chinese_annotations_have_the_contract_shape():
    text = "外交部发言人毛宁表示，中方愿同各方一道，推动构建人类命运共同体。中美两国应相互尊重。"
    result = chinese_annotations(text, None, published=date(2024, 1, 8))
    assert len(result["sentences"]) == 2
    by_id = {e["id"]: e for e in result["entities"]}
    assert by_id["person:mao-ning"]["role_at_date"] == "Foreign Ministry Spokesperson"
    china = by_id["CHN"]
    assert china["name"] == "China" and [m["sentence"] for m in china["mentions"]] == [0, 1]
    for entity in result["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]


def test_pipeline_routes_chinese_text_even_without_a_language(nlp):
    text = "王毅同巴基斯坦外长会谈。双方同意推动中巴经济走廊建设。"
    for language in ("zh", None):
        ((_, result),) = list(annotate(nlp, [AnnotationInput(text, "2024-03-20", language)]))
        assert {e["id"] for e in result["entities"]} == {"person:wang-yi", "PAK", "initiative:cpec"}
    assert is_chinese(text) and not is_chinese("China and Pakistan 中巴 agreed on a plan.")


def test_chinese_gold_documents_link_well(nlp):
    gold = [doc for doc in read_gold(GOLD) if is_chinese(doc["text"])]
    assert len(gold) >= 4
    report = evaluate(gold, nlp)
    assert report.scores["linking"].f1 >= 0.95, report.scores["linking"]


def test_chinese_dates_resolve_against_the_publication_date():
    text = "2019年6月3日，两国签署协议。3月14日，双方再次会谈。今年是建交70周年，去年双方互访，上周外长通话。"
    result = chinese_annotations(text, None, published=date(2021, 5, 21))
    assert [(d["text"], d["value"], d["granularity"], d["anchor"]) for d in result["dates"]] == [
        ("2019年6月3日", "2019-06-03", "day", "absolute"),
        ("3月14日", "2021-03-14", "day", "published"),
        ("今年", "2021", "year", "published"),
        ("去年", "2020", "year", "published"),
        ("上周", "2021-W19", "week", "published"),
    ]
    undated = chinese_annotations("3月14日，双方会谈。", None)
    assert [(d["value"], d["anchor"]) for d in undated["dates"]] == [(None, None)]


def test_chinese_figures_become_claims():
    text = "中国向120多个国家提供了2000亿只口罩。今年是中巴建交45周年，双边贸易额约230亿美元，增长12.5%。"
    claims = chinese_annotations(text, None, published=date(2021, 5, 21))["claims"]
    assert [(c["value"], c["unit"], c["kind"], c["qualifier"]) for c in claims] == [
        (120, "国家", "count", "more than"),
        (200_000_000_000, "口罩", "count", None),
        (45, "anniversary", "anniversary", None),
        (23_000_000_000, "USD", "money", "about"),
        (12.5, "percent", "change", None),  # 增长12.5%: a change, as "up 12.5%" in English
    ]
    assert claims[0]["about"] == "CHN" and claims[2]["about"] is None  # 中, 巴: two parties
    assert all(text[c["start"] : c["end"]] == c["text"] for c in claims)
    # 今年 dates the anniversary and the figures after it in its sentence
    assert [c["date"] for c in claims] == [None, None, "2021", "2021", "2021"]


def test_chinese_changes_and_claim_dates():
    text = "2022年，中国与东盟贸易额达到9753亿美元，同比增长11.2%。出口比2021年下降了3.5%。"
    claims = chinese_annotations(text, None, published=date(2023, 3, 1))["claims"]
    assert [(c["text"], c["value"], c["kind"], c["date"]) for c in claims] == [
        ("9753亿美元", 975_300_000_000, "money", "2022"),
        ("11.2%", 11.2, "change", "2022"),
        ("3.5%", -3.5, "change", None),  # 2021 is the base of the comparison, not the figure's date
    ]


def test_chinese_partnership_levels_become_relations():
    text = (
        "中俄新时代全面战略协作伙伴关系处于历史最高水平。2015年，中巴两国关系提升为全天候战略合作伙伴关系。"
    )
    relations = chinese_annotations(text, None, published=date(2024, 1, 8))["relations"]
    assert [(r["level"], r["parties"], r["date"]) for r in relations] == [
        ("comprehensive-strategic-partnership-of-coordination-for-a-new-era", ["CHN", "RUS"], "2019-06-05"),
        ("all-weather-strategic-cooperative-partnership", ["CHN", "PAK"], "2015"),
    ]
    assert all(text[r["start"] : r["end"]] == r["text"] for r in relations)
