"""Quantitative claims: the figures a text puts forward ("more than 200 billion masks", "57.1 billion
yuan", "an increase of 23.8%", "the 45th anniversary of diplomatic relations"), each normalised and
tied to the actor it is about and to its modality.

Why not a general quantity parser: diplomatic prose states counts of countries, agreements and
doses, money in many currencies and Indian/Pakistani scales (lakh, crore), and is full of numbers
that are not claims (years, "G20", "COVID-19", "Resolution 2758", "the 20th meeting", list
numbers). One left-to-right pass over spaCy tokens finds number cores (digits, number words,
fused forms like "3bn" or "US$5"), then reads outwards: currency symbol and qualifier before,
range, scale, percent or currency word and the counted noun phrase after. The dependency parse
only decides what the figure hangs from (change or level, about whom, which verb's modality).

Decisions (documented in the tests):
- A qualifier belongs to the figure it precedes: in "more than 150 countries and 10 international
  organizations" only 150 is "more than" (English repeats a qualifier when it distributes).
- Vague quantities ("dozens of countries", "tens of thousands of workers", "several hundred") are
  not claims: a claim is a figure, and any number given to an order of magnitude would be invented
  (the claim tracker could not compare them either). They are never read as a number.
- A decrease ("down 5%", "fell by 3.1%", "a decline of 2 billion yuan") has a negative value.
- "from 10% to 15%" gives two claims (the two levels), not a range.
- Durations and ages ("for 15 years", "a 3-day visit") are left to the dates component; "N years
  of/since ..." after mark/celebrate/commemorate is an anniversary.
- Bare counts with no counted noun, no scale and no qualifier are dropped (codes and debris).
- A count after "these/those/both" refers back; after "the" only when it names parties ("the two
  sides", "the 10 ASEAN countries") or a plural name ("the two Koreas"): "the 298 people on board"
  is a figure. A partitive's whole is a claim of its own ("193 of the 298 people").
- A count with no noun of its own ("two others", "up from 25", "seven more", "41 of them") takes
  the last count's noun in its sentence, else one its context implies ("the death toll rose to
  4,000": deaths); a lone "one" is kept only with a qualifier or as such an antecedent.
- Multiples have unit "times": "double" (a verb) and "fourfold" are changes, "twice" a count.
- "5G", "G20", "COVID-19", "Boeing 737" and numbers inside organisation/event/law names are names.
- `date` is the dates component's value for the date phrase of the figure or of its own verb
  ("In the first half of 2020 ... 57.1 billion yuan": 2020-H1); a bounded period gives
  "begin/end". The base of a change ("up 12.4% on 2015") and a date of the saying ("said last
  week that it would provide ...") are not the figure's date: then it has none.
All vocabulary (scales, number words, currencies, qualifiers, measure words, change words, reference
words) is data in kb/units.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from spacy.tokens import Doc, Span, Token

from communique.annotators.modality import ModalityCues, governing_verb, load_units, modality_of, verb_forms

COUNT, MONEY, PERCENT, CHANGE, ANNIVERSARY = "count", "money", "percent", "change", "anniversary"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")
_HAS_DIGIT = re.compile(r"\d")
_CODE_LIKE = re.compile(r"^0\d|^\d+(?:[-/.]\d+){2,}$")
_YEAR_PREPOSITIONS = frozenset(
    {"in", "since", "by", "from", "until", "of", "before", "after", "during", "through"}
)
_DASHES = frozenset({"-", "–", "—", "‒", "to"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_UNIT_TAGS = _NOUN_TAGS | {"JJ", "JJS", "VBN", "VBG", "HYPH", "FW", "AFX"}
_NAME_ENTS = frozenset(
    {"ORG", "EVENT", "LAW", "PRODUCT", "FAC", "WORK_OF_ART", "PERSON", "GPE", "LOC", "NORP"}
)
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "«", "»", "(", "["})
_AGENT_PREPS = frozenset({"by", "of", "between"})
_DATELINE_DASHES = frozenset({"--", "—", "–"})
_PLACES_AND_PEOPLE = frozenset({"GPE", "LOC", "NORP", "PERSON", ""})
_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass"})
_ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "conj"})


@dataclass
class _Quantity:
    """A figure found in the text, before it becomes a claim dict."""

    start: int  # first token of the claim text (qualifier or currency symbol included)
    end: int  # one past the last token of the claim text
    value: Decimal | None
    value_max: Decimal | None = None
    qualifier: str | None = None
    kind: str = COUNT
    currency: str | None = None
    unit: str | None = None
    unit_head: int | None = None  # token index of the counted noun or currency/percent word
    sign: int = 0  # -1/+1 for a change found before the figure ("down", "up")
    scaled: bool = False
    words_only: bool = False
    lone_one: bool = False  # "one guard": kept only with a qualifier or as the antecedent of "two others"
    elliptic: bool = False  # no counted noun of its own ("two others", "up from 25"): takes one from context
    number: int = -1  # token index of the number's last word, for an elliptic figure's context
    pair: list[_Quantity] = field(default_factory=list)  # "from X to Y": the second level


@dataclass
class _Core:
    """The number itself: digits or number words, with its scale."""

    end: int
    value: Decimal | None
    scaled: bool = False
    currency: tuple[str | None, str | None] | None = None  # (code, unit) from a fused symbol ("US$5")
    percent: bool = False
    value_max: Decimal | None = None
    words_only: bool = False
    lone_one: bool = False
    year_like: bool = False


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _number_out(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _decimals(table: Any) -> dict[str, Decimal]:
    return {str(k).lower(): Decimal(str(v)) for k, v in (table or {}).items()}


def _tuples(surfaces: Any) -> list[tuple[str, ...]]:
    return [tuple(str(s).lower().split()) for s in surfaces or []]


class ClaimExtractor:
    """Finds quantitative claims in a processed Doc. Built once from kb/units.yaml; `extract` is one
    pass over the tokens and only looks further at the few that can start a figure."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data if data is not None else load_units()
        irregular = {str(k).lower(): list(v) for k, v in (data.get("irregular_verbs") or {}).items()}
        self.cues = ModalityCues.from_data(data)
        self.multipliers = _decimals(data.get("multipliers"))
        self.fused_multipliers = fused = _decimals(data.get("fused_multipliers"))
        words = _decimals(data.get("number_words"))
        self.hundred = {w for w, v in words.items() if v == 100}
        self.dozen = {w for w, v in words.items() if v == 12 and w not in ("twelve",)}
        self.number_words = {w: v for w, v in words.items() if w not in self.hundred and w not in self.dozen}
        self.fractions = _decimals(data.get("fractions"))
        self.ordinal_words = {str(k).lower(): int(v) for k, v in (data.get("ordinal_words") or {}).items()}
        self.qualifiers: dict[tuple[str, ...], str] = {}
        for canonical, surfaces in (data.get("qualifiers") or {}).items():
            for surface in _tuples(surfaces):
                self.qualifiers[surface] = str(canonical)
        self.postfix: dict[tuple[str, ...], str] = {
            tuple(str(k).lower().split()): str(v) for k, v in (data.get("postfix_qualifiers") or {}).items()
        }
        self.currency_before: dict[tuple[str, ...], tuple[str, str]] = {}
        self.currency_after: dict[tuple[str, ...], tuple[str, str]] = {}
        self.currency_units: dict[str, str] = {}
        symbols: list[str] = []
        for currency in data.get("currencies") or []:
            target = (str(currency["code"]), str(currency["unit"]))
            self.currency_units[target[0]] = target[1]
            for surface in currency.get("before") or []:
                self.currency_before[tuple(str(surface).lower().split())] = target
                symbols.append(str(surface))
            for surface in _tuples(currency.get("after")):
                self.currency_after[surface] = target
        # symbols naming no single currency ("Rs", "¥"): resolved per claim, see `_resolve_currency`
        self.contextual: dict[str, tuple[dict[str, str], str | None]] = {}
        for number, currency in enumerate(data.get("contextual_currencies") or []):
            key = f"?{number}"
            by_country = {str(k): str(v) for k, v in (currency.get("by_country") or {}).items()}
            default = currency.get("default")
            self.contextual[key] = (by_country, str(default) if default else None)
            for surface in currency.get("surfaces_before") or []:
                self.currency_before[tuple(str(surface).lower().split())] = (key, str(currency["unit"]))
                symbols.append(str(surface))
            for surface in _tuples(currency.get("surfaces_after")):
                self.currency_after[surface] = (key, str(currency["unit"]))
        symbols = [s for s in symbols if not s.isalpha() and " " not in s and not s.endswith(".")]
        self.percent_words: dict[tuple[str, ...], str] = {}
        for canonical, surfaces in (data.get("percent_words") or {}).items():
            for surface in _tuples(surfaces):
                self.percent_words[surface] = str(canonical)
        change = data.get("change") or {}
        self.up_verbs = verb_forms(change.get("up_verbs") or [], irregular)
        self.down_verbs = verb_forms(change.get("down_verbs") or [], irregular)
        self.up_nouns = frozenset(str(w).lower() for w in change.get("up_nouns") or [])
        self.down_nouns = frozenset(str(w).lower() for w in change.get("down_nouns") or [])
        self.change_adverbs = {str(w).lower(): 1 for w in change.get("up_adverbs") or []} | {
            str(w).lower(): -1 for w in change.get("down_adverbs") or []
        }
        self.year_on_year = _tuples(change.get("year_on_year"))
        self.base_prepositions = frozenset(str(w).lower() for w in change.get("base_prepositions") or [])
        self.measure_words = frozenset(str(w).lower() for w in data.get("measure_words") or [])
        self.drop_modifiers = frozenset(str(w).lower() for w in data.get("unit_drop_modifiers") or [])
        self.reference_words = frozenset(str(w).lower() for w in data.get("reference_words") or [])
        self.time_units = frozenset(str(w).lower() for w in data.get("time_units") or [])
        self.months = frozenset(str(w).lower() for w in data.get("months") or [])
        self.definites = frozenset(str(w).lower() for w in data.get("definite_determiners") or [])
        ellipsis = data.get("ellipsis") or {}
        self.elliptic_words = frozenset(str(w).lower() for w in ellipsis.get("words") or [])
        self.elliptic_pronouns = frozenset(str(w).lower() for w in ellipsis.get("pronouns") or [])
        self.elliptic_deps = frozenset(str(w) for w in ellipsis.get("dependencies") or [])
        self.date_determiners = frozenset(str(w).lower() for w in ellipsis.get("date_determiners") or [])
        self.count_nouns = frozenset(str(w).lower() for w in data.get("count_nouns") or [])
        self.implied_units = {str(k).lower(): str(v) for k, v in (data.get("implied_units") or {}).items()}
        multiples = data.get("multiples") or {}
        self.multiplier_verbs = _decimals(multiples.get("verbs"))
        self.multiplier_adverbs = _decimals(multiples.get("adverbs"))
        self.frequency_followers = frozenset(str(w).lower() for w in multiples.get("not_before") or [])
        self.hyphen_counts = {str(k).lower(): str(v) for k, v in (data.get("hyphen_counts") or {}).items()}
        self.party_nouns = frozenset(str(w).lower() for w in data.get("party_nouns") or [])
        self.partitive_determiners = frozenset(
            str(w).lower() for w in data.get("partitive_determiners") or []
        )
        self.anniversary_nouns = frozenset(str(w).lower() for w in data.get("anniversary_nouns") or [])
        self.anniversary_verbs = verb_forms(data.get("anniversary_verbs") or [], irregular)
        self.years_words = frozenset({"year", "years"})
        self.max_qualifier = max((len(k) for k in self.qualifiers), default=1)
        self.max_currency = max((len(k) for k in [*self.currency_before, *self.currency_after]), default=1)
        self.max_percent = max((len(k) for k in self.percent_words), default=1)
        symbol_pattern = "|".join(re.escape(s) for s in sorted(set(symbols), key=len, reverse=True))
        percent_suffixes = [k[0] for k in self.percent_words if len(k) == 1 and k[0].isalpha()]
        suffixes = {*fused, "%", *percent_suffixes}
        suffix_pattern = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
        self._fused = re.compile(
            rf"^(?P<sym>{symbol_pattern})?(?P<num>{_NUMBER})(?P<suf>{suffix_pattern})?$", re.IGNORECASE
        )
        self._range = re.compile(rf"^(?P<a>{_NUMBER})[-–—](?P<b>{_NUMBER})(?P<suf>%)?$")
        self._symbol_by_text = {s.lower(): self.currency_before[(s.lower(),)] for s in symbols}
        self.starters = (
            frozenset(self.number_words)
            | frozenset(self.ordinal_words)
            | frozenset(self.fractions)
            | frozenset(self.multipliers)
            | self.hundred
            | self.dozen
            | {"a", "an"}
        )

    @classmethod
    def from_kb_dir(cls, kb_dir: str | None = None) -> ClaimExtractor:
        return cls(load_units(kb_dir))

    # ------------------------------------------------------------------ public

    def extract(self, doc: Doc) -> list[dict[str, Any]]:
        """One dict per quantitative claim, in text order (the contract's `claims` shape)."""
        context = _DocContext(doc, self)
        found: list[_Quantity] = []
        index = 0
        length = len(doc)
        while index < length:
            token = doc[index]
            lower = token.lower_
            if lower in self.multiplier_verbs or lower in self.multiplier_adverbs or lower.endswith("fold"):
                multiple = self._multiple(doc, index)
                if multiple is not None:
                    found.append(multiple)
                index += 1
                continue
            if not (token.like_num or lower in self.starters or _HAS_DIGIT.search(token.text)):
                index += 1
                continue
            quantity = self._quantity_at(doc, index, context)
            if quantity is None:
                index += 1
                continue
            found.append(quantity)
            found.extend(quantity.pair)
            index = max(index + 1, max(q.end for q in [quantity, *quantity.pair]))
        _inherit_currency(found, context)
        found = self._inherit_unit(doc, found, context)
        return [self._claim(doc, quantity, context) for quantity in found]

    # ------------------------------------------------------------------ finding figures

    def _multiple(self, doc: Doc, i: int) -> _Quantity | None:
        """ "will double its aid", "grew nearly fourfold" (changes) and "twice crossed the line" (a count
        of times): unit "times". "double" only as a verb ("double standards" is no figure); "twice a
        year" is a frequency, left to the dates component."""
        token = doc[i]
        lower = token.lower_
        kind = CHANGE
        if lower in self.multiplier_verbs:
            if not token.tag_.startswith("VB"):
                return None
            value = self.multiplier_verbs[lower]
        elif lower in self.multiplier_adverbs:
            following = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            if following in self.frequency_followers:
                return None
            value, kind = self.multiplier_adverbs[lower], COUNT
        else:
            stem = lower[: -len("fold")].rstrip("-")
            number = self.number_words.get(stem) if not stem.isdigit() else Decimal(stem)
            rise = token.head.lower_ in self.up_nouns
            if not number or (token.dep_ == "amod" and not rise):
                return None  # "the threefold pressure": a kind, not a multiple ("a threefold rise" is)
            value = number
        start, qualifier, _, _, _, _ = self._before(doc, i, _Core(end=i + 1, value=value))
        return _Quantity(start, i + 1, value, qualifier=qualifier, kind=kind, unit="times", unit_head=i)

    def _quantity_at(self, doc: Doc, i: int, context: _DocContext) -> _Quantity | None:
        anniversary = self._anniversary(doc, i, context)
        if anniversary is not None or self._ordinal_value(doc, i) is not None:
            return anniversary
        core = self._core(doc, i)
        if core is None or self._not_a_claim(doc, i, core):
            return None
        start, qualifier, currency, sign, between, after_from = self._before(doc, i, core)
        quantity = _Quantity(start=start, end=core.end, value=core.value, qualifier=qualifier, sign=sign)
        quantity.scaled = core.scaled
        quantity.words_only = core.words_only
        quantity.lone_one = core.lone_one
        quantity.value_max = core.value_max
        currency = currency or core.currency
        j = core.end
        # a range or a pair of levels: "10-15 million", "between 10 and 20", "from 10% to 15%"
        second: _Core | None = None
        if core.value_max is None and j < len(doc) - 1:
            connector = doc[j].lower_
            if (
                connector in _DASHES
                or (connector == "and" and between)
                or (connector == "or" and core.words_only)
            ):
                second = self._core(doc, j + 1)
                if second is not None and (second.value is None or second.year_like):
                    second = None
        if second is not None:
            first_value = core.value
            if second.scaled and not core.scaled and first_value is not None:
                first_value *= self._scale_of(doc, second)
            if after_from:
                quantity.value = first_value
                quantity.end = core.end
                follower = _Quantity(start=j + 1, end=second.end, value=second.value)
                follower.scaled = second.scaled
                quantity.pair.append(follower)
            elif first_value is not None and second.value is not None and second.value > first_value:
                quantity.value, quantity.value_max = first_value, second.value
                quantity.end = j = second.end
                quantity.scaled = quantity.scaled or second.scaled
                currency = currency or second.currency
                core = _Core(end=second.end, value=second.value, percent=core.percent or second.percent)
            else:
                second = None
        tail = quantity.pair[-1] if quantity.pair else quantity
        j = _skip_space(doc, tail.end)
        postfix, j = self._postfix(doc, j)
        if postfix and not quantity.qualifier:
            quantity.qualifier = postfix
        percent, after_percent = self._match(doc, _skip_space(doc, j), self.percent_words, self.max_percent)
        if percent:
            j = after_percent
        if core.percent:
            percent = percent or "percent"
        if percent:
            for q in [quantity, *quantity.pair]:
                q.kind, q.unit = PERCENT, percent
            tail.end = j
            tail.unit_head = j - 1
        else:
            if currency is None:
                after, k = self._match(doc, _skip_space(doc, j), self.currency_after, self.max_currency)
                if after is not None and not doc[k - 1].tag_.startswith("VB"):
                    currency, j = after, k
            if currency is not None:
                for q in [quantity, *quantity.pair]:
                    q.kind, q.currency, q.unit = MONEY, currency[0], currency[1]
                tail.end = max(tail.end, j)
                tail.unit_head = j - 1
            else:
                unit = self._unit(doc, j, quantity, context)
                if unit is None:
                    return None
                if quantity.kind == COUNT and self._refers_back(doc, quantity, _skip_space(doc, j)):
                    return None
        if quantity.pair:
            quantity.pair[0].qualifier = None
            for q in quantity.pair:
                q.kind, q.unit, q.currency = quantity.kind, quantity.unit, quantity.currency
                if q.unit_head is None:
                    q.unit_head = tail.unit_head
        self._change(doc, quantity)
        return quantity

    def _scale_of(self, doc: Doc, core: _Core) -> Decimal:
        """The scale a second range end carries, applied to a bare first end ("10-15 million")."""
        for token in doc[max(core.end - 3, 0) : core.end]:
            if token.lower_ in self.multipliers:
                return self.multipliers[token.lower_]
        match = self._fused.match(doc[core.end - 1].text)
        if match and match.group("suf") and match.group("suf").lower() in self.fused_multipliers:
            return self.fused_multipliers[match.group("suf").lower()]
        return Decimal(1)

    def _core(self, doc: Doc, i: int) -> _Core | None:
        """The number at token i with its scale words, or None."""
        token = doc[i]
        text = token.text
        if _CODE_LIKE.match(text):
            return None  # "02", "06-20", "0086": dates, codes and table debris
        fused = self._fused.match(text)
        if fused:
            value = _decimal(fused.group("num"))
            if value is None:
                return None
            core = _Core(end=i + 1, value=value)
            core.year_like = bool(_YEAR.match(text))
            symbol = fused.group("sym")
            if symbol:
                core.currency = self._symbol_by_text.get(symbol.lower())
            suffix = (fused.group("suf") or "").lower()
            if suffix in self.fused_multipliers:
                core.value = value * self.fused_multipliers[suffix]
                core.scaled = True
            elif suffix:
                core.percent = True
            return self._scale(doc, core)
        ranged = self._range.match(text)
        if ranged:
            low, high = _decimal(ranged.group("a")), _decimal(ranged.group("b"))
            if low is None or high is None or high <= low or _YEAR.match(ranged.group("a")):
                return None
            core = _Core(end=i + 1, value=low, value_max=high, percent=bool(ranged.group("suf")))
            return self._scale(doc, core)
        return self._words(doc, i)

    def _scale(self, doc: Doc, core: _Core) -> _Core:
        j = core.end
        while j < len(doc) and (
            doc[j].lower_ in self.multipliers
            or (doc[j].lower_ in self.fused_multipliers and not doc[j - 1].whitespace_)  # "20 m" as "20m"
        ):
            scale = self.multipliers.get(doc[j].lower_) or self.fused_multipliers[doc[j].lower_]
            if core.value is not None:
                core.value *= scale
            if core.value_max is not None:
                core.value_max *= scale
            core.scaled = True
            j += 1
        core.end = j
        return core

    def _words(self, doc: Doc, i: int) -> _Core | None:
        """Spelled-out numbers ("two billion", "half a million", "a dozen", "one and a half billion").
        A scale word with no number before it ("thousands of", "several hundred") reads as nothing."""
        token = doc[i]
        length = len(doc)
        total = Decimal(0)
        current: Decimal | None = None
        j = i
        seen_number = False
        while j < length:
            word = doc[j].lower_
            nxt = doc[j + 1].lower_ if j + 1 < length else ""
            if word in ("a", "an") and (nxt in self.multipliers or nxt in self.hundred or nxt in self.dozen):
                current = Decimal(1) if current is None else current
            elif (
                word in self.fractions
                and nxt in ("a", "an")
                and j + 2 < length
                and (doc[j + 2].lower_ in self.multipliers or doc[j + 2].lower_ in self.hundred)
            ):
                current = self.fractions[word]
                j += 1  # skip the article
            elif (
                word == "and"
                and current is not None
                and nxt in ("a", "an")
                and j + 2 < length
                and (doc[j + 2].lower_ in self.fractions)
            ):
                current += self.fractions[doc[j + 2].lower_]
                j += 2
            elif word == "and" and current is not None and nxt in self.number_words and seen_number:
                pass  # "two hundred and fifty"
            elif word == "-" and current is not None and nxt in self.number_words:
                pass  # "twenty-five"
            elif word in self.number_words:
                current = (current or Decimal(0)) + self.number_words[word]
                seen_number = True
            elif word in self.hundred and current is not None:
                current *= 100
                seen_number = True
            elif word in self.dozen and current is not None:
                current *= 12
                seen_number = True
            elif word in self.multipliers and current is not None:
                total += current * self.multipliers[word]
                current = None
                seen_number = True
            else:
                break
            j += 1
        if j == i or not seen_number:
            return None
        value = total + (current or Decimal(0))
        words = [t.lower_ for t in doc[i:j] if t.lower_ not in ("-", "and")]
        scaled = any(w in self.multipliers or w in self.hundred or w in self.dozen for w in words)
        if words == ["zero"]:
            return None
        if token.text[:1].isupper() and not token.is_sent_start and not _after_quote_start(doc, i):
            return None  # "the Five Principles", "Two Sessions": a name
        if doc[j - 1].lower_ in ("and", "-"):
            return None
        # "one of the", "no one", "one China" are pronouns or names: a lone "one" is provisional
        core = _Core(end=j, value=value, scaled=scaled, words_only=True, lone_one=words == ["one"])
        if any(w in self.multipliers for w in words) and i > 0 and self._fused.match(doc[i - 1].text):
            return None  # "57.1 billion": the digits' core, reached from inside
        return core

    def _ordinal_value(self, doc: Doc, i: int) -> int | None:
        text = doc[i].text
        match = _ORDINAL.match(text)
        if match:
            return int(match.group(1))
        lower = doc[i].lower_
        if lower in self.ordinal_words:
            return self.ordinal_words[lower]
        if (
            lower in self.number_words
            and i + 2 < len(doc)
            and doc[i + 1].text == "-"
            and doc[i + 2].lower_ in self.ordinal_words
            and self.number_words[lower] >= 20
        ):
            return int(self.number_words[lower]) + self.ordinal_words[doc[i + 2].lower_]
        return None

    def _anniversary(self, doc: Doc, i: int, context: _DocContext) -> _Quantity | None:
        """ "the 45th anniversary of diplomatic relations": value 45, unit "anniversary of diplomatic
        relations" (actors dropped from the unit; the claim is `about` the first of them)."""
        value = self._ordinal_value(doc, i)
        if value is None:
            return None
        j = i + 1
        if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in self.ordinal_words:
            j += 2
        for k in range(j, min(j + 4, len(doc))):
            if doc[k].lower_ in self.anniversary_nouns:
                quantity = _Quantity(start=i, end=k + 1, value=Decimal(value), kind=ANNIVERSARY)
                quantity.unit_head = k
                complement, end = self._complement(doc, k, context)
                quantity.unit = "anniversary" + (f" of {complement}" if complement else "")
                quantity.end = max(quantity.end, end)
                return quantity
            if doc[k].tag_ not in _UNIT_TAGS or doc[k].lower_ in ("of", ","):
                break
        return None

    def _complement(self, doc: Doc, head_index: int, context: _DocContext) -> tuple[str, int]:
        """The "of"/"since" complement of an anniversary, without articles and actor names."""
        head = doc[head_index]
        prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "since")), None)
        if prep is None:
            return "", head_index + 1
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if not objects:
            return "", head_index + 1
        rendered = _render(objects[0], context.actor_tokens, depth=0)
        return rendered, _phrase_end(objects[0]) + 1

    def _before(
        self, doc: Doc, i: int, core: _Core
    ) -> tuple[int, str | None, tuple[str | None, str] | None, int, bool, bool]:
        """What stands before the number: (text start, qualifier, currency, change sign, "between"
        seen, "from" seen)."""
        start = i
        currency: tuple[str | None, str] | None = None
        if core.currency is None:
            for n in range(min(self.max_currency, i), 0, -1):
                key = tuple(t.lower_ for t in doc[i - n : i])
                if key in self.currency_before:
                    currency = self.currency_before[key]
                    start = i - n
                    break
        qualifier = None
        for n in range(min(self.max_qualifier, start), 0, -1):
            key = tuple(t.lower_ for t in doc[start - n : start])
            if key in self.qualifiers:
                qualifier = self.qualifiers[key]
                start -= n
                break
        sign = 0
        between = after_from = False
        if start > 0:
            previous = doc[start - 1].lower_
            if doc[start - 1].dep_ != "prt":  # "set up 14 centres" is no rise
                sign = self.change_adverbs.get(previous, 0)
            between = previous == "between"
            after_from = previous == "from"
            if between:
                start -= 1  # "between 10 and 20 countries" reads as one figure
        return start, qualifier, currency, sign, between, after_from

    def _postfix(self, doc: Doc, j: int) -> tuple[str | None, int]:
        length = len(doc)
        k = j
        if k < length and doc[k].text in ("-",) and k + 1 < length and (doc[k + 1].lower_,) in self.postfix:
            k += 1  # "150-plus", "150-odd"
        for n in (2, 1):
            key = tuple(t.lower_ for t in doc[k : k + n])
            if len(key) == n and key in self.postfix:
                if key == ("+",) and k + 1 < length and doc[k + 1].like_num:
                    return None, j  # "2+2 dialogue"
                return self.postfix[key], k + n
        return None, j

    def _match(self, doc: Doc, j: int, table: dict[tuple[str, ...], Any], longest: int) -> tuple[Any, int]:
        for n in range(longest, 0, -1):
            key = tuple(t.lower_ for t in doc[j : j + n])
            if len(key) == n and key in table:
                return table[key], j + n
        return None, j

    def _unit_word(self, token: Token) -> bool:
        """A word of a counted noun phrase: nouns and their premodifiers ("protective", "test",
        "Asia-Pacific"); a participle only as a modifier ("detained fishermen", not "plans covering")."""
        tag = token.tag_
        if tag not in _UNIT_TAGS or token.like_num:
            return False
        if tag == "HYPH":
            return True
        inside = token.i > 0 and not token.whitespace_ and not token.nbor(-1).whitespace_
        if token.text in ("-", "–") and inside:
            return True  # "pro-democracy": a hyphen inside a word, whatever its tag
        if not any(ch.isalpha() for ch in token.text):
            return False  # "|", "*": table and markup debris
        if tag in ("VBG", "VBN"):
            return token.dep_ in ("amod", "compound", "nmod") and token.head.i > token.i
        return True

    def _coordinated_head(self, doc: Doc, j: int, k: int) -> int:
        """ "30 malaria prevention and treatment centres": the parse says the number counts "centres",
        past a coordination of modifiers the linear scan stopped at."""
        if j == 0 or k >= len(doc) or doc[k].lower_ not in ("and", "or", "&"):
            return k
        number = doc[j - 1]
        head = number.head if number.dep_ == "nummod" else None
        if head is None or not (k < head.i <= k + 6) or head.tag_ not in _NOUN_TAGS:
            return k
        between = doc[k : head.i]
        if all(self._unit_word(t) or t.lower_ in ("and", "or", "&") for t in between):
            return head.i + 1
        return k

    def _refers_back(self, doc: Doc, quantity: _Quantity, unit_start: int) -> bool:
        """ "the two sides", "these 54 countries": a definite count that names parties already known
        claims nothing; "the 298 people on board" still states a figure."""
        if quantity.qualifier or quantity.scaled or quantity.value_max is not None:
            return False
        k = quantity.start - 1
        while k >= 0 and doc[k].text in _QUOTES:
            k -= 1
        if k < 0:
            return False
        if doc[k].lower_ in self.definites:
            return True
        if doc[k].lower_ != "the" or quantity.unit_head is None:
            return False
        head = doc[quantity.unit_head]
        if head.tag_ == "NNPS":
            return True
        modifiers = doc[unit_start : quantity.unit_head]
        return head.lower_ in self.party_nouns and not any(t.tag_ in ("NN", "NNS") for t in modifiers)

    def _unit(self, doc: Doc, j: int, quantity: _Quantity, context: _DocContext) -> str | None:
        """The counted noun phrase after a count: "protective suits", "doses of vaccine",
        "countries and regions". Returns None (and the figure is dropped) when it is not a claim."""
        length = len(doc)
        quantity.number = j - 1
        j = _skip_space(doc, j)
        if j < length and doc[j].lower_ in self.elliptic_words:
            if j + 1 < length and self._unit_word(doc[j + 1]):
                j += 1  # "3,500 more troops": the troops are counted
            else:
                quantity.elliptic, quantity.end = True, j + 1  # "two others", "seven more"
                quantity.unit_head = quantity.number
                return ""
        if j + 1 < length and doc[j].text in ("-", "–") and doc[j + 1].lower_ in self.hyphen_counts:
            quantity.unit, quantity.unit_head = self.hyphen_counts[doc[j + 1].lower_], j + 1
            quantity.end = j + 2  # "a 62-member team": the members are counted
            return quantity.unit
        k = j
        while k < length and self._unit_word(doc[k]):
            if k > j and doc[k].lower_ in self.date_determiners:
                break  # "890,000 asylum seekers last year": the date is no part of the unit
            k += 1
        scanned = k
        while k > j and doc[k - 1].tag_ not in _NOUN_TAGS:
            k -= 1  # the phrase ends on its noun
        coordinated = self._coordinated_head(doc, j, scanned)  # "40 unarmed and peaceful protesters"
        k = coordinated if coordinated != scanned else self._coordinated_head(doc, j, k)
        names_only = k > j and all(t.tag_ in ("NNP", "NNPS") for t in doc[j:k])
        if names_only and not quantity.scaled and not quantity.qualifier and doc[k - 1].tag_ != "NNPS":
            return None  # "in 2019 China ...", "Boeing 737 Max": a name follows ("20 Benin Bronzes" counts)
        dated = k > j and doc[j].lower_ in self.date_determiners and doc[k - 1].lower_ in self.time_units
        if k == j or dated:  # "up from 25 last year": a date follows, not a counted noun
            if self._partitive(doc, j, quantity):
                return quantity.unit
            if j + 1 < length and doc[j].lower_ == "of" and doc[j + 1].lower_ in self.elliptic_pronouns:
                # "sent delegations to the summit, 41 of them led by ...": the nearest plural argument
                quantity.end = j + 2
                first = context.sentence_starts[context.sentence_of(quantity.start)]
                noun = next(
                    (
                        t
                        for t in reversed(doc[first : quantity.start])
                        if t.tag_ in ("NNS", "NNPS") and t.dep_ in _ARGUMENT_DEPS
                    ),
                    None,
                )
                if noun is None:
                    return None
                quantity.unit, quantity.unit_head = _readable(doc[noun.i : noun.i + 1], frozenset()), noun.i
                return quantity.unit
            quoted = quantity.start > 0 and doc[quantity.start - 1].text in (*_QUOTES, "`")
            if (dated or doc[quantity.number].dep_ in self.elliptic_deps) and not quoted:
                quantity.elliptic = True  # "bringing the total to 10": a noun phrase of its own
                quantity.unit_head = quantity.number  # its own anchor: "cut ... by 300,000" is a change
                return ""
            if quantity.scaled or quantity.qualifier:
                return ""  # "reached 1.2 billion", "more than 150": kept without a unit
            return None
        head = doc[k - 1]
        if head.lower_ in self.time_units:
            return self._years_anniversary(doc, k, quantity, context)  # else a duration or an age
        words = doc[j:k]
        quantity.unit = _readable(words, self.drop_modifiers)
        quantity.unit_head = k - 1
        quantity.end = k
        # "countries and regions", "activists and former lawmakers": a conjunct with no number or
        # article of its own shares the number
        conjunct_end = k + 1
        while conjunct_end < length and conjunct_end <= k + 3 and doc[conjunct_end].tag_ != "NNS":
            if not self._unit_word(doc[conjunct_end]):
                break
            conjunct_end += 1
        if (
            k + 1 < length
            and doc[k].lower_ in ("and", "or")
            and conjunct_end < length
            and doc[conjunct_end].tag_ == "NNS"
            and all(self._unit_word(t) for t in doc[k + 1 : conjunct_end])
        ):
            conjunct = doc[conjunct_end]
            if (
                conjunct.dep_ == "conj"
                and conjunct.head.i == head.i
                and not any(c.dep_ in ("nummod", "det") for c in conjunct.children)
            ):
                conjunct_text = _readable(doc[k + 1 : conjunct_end + 1], frozenset())
                quantity.unit = f"{quantity.unit} {doc[k].lower_} {conjunct_text}"
                quantity.end = conjunct_end + 1
        # "500,000 doses of vaccine": a measure word keeps what it measures
        elif head.lower_ in self.measure_words and k + 1 < length and doc[k].lower_ == "of":
            m = k + 1
            while m < length and doc[m].lower_ in ("the", "a", "an"):
                m += 1
            n = m
            while n < length and (doc[n].tag_ in _UNIT_TAGS or (doc[n].tag_ == "CD" and not doc[n].is_space)):
                n += 1
            while n > m and doc[n - 1].tag_ not in _NOUN_TAGS:
                n -= 1
            if n > m:
                quantity.unit = f"{quantity.unit} of {_readable(doc[m:n], frozenset())}"
                quantity.end = n
        return quantity.unit

    def _inherit_unit(self, doc: Doc, found: list[_Quantity], context: _DocContext) -> list[_Quantity]:
        """An elliptic count takes the counted noun of the last count before it in its sentence
        ("killing one peacekeeper and wounding two others", "141 countries in favour and 35 against"),
        else one its context implies ("the death toll rose to 4,000": deaths); unresolved, it stays only
        when a qualifier or scale makes it a figure. A lone "one" stays only with a qualifier ("at least
        one person") or as such an antecedent."""
        kept: list[_Quantity] = []
        antecedents: set[int] = set()
        for quantity in found:
            if quantity.elliptic and quantity.lone_one:
                continue  # "no one would", "one of them"
            if quantity.elliptic and quantity.kind in (COUNT, CHANGE) and not quantity.unit:
                sentence = context.sentence_of(quantity.start)
                antecedent = next(
                    (
                        q
                        for q in reversed(kept)
                        if q.kind == COUNT
                        and q.unit
                        and not q.elliptic
                        and context.sentence_of(q.start) == sentence
                    ),
                    None,
                )
                verb = governing_verb(doc[quantity.number], self.cues)
                if antecedent is not None and any(
                    t.tag_ in ("NNS", "NNPS") and t.dep_ in _CLAUSE_DEPS and t.head == verb
                    for t in doc[antecedent.end : quantity.start]
                ):
                    antecedent = None  # "... and fares rose to 18": its own clause says what it counts
                if antecedent is not None:
                    antecedents.add(id(antecedent))
                    plural = antecedent.value == 1 and quantity.value != 1
                    quantity.unit = _plural(antecedent.unit) if plural else antecedent.unit
                else:
                    quantity.unit = self._implied_unit(doc[quantity.number])
                if not quantity.unit and not (quantity.scaled or quantity.qualifier):
                    continue
            kept.append(quantity)
        return [q for q in kept if not q.lone_one or q.qualifier or id(q) in antecedents]

    def _implied_unit(self, number: Token) -> str | None:
        """ "a population of 45 million", "the death toll rose to 4,000", "cut the number of its troops by
        300,000": the noun the figure measures."""
        if number.dep_ != "pobj":
            return None
        governor = number.head.head
        nouns = [governor]
        if governor.pos_ not in ("NOUN", "PROPN"):
            nouns = [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        for noun in nouns:
            if noun.lower_ in self.implied_units:
                return self.implied_units[noun.lower_]
            if noun.lower_ in self.count_nouns:  # "cut the number of its troops by 300,000"
                of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                counted = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
                if counted is not None and counted.tag_ in ("NNS", "NNPS"):
                    return _readable(number.doc[counted.i : counted.i + 1], frozenset())
        return None

    def _partitive(self, doc: Doc, j: int, quantity: _Quantity) -> bool:
        """ "more than 150 of the 193 member states", "12 of the country's largest firms": the part
        counts the whole's noun. The claim text stops at the part; a total ("the 193 member states")
        is a figure of its own, found when the scan reaches it."""
        length = len(doc)
        if not (j + 2 < length and doc[j].lower_ == "of" and doc[j + 1].lower_ in self.partitive_determiners):
            return False
        first = j + 2
        if first + 1 < length and doc[first + 1].tag_ == "POS":
            first += 2  # "of the world's poorest countries"
        while first < length and doc[first].tag_ == "CD":
            first += 1
        k = first
        while k < length and doc[k].tag_ in _UNIT_TAGS and not doc[k].like_num:
            k += 1
        while k > first and doc[k - 1].tag_ not in _NOUN_TAGS:
            k -= 1
        if k == first or doc[k - 1].tag_ not in ("NNS", "NNPS"):
            return False
        quantity.unit = _readable(doc[first:k], self.drop_modifiers)
        quantity.unit_head = k - 1
        return True

    def _years_anniversary(self, doc: Doc, k: int, quantity: _Quantity, context: _DocContext) -> str | None:
        """ "marked 75 years of diplomatic relations": an anniversary; any other "N years" is a duration."""
        head = doc[k - 1]
        if head.lower_ not in self.years_words or k >= len(doc) or doc[k].lower_ not in ("of", "since"):
            return None
        verb = governing_verb(head, self.cues)
        if verb.lower_ not in self.anniversary_verbs:
            return None
        objects = [c for c in doc[k].children if c.dep_ in ("pobj", "pcomp")]
        complement = _render(objects[0], context.actor_tokens, depth=0) if objects else ""
        quantity.kind = ANNIVERSARY
        quantity.unit = "anniversary" + (f" of {complement}" if complement else "")
        quantity.unit_head = k - 1
        quantity.end = max(k, _phrase_end(objects[0]) + 1) if objects else k
        return quantity.unit

    def _not_a_claim(self, doc: Doc, i: int, core: _Core) -> bool:
        """Years, dates, times, list and reference numbers, codes, phone numbers, names."""
        token = doc[i]
        length = len(doc)
        previous = doc[i - 1] if i > 0 else None
        following = doc[core.end] if core.end < length else None
        if token.tag_ == "LS":
            return True
        if token.text.startswith("+"):
            return True
        if core.year_like and not core.scaled and not core.currency and not core.percent:
            if following is None or following.tag_ != "NNS" or token.ent_type_ == "DATE":
                return True
            if previous is not None and previous.lower_ in _YEAR_PREPOSITIONS:
                return True
        # next to a month name: "March 7, 2023", "7 March"
        for neighbour in (previous, following, doc[i - 2] if i > 1 and doc[i - 1].text == "," else None):
            if neighbour is not None and neighbour.text[:1].isupper() and neighbour.lower_ in self.months:
                return True
        if following is not None:
            if ":" in token.text or following.lower_ in ("a.m.", "p.m.", "am", "pm", "o'clock"):
                return True
            # "10-point plan", "five-year plan", "one-China": a hyphenated modifier
            if (
                following.text in ("-", "–")
                and not token.whitespace_
                and not following.whitespace_
                and core.end + 1 < length
            ):
                after = doc[core.end + 1]
                counted = after.lower_ in self.hyphen_counts  # "a 62-member team"
                if after.is_alpha and not self._continues_number(after) and not counted:
                    return True
                if after.like_num and not core.words_only:
                    digits = [token.text, after.text]
                    if all(len(d.replace(",", "")) >= 3 for d in digits) or (
                        core.end + 2 < length and doc[core.end + 2].text == "-"
                    ):
                        return True  # a phone or code number "6596-1114"
            # "5G", "19th": glued letters make a code
            glued = not doc[core.end - 1].whitespace_ and following.is_alpha
            percent_word = (following.lower_,) in self.percent_words
            if glued and not self._continues_number(following) and not percent_word:
                return True
            # "(010) 6596 1114": two bare numbers in a row
            if following.like_num and _HAS_DIGIT.search(following.text) and not core.words_only:
                return True
        if previous is not None:
            # "COVID-19", "Su-35": glued to a word
            glued_word = previous.is_alpha or (
                previous.text in ("-", "/") and i > 1 and not doc[i - 2].whitespace_ and doc[i - 2].is_alpha
            )
            if not previous.whitespace_ and glued_word and (previous.lower_,) not in self.currency_before:
                return True
            if previous.text in ("+", "/", "#", "No", "no."):
                return True
            # "Pages 12-14": the second end of a range whose first end was no claim
            if previous.text in ("-", "–") and not previous.whitespace_ and i > 1 and doc[i - 2].like_num:
                return True
            word = previous.lower_
            if word in self.reference_words and word not in ("no",):
                return True
            if word == "." and i > 1 and doc[i - 2].lower_ in ("no", "nos"):
                return True
            # "1. Building a new model", "(2) ...": an enumeration
            if (
                following is not None
                and following.text in (".", ")")
                and (
                    previous.is_space
                    or "\n" in previous.text
                    or previous.text in ("(",)
                    or token.is_sent_start
                )
            ):
                return True
            # "Boeing 737": a number that names the capitalised word before it ("gave Ukraine 50 tanks"
            # is a count: places, peoples and persons are not model names)
            if (
                previous.text[:1].isupper()
                and previous.tag_ in ("NNP", "NN")
                and not previous.is_sent_start
                and (token.head.i == previous.i or previous.ent_type_ not in _PLACES_AND_PEOPLE)
                and not core.scaled
                and not core.currency
                and (previous.lower_,) not in self.currency_before
            ):
                return True
        elif following is not None and following.text in (".", ")"):
            return True  # "1." at the start of a document
        # inside a name: "the Group of 20", "Resolution 2758"
        if token.ent_type_ in _NAME_ENTS and token.ent_iob_ == "I":
            ent = next((e for e in doc.ents if e.start <= i < e.end), None)
            if ent is not None and not doc[ent.start].like_num and doc[ent.start].text[:1].isupper():
                return True
        return False

    def _change(self, doc: Doc, quantity: _Quantity) -> None:
        """A figure that measures a change: "up 23.8%", "an increase of 23.8%", "rose by 12 percent",
        "grew 5%", "a 5 percent rise", "23.8% year on year". A decrease gets a negative value."""
        sign = quantity.sign
        if not sign and quantity.unit_head is not None:
            anchor = doc[quantity.unit_head]
            head = anchor.head
            if anchor.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
                governor = head.head
                if head.lower_ == "by":
                    sign = self._verb_sign(governor)
                elif head.lower_ == "of":
                    sign = self._noun_sign(governor)
            elif anchor.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") and head.pos_ == "NOUN":
                sign = self._noun_sign(head)
            if not sign and quantity.kind == PERCENT and anchor.dep_ in ("dobj", "npadvmod", "advmod"):
                sign = self._verb_sign(head)
        if not sign:
            for phrase in self.year_on_year:
                if tuple(t.lower_ for t in doc[quantity.end : quantity.end + len(phrase)]) == phrase:
                    # "exports fell 4.6 percent year on year": the parse may hang the figure on "year";
                    # the clause's verb still says which way
                    held = quantity.unit_head if quantity.unit_head is not None else quantity.start
                    sign = self._verb_sign(governing_verb(doc[held], self.cues)) or 1
                    break
        if not sign:
            return
        for q in [quantity, *quantity.pair]:
            q.kind = CHANGE
            if sign < 0 and q.value is not None:
                # "cut by 26 to 28 percent" is -28 to -26: the lower bound stays `value`
                low, high = -(q.value_max if q.value_max is not None else q.value), q.value_max
                q.value, q.value_max = low, (-q.value if high is not None else None)

    def _continues_number(self, token: Token) -> bool:
        """A word glued to a number that is still part of the figure ("20m", "150-plus", "twenty-five")."""
        word = token.lower_
        return (
            word in self.multipliers
            or word in self.fused_multipliers
            or (word,) in self.postfix
            or word in self.number_words
        )

    def _verb_sign(self, token: Token) -> int:
        word = token.lower_
        if word in self.up_verbs:
            return 1
        if word in self.down_verbs:
            return -1
        return 0

    def _noun_sign(self, token: Token) -> int:
        word = token.lower_
        if word in self.up_nouns:
            return 1
        if word in self.down_nouns:
            return -1
        return 0

    # ------------------------------------------------------------------ claim dicts

    def _claim(self, doc: Doc, quantity: _Quantity, context: _DocContext) -> dict[str, Any]:
        span = doc[quantity.start : quantity.end]
        anchor = doc[quantity.unit_head] if quantity.unit_head is not None else span.root
        about = None
        if quantity.kind == ANNIVERSARY:
            about = context.first_actor(doc[quantity.unit_head + 1 : quantity.end])
        if about is None:
            about = self._about(anchor, span, context)
        if quantity.kind == COUNT and quantity.unit == "":
            quantity.unit = None
        if quantity.currency and quantity.currency.startswith("?"):
            quantity.currency = context.resolve_currency(quantity.currency, about)
            quantity.unit = self.currency_units.get(quantity.currency or "", quantity.unit)
        return {
            "value": _number_out(quantity.value),
            "value_max": _number_out(quantity.value_max),
            "unit": quantity.unit,
            "currency": quantity.currency,
            "qualifier": quantity.qualifier,
            "kind": quantity.kind,
            "about": about,
            "date": _stated_date(anchor, context.dates, self.base_prepositions, quantity.kind == ANNIVERSARY),
            "time_text": _time_text(anchor),
            "modality": modality_of(anchor, self.cues),
            "sentence": context.sentence_of(quantity.start),
            "start": span.start_char,
            "end": span.end_char,
            "text": span.text,
        }

    def _about(self, anchor: Token, span: Span, context: _DocContext) -> str | None:
        """The actor the figure is about: a possessor or "by" agent of the figure's noun or of the nouns
        it hangs from ("China's exports", "investment ... by Chinese enterprises"), else the passive
        agent or the subject of the governing verb (inherited through xcomp, conjuncts and participial
        clauses; for "urged Japan to pay" the object, Japan)."""
        if not context.actor_tokens:
            return None
        inside = range(span.start, span.end)
        current = anchor
        for _ in range(12):
            if current.pos_ in ("VERB", "AUX"):
                break
            found = _actor_of_noun(current, context.actor_tokens, inside, own=current is anchor)
            if found:
                return found
            if current.head is current:
                break
            current = current.head
        verb = governing_verb(anchor, self.cues)
        for _ in range(6):
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                for pobj in agent.children:
                    found = _actor_of_np(pobj, context.actor_tokens, inside)
                    if found:
                        return found
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                if any(s.left_edge.i <= anchor.i <= s.right_edge.i for s in subjects):
                    return None  # "about 50 countries made a joint speech": the figure is the subject
                # the subject nearest the verb ("Mao Ning: ... countries have expressed" misparses)
                return _actor_of_np(subjects[-1], context.actor_tokens, inside)
            if verb.dep_ == "xcomp" and _is_request(verb.head, self.cues):
                controller = _object_of(verb.head)
                if controller is not None:
                    return _actor_of_np(controller, context.actor_tokens, inside)
            if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp") and verb.head is not verb:
                verb = verb.head
                if verb.dep_ == "prep":
                    verb = verb.head
                continue
            break
        return None


def _plural(unit: str) -> str:
    """ "peacekeeper" -> "peacekeepers" for "one peacekeeper ... two others"."""
    head, _, last = unit.rpartition(" ")
    irregular = {"person": "people", "man": "men", "woman": "women", "child": "children"}
    if last.lower() in irregular:
        last = irregular[last.lower()]
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es" if not last.endswith("s") else ""
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def _inherit_currency(found: list[_Quantity], context: _DocContext) -> None:
    """ "$60 billion, including 5 billion in grants and 35 billion in loans": a scaled figure with no
    unit after money in the same sentence is money in that currency."""
    previous: _Quantity | None = None
    for quantity in found:
        if (
            previous is not None
            and quantity.kind in (COUNT, CHANGE)
            and not quantity.unit
            and quantity.scaled
            and context.sentence_of(quantity.start) == context.sentence_of(previous.start)
        ):
            quantity.currency, quantity.unit = previous.currency, previous.unit
            if quantity.kind == COUNT:
                quantity.kind = MONEY
        if quantity.kind == MONEY or (quantity.kind == CHANGE and quantity.currency):
            previous = quantity
        elif quantity.unit:
            previous = None


def _is_request(token: Token, cues: ModalityCues) -> bool:
    return token.lower_ in cues.request_governors or token.lemma_.lower() in cues.request_governors


def _object_of(verb: Token) -> Token | None:
    """Who is asked: "urged Japan", "called on Japan", "appealed to all parties"."""
    for child in verb.children:
        if child.dep_ in ("dobj", "dative"):
            return child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "upon", "to"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _actor_of_np(noun: Token, actors: dict[int, str], inside: range) -> str | None:
    if noun.i in actors and noun.i not in inside:
        return actors[noun.i]
    return _actor_of_noun(noun, actors, inside, own=False)


def _actor_of_noun(noun: Token, actors: dict[int, str], inside: range, own: bool) -> str | None:
    """An actor attached to a noun as possessor, "by"/"of"/"between" complement or, unless the noun is
    the figure's own (whose modifiers are its unit), as a modifier ("Chinese investment")."""
    if not own and noun.i in actors and noun.i not in inside and noun.pos_ in ("PROPN", "NOUN"):
        return actors[noun.i]
    for child in noun.children:
        if child.i in inside and own:
            continue
        if child.dep_ == "poss" or (not own and child.dep_ in ("amod", "compound", "nmod")):
            found = _mention_in(child, actors, inside)
            if found:
                return found
        elif child.dep_ in ("prep", "agent") and child.lower_ in _AGENT_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = actors.get(pobj.i) if pobj.i not in inside else None
                    found = found or _modifier_actor(pobj, actors, inside)
                    if found:
                        return found
    return None


def _modifier_actor(noun: Token, actors: dict[int, str], inside: range) -> str | None:
    for child in noun.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod"):
            found = _mention_in(child, actors, inside)
            if found:
                return found
    return None


def _mention_in(token: Token, actors: dict[int, str], inside: range) -> str | None:
    for t in token.subtree:
        if t.i in actors and t.i not in inside:
            return actors[t.i]
    return None


def _time_text(anchor: Token) -> str | None:
    """A date phrase governing the figure ("In the first half of 2020"): the dates component resolves
    it; this keeps the words."""
    phrase = _time_phrase(anchor)
    return phrase.text if phrase is not None else None


def _time_phrase(anchor: Token, deep: bool = False) -> Span | None:
    # a relative clause on the figure (with `deep`, on its complement: "the 20th anniversary of the
    # Forum, which falls this year, would be marked ... next year") dates it before the main verb
    tokens = anchor.subtree if deep else anchor.children
    relative = [token for token in tokens if token.dep_ == "relcl"]
    verb = _clause_verb(anchor)
    for holder in (anchor, *relative, verb):
        for child in holder.children:
            if child.dep_ == "prep" and any(
                g.dep_ == "pobj" and g.ent_type_ == "DATE" for g in child.children
            ):
                return anchor.doc[child.left_edge.i : child.right_edge.i + 1]
            if child.dep_ in ("npadvmod", "tmod") and child.ent_type_ == "DATE":
                return anchor.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _clause_verb(token: Token) -> Token:
    verb = token
    for _ in range(12):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    return verb


def _stated_date(
    anchor: Token, dates: list[dict[str, Any]], base_prepositions: frozenset[str], deep: bool = False
) -> str | None:
    """The date the figure refers to, from the dates component's expressions of its sentence: the
    one inside the figure's date phrase ("In the first half of 2020, ... reached 57.1 billion
    yuan, an increase of 23.8%": 2020-H1, not the "same period last year" it is compared with),
    else one hanging from the figure's own verb ("This year marks the 45th anniversary").

    Why so strict: a date elsewhere in the sentence usually dates the saying, not the figure
    ("Washington said last week that it supports creating two seats"); then the figure keeps no
    date and the store falls back to the publication date. Vague values (PRESENT_REF) and bare
    durations say no date; a period with bounds gives its ISO interval ("over the past five
    years": "2014/2019"), as does "since 2009" (from 2009 to publication). The base of a change
    ("up 12.4% on 2015") is not the figure's date.
    """
    if not dates:
        return None
    sentence = anchor.sent
    lo, hi = sentence.start_char, sentence.end_char
    doc = anchor.doc
    usable = []
    for record in dates:
        if not (lo <= record["start"] and record["end"] <= hi):
            continue
        value = _date_value(record)
        if value is None:
            continue
        span = doc.char_span(record["start"], record["end"], alignment_mode="expand")
        if span is None or not len(span) or _is_base(span, base_prepositions):
            continue
        usable.append((span, value))
    if not usable:
        return None
    phrase = _time_phrase(anchor, deep)
    if phrase is not None:
        inside = [v for s, v in usable if phrase.start_char <= s.start_char and s.end_char <= phrase.end_char]
        if inside:
            return inside[0]
    verb = _clause_verb(anchor)
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    # a date fronted on the clause dates its conjoined, controlled and participial verbs too ("By the
    # end of 2012, China had set up 14 centres, sent 40 teams and trained 5,000 technicians"; "From
    # 2010 to 2012, China provided loans totalling 11 billion"); not a reported clause (ccomp), and
    # not a date after the verb ("held a meeting in December and plans 60 more": not December's)
    chain = [verb.i]
    while verb.dep_ in ("conj", "xcomp", "acl") and len(chain) < 6:
        verb = _clause_verb(verb.head)
        if verb.pos_ not in ("VERB", "AUX") or verb.i in chain:
            break
        chain.append(verb.i)
    dated = {_clause_verb(span.root).i: (span, value) for span, value in reversed(usable)}
    for depth, i in enumerate(chain):
        if i in dated and (depth == 0 or dated[i][0].end <= i):
            return dated[i][1]  # beyond the figure's own verb, only a date standing before the verb
    return None


def _is_base(span: Span, base_prepositions: frozenset[str]) -> bool:
    """A date introduced by "on"/"over"/"than" that hangs from a noun, adverb or number: the base
    of a change ("up 12.4% on 2015"), not when the figure happened ("Over the past five years the
    projects have added ...": the preposition hangs from the verb)."""
    doc = span.doc
    first = span[0]
    if first.lower_ not in base_prepositions:
        before = doc[span.start - 1] if span.start > 0 else None
        if before is None or before.lower_ not in base_prepositions or before.dep_ != "prep":
            return False
        first = before
    return first.head.pos_ not in ("VERB", "AUX")


def _date_value(record: dict[str, Any]) -> str | None:
    """A date record's value as a claim date: a point, or "begin/end" for a bounded period."""
    value = record.get("value")
    if not value or str(value).endswith("_REF"):
        return None
    bounded = record.get("begin") and record.get("end_value")
    interval = f"{record['begin']}/{record['end_value']}" if bounded else None
    if record.get("type") in ("DURATION", "SET"):
        return interval
    if record.get("mod") == "AFTER" and interval:
        return interval
    return str(value)


def _skip_space(doc: Doc, j: int) -> int:
    """Past a line break token: "57.3 billion\nyuan" in text that kept its line breaks."""
    while j < len(doc) and doc[j].is_space:
        j += 1
    return j


def _phrase_end(token: Token) -> int:
    """Last token of a noun phrase with its prepositional complements, but not its own conjuncts,
    appositions or clauses ("the founding of X and its 70th anniversary" ends at X; "relations
    between China and France" keeps "and France")."""
    return _phrase_end_at(token, top=True)


def _phrase_end_at(token: Token, top: bool) -> int:
    end = token.i
    for child in token.rights:
        if child.dep_ in ("punct", "appos", "relcl", "advcl", "acl", "parataxis") or (
            child.dep_ in ("conj", "cc") and (top or not _coordinated_name(child))
        ):
            break
        end = max(end, _phrase_end_at(child, top=top and child.dep_ not in ("prep", "pobj")))
    return end


def _coordinated_name(token: Token) -> bool:
    """ "between China and Brazil": a coordination of names belongs to the phrase."""
    conj = token if token.dep_ == "conj" else next((s for s in token.head.rights if s.dep_ == "conj"), None)
    return conj is not None and conj.pos_ == "PROPN"


def _after_quote_start(doc: Doc, i: int) -> bool:
    """A capital after an opening quote or a dateline's dash ("BEIJING, Nov. 15 (Agency) -- Fifteen
    countries ...") starts the sentence."""
    if i > 0 and doc[i - 1].text in _DATELINE_DASHES:
        return True
    return i > 0 and doc[i - 1].text in _QUOTES and (i == 1 or doc[i - 1].is_sent_start)


def _readable(tokens: Span, drop: frozenset[str]) -> str:
    """Unit words as written, common nouns lower-cased, leading filler modifiers dropped."""
    words = list(tokens)
    while len(words) > 1 and words[0].lower_ in drop:
        words = words[1:]
    out = []
    for token in words:
        text = token.text
        if not (text[:1].isupper() and (token.tag_ in ("NNP", "NNPS") or token.ent_type_ or text.isupper())):
            text = text.lower()
        out.append(text + (token.whitespace_ and " "))
    return "".join(out).strip()


def _render(token: Token, actors: dict[int, str], depth: int) -> str:
    """A noun phrase without articles and actor names: "China-U.S. diplomatic relations" →
    "diplomatic relations"; "the founding of the People's Republic of China" → "founding"."""
    if token.i in actors:
        return ""
    left = []
    for child in token.lefts:
        if child.dep_ in ("amod", "compound", "nmod", "nummod") and child.i not in actors:
            text = " ".join(
                t.text if t.tag_ in ("NNP", "NNPS") else t.lower_
                for t in child.subtree
                if t.i not in actors and not t.is_punct and t.dep_ not in ("det", "case")
            )
            if text:
                left.append(text)
    head = token.text if token.tag_ in ("NNP", "NNPS") else token.lower_
    right = []
    if depth < 2:
        for child in token.rights:
            if child.dep_ == "prep":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                inner = _render(objects[0], actors, depth + 1) if objects else ""
                if inner:
                    right.append(f"{child.lower_} {inner}")
    return " ".join([*left, head, *right])


class _DocContext:
    """Per-document lookups built once: sentence starts, actor tokens, the dominant country."""

    def __init__(self, doc: Doc, extractor: ClaimExtractor) -> None:
        self.doc = doc
        self.extractor = extractor
        if doc.has_annotation("SENT_START"):
            self.sentence_starts = [sent.start for sent in doc.sents]
        else:
            self.sentence_starts = [0]
        mentions = doc._.actor_mentions if Doc.has_extension("actor_mentions") else None
        self.mentions = mentions or []
        # set by the dates component when it runs first (as in the pipeline)
        self.dates: list[dict[str, Any]] = (doc._.dates if Doc.has_extension("dates") else None) or []
        self._actor_tokens: dict[int, str] | None = None

    @property
    def actor_tokens(self) -> dict[int, str]:
        """Token index → KB id of the actor mention covering it (linked mentions only)."""
        if self._actor_tokens is None:
            tokens: dict[int, str] = {}
            for mention in self.mentions:
                if not mention.entity_id:
                    continue
                span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None:
                    continue
                # a person's figures are their country's ("Xi announced 60 billion US dollars": CHN),
                # as an event's source is the country with the person as its agent
                actor = mention.country if mention.type == "PERSON" and mention.country else mention.entity_id
                for token in span:
                    tokens.setdefault(token.i, actor)
            self._actor_tokens = tokens
        return self._actor_tokens

    def first_actor(self, tokens: Span) -> str | None:
        for token in tokens:
            if token.i in self.actor_tokens:
                return self.actor_tokens[token.i]
        return None

    def sentence_of(self, token_index: int) -> int:
        return max(bisect_right(self.sentence_starts, token_index) - 1, 0)

    def resolve_currency(self, key: str, about: str | None) -> str | None:
        """A bare "Rs" or "¥": the currency of the claim's actor when it uses one, else of the document's
        most-mentioned country that does, else the default."""
        by_country, default = self.extractor.contextual.get(key, ({}, None))
        if about in by_country:
            return by_country[about]
        counts = Counter(
            m.entity_id for m in self.mentions if m.entity_id in by_country and m.type == "COUNTRY"
        )
        return by_country[counts.most_common(1)[0][0]] if counts else default


class ClaimsComponent:
    """spaCy component: sets `doc._.claims` (list of claim dicts). Runs after `communique_actors`
    when that is in the pipeline, for `about`."""

    def __init__(self, extractor: ClaimExtractor | None = None) -> None:
        self.extractor = extractor or ClaimExtractor()
        if not Doc.has_extension("claims"):
            Doc.set_extension("claims", default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = self.extractor.extract(doc)
        return doc
