"""Synthetic diplomatic-news corpus shared by the ingest and search benchmarks.

Benchmarks need thousands of distinct, realistic documents without shipping or copying real
articles. Each document is drawn from templates with its own random generator seeded by its
index, so document i is identical in every run and on every machine, and documents can be
generated in any order or in parallel. Slots (countries, people, figures, dates) change every
few words, so two documents share few 5-word shingles and are never near-duplicates.
"""

from __future__ import annotations

import csv
import html
import io
import json
import random
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

SEED = 20261129

# (country, capital, adjective)
COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("China", "Beijing", "Chinese"), ("the United States", "Washington", "American"),
    ("Russia", "Moscow", "Russian"), ("India", "New Delhi", "Indian"), ("Japan", "Tokyo", "Japanese"),
    ("Germany", "Berlin", "German"), ("France", "Paris", "French"), ("Brazil", "Brasilia", "Brazilian"),
    ("South Africa", "Pretoria", "South African"), ("Indonesia", "Jakarta", "Indonesian"),
    ("Vietnam", "Hanoi", "Vietnamese"), ("the Philippines", "Manila", "Philippine"),
    ("Malaysia", "Kuala Lumpur", "Malaysian"), ("Thailand", "Bangkok", "Thai"),
    ("Pakistan", "Islamabad", "Pakistani"), ("Bangladesh", "Dhaka", "Bangladeshi"),
    ("Kazakhstan", "Astana", "Kazakh"), ("Uzbekistan", "Tashkent", "Uzbek"), ("Iran", "Tehran", "Iranian"),
    ("Saudi Arabia", "Riyadh", "Saudi"), ("Turkey", "Ankara", "Turkish"), ("Egypt", "Cairo", "Egyptian"),
    ("Nigeria", "Abuja", "Nigerian"), ("Kenya", "Nairobi", "Kenyan"),
    ("Ethiopia", "Addis Ababa", "Ethiopian"),
    ("Argentina", "Buenos Aires", "Argentine"), ("Mexico", "Mexico City", "Mexican"),
    ("Canada", "Ottawa", "Canadian"), ("Australia", "Canberra", "Australian"),
    ("New Zealand", "Wellington", "New Zealand"), ("South Korea", "Seoul", "South Korean"),
    ("Singapore", "Singapore", "Singaporean"), ("the United Kingdom", "London", "British"),
    ("Italy", "Rome", "Italian"), ("Spain", "Madrid", "Spanish"), ("Poland", "Warsaw", "Polish"),
    ("Hungary", "Budapest", "Hungarian"), ("Serbia", "Belgrade", "Serbian"), ("Greece", "Athens", "Greek"),
    ("Norway", "Oslo", "Norwegian"), ("Chile", "Santiago", "Chilean"), ("Peru", "Lima", "Peruvian"),
    ("Colombia", "Bogota", "Colombian"), ("Morocco", "Rabat", "Moroccan"),
    ("Algeria", "Algiers", "Algerian"), ("Ghana", "Accra", "Ghanaian"), ("Tanzania", "Dodoma", "Tanzanian"),
    ("Mongolia", "Ulaanbaatar", "Mongolian"), ("Cambodia", "Phnom Penh", "Cambodian"),
    ("Laos", "Vientiane", "Lao"), ("Sri Lanka", "Colombo", "Sri Lankan"), ("Nepal", "Kathmandu", "Nepali"),
    ("Qatar", "Doha", "Qatari"), ("the United Arab Emirates", "Abu Dhabi", "Emirati"),
    ("Fiji", "Suva", "Fijian"), ("Papua New Guinea", "Port Moresby", "Papua New Guinean"),
)  # fmt: skip
ORGANISATIONS = (
    "the United Nations Security Council", "the Association of Southeast Asian Nations", "the African Union",
    "the Group of Twenty", "the World Trade Organization", "the Shanghai Cooperation Organisation",
    "the European Union", "the International Monetary Fund", "the World Bank", "the BRICS group",
    "the Asia-Pacific Economic Cooperation forum", "the Pacific Islands Forum", "the Arab League",
    "the International Atomic Energy Agency", "the World Health Organization", "the G7",
)  # fmt: skip
FIRST_NAMES = (
    "Wei", "Li", "Anand", "Priya", "Hiroshi", "Yuki", "Olga", "Dmitri", "Amara", "Kwame", "Fatima",
    "Omar", "Lucia", "Mateo", "Sofia", "James", "Helen", "Ngozi", "Tariq", "Mei", "Chen", "Ravi",
    "Aigerim", "Nurlan", "Thanh", "Siti", "Budi", "Ingrid", "Lars", "Camille", "Pierre", "Ana",
    "Joao", "Elif", "Mehmet", "Leila", "Daniel", "Grace", "Samuel", "Min-jun", "Ji-woo", "Arjun",
)  # fmt: skip
SURNAMES = (
    "Zhang", "Wang", "Sharma", "Tanaka", "Ivanova", "Petrov", "Mensah", "Okafor", "Haddad", "Rahman",
    "Fernandez", "Garcia", "Rossi", "Novak", "Kowalski", "Nguyen", "Santoso", "Lindqvist", "Dubois",
    "Moreau", "Silva", "Yilmaz", "Karimov", "Abenova", "Kim", "Park", "Mwangi", "Osei", "Kaur",
    "Suzuki", "Fischer", "Schmidt", "Costa", "Alvarez", "Chowdhury", "Perera", "Bakr", "Nasser",
)  # fmt: skip
TITLES = (
    "Foreign Minister", "Prime Minister", "President", "Vice Premier", "Defence Minister",
    "Trade Minister", "Ambassador", "Special Envoy", "Deputy Foreign Minister", "National Security Adviser",
    "Finance Minister", "spokesperson of the Foreign Ministry",
)  # fmt: skip
OUTLETS = (
    "Meridian News Agency", "The Continental Herald", "Global Affairs Daily", "Harbour Post",
    "The Capital Observer", "Eastern Review", "World Policy Wire", "The Atlas Times",
)  # fmt: skip
# topic -> (headline noun, vocabulary of noun phrases specific to it)
TOPICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "trade": ("Trade", ("tariff schedules", "export controls", "customs procedures", "supply chains",
                        "rules of origin", "market access", "anti-dumping duties", "a free trade agreement")),
    "security": ("Security", ("joint patrols", "arms control", "military exercises", "border security",
                              "counter-terrorism", "intelligence sharing", "missile defence",
                              "troop deployments")),
    "climate": ("Climate", ("emission targets", "renewable energy", "climate finance", "carbon markets",
                            "adaptation funding", "coal phase-out", "forest protection", "green hydrogen")),
    "health": ("Health", ("vaccine supplies", "pandemic preparedness", "disease surveillance",
                          "medical teams",
                          "health financing", "pharmaceutical production", "hospital construction",
                          "clinical training")),
    "maritime": ("Maritime", ("freedom of navigation", "fishing rights", "coast guard cooperation",
                              "undersea cables", "port access", "territorial waters", "shipping lanes",
                              "search and rescue")),
    "technology": ("Technology", ("semiconductor supply", "artificial intelligence governance", "5G networks",
                                  "data security", "digital payments", "satellite navigation",
                                  "cross-border data flows", "technology transfer")),
    "energy": ("Energy", ("oil and gas pipelines", "nuclear power plants", "liquefied natural gas",
                          "electricity grids", "energy security", "critical minerals", "solar manufacturing",
                          "fuel subsidies")),
    "finance": ("Finance", ("debt restructuring", "currency swap lines", "sovereign bonds",
                            "development loans", "local-currency settlement", "infrastructure financing",
                            "foreign exchange reserves", "credit ratings")),
    "migration": ("Migration", ("labour migration", "refugee resettlement", "visa facilitation",
                                "border management", "remittance flows", "asylum procedures",
                                "human trafficking", "student exchanges")),
}  # fmt: skip
VERBS = ("agreed to expand", "pledged to deepen", "called for closer", "signed a memorandum on",
         "discussed ways to strengthen", "announced new", "criticised unilateral",
         "welcomed progress on")  # fmt: skip
TONES = ("constructive", "candid", "productive", "frank", "cordial", "in-depth", "pragmatic", "tense")

# English sentence templates; {a}/{b} are countries, {A}/{B} their adjectives, {cap} a capital.
SENTENCES = (
    "{A} {title} {person} met {B} counterpart {person2} in {cap} on {weekday}, and the two sides {verb} "
    "cooperation on {phrase}.",
    "The talks were described as {tone} by officials from both delegations, who said {count} working "
    "groups would report back before {month} {year}.",
    "Bilateral trade between {a} and {b} reached {amount} billion dollars in {year}, up {pct} percent from "
    "the previous year, according to customs data released on {weekday}.",
    "{person} told reporters that {a} respects the sovereignty and territorial integrity of all countries "
    "and opposes interference in the internal affairs of {b}.",
    "Analysts at the {outlet_short} Institute noted that {phrase} had become the most sensitive item on the "
    "agenda since {year0}.",
    "A joint statement issued after the meeting listed {count} areas of cooperation, including {phrase} and "
    "{phrase2}.",
    "The {A} side expressed concern over {phrase2}, saying that measures taken by {b} in {month} had "
    "affected {count} companies.",
    "According to the ministry, more than {big} people took part in exchange programmes between the two "
    "countries last year.",
    "{person2} said {b} was ready to work with {a} within {org} to address {phrase} in a balanced way.",
    "Observers in {cap2} said the visit, the first by a {A} {title} in {gap} years, signalled a thaw after "
    "months of strained relations.",
    "The two governments agreed to hold the next round of consultations in {cap2} in {month} {year1}.",
    "Officials said {amount} million dollars would be allocated to {phrase} projects over the next {gap} "
    "years, with {pct} percent of the funds coming from {a}.",
    "Speaking at a press conference, {person} rejected what {pronoun} called groundless accusations about "
    "{phrase} and urged {b} to stop politicising the issue.",
    "{org_cap} is expected to take up the question of {phrase} at its session in {month}, diplomats in "
    "{cap} said.",
    "Since {year0}, {a} has financed {count} projects in {b}, ranging from {phrase} to {phrase2}.",
    "The ministry said the delegation of {count} officials would also visit {cap2} and meet business "
    "leaders from {big} member companies.",
    "Critics argue that the agreement on {phrase} gives {a} too much leverage, while supporters point to "
    "the {pct} percent rise in investment recorded in {year}.",
    "{person} stressed that dialogue and consultation were the only viable way to settle differences over "
    "{phrase2}.",
    "Diplomatic sources said the wording on {phrase} had been negotiated until late on {weekday} night.",
    "The {B} embassy in {cap} issued a statement welcoming the outcome and describing relations as at "
    "their best level since {year0}.",
    "Economists estimate that cooperation on {phrase} could add {pct2} percentage points to growth in "
    "{b} by {year2}.",
    "Both sides reaffirmed their commitment to multilateralism and to the central role of {org} in global "
    "governance.",
    "In a separate meeting, {person2} and {person3} reviewed progress on {count} flagship projects under "
    "the partnership framework adopted in {year0}.",
    "The statement did not mention {phrase2}, an omission that analysts in {cap2} described as deliberate.",
    "Opposition lawmakers in {cap2} demanded that the government publish the full text of the {phrase} "
    "agreement before ratification.",
    "Exports of {goods} from {a} to {b} rose to {amount} million tonnes in the first {gap} months of {year}.",
    "{person3}, a researcher at {uni}, said the meeting showed that {a} and {b} were seeking to manage "
    "competition rather than escalate it.",
    "The foreign ministry spokesperson said {a} would take all necessary measures to safeguard its "
    "legitimate rights and interests if {b} went ahead with {phrase2}.",
    "A {count}-point action plan adopted on {weekday} sets deadlines for {phrase} and a review mechanism "
    "meeting every {gap} months.",
    "Trade officials said tariffs on {goods} would be cut from {pct} percent to {pct2} percent starting "
    "on {month} {day}, {year1}.",
    "Shares of {A} shipping and construction firms rose by up to {pct} percent in {cap2} after the "
    "announcement.",
    "The envoy is due to brief {org} on {weekday} about the results of {gap} rounds of talks on {phrase2}.",
    "Satellite images reviewed by independent analysts in {year} showed {count} new facilities linked to "
    "{phrase}.",
    "Public opinion surveys in {b} found that {pct} percent of respondents viewed {a} favourably, down from "
    "{pct2} points higher a year earlier.",
    "{person} is expected to travel on to {cap2} for talks on {phrase} with officials from {org}.",
    "Earlier in {month}, {b} recalled its ambassador for consultations over a dispute involving {phrase2}.",
    "The agreement still has to be approved by the parliament of {b}, where the ruling coalition holds "
    "{count} of the seats on the foreign affairs committee.",
    "A delegation of {big} business representatives accompanied {person}, and contracts worth {amount} "
    "million dollars were signed on the sidelines.",
)  # fmt: skip
QUOTES = (
    '"We will never accept attempts to use {phrase} as a political tool," {person} said.',
    '"This is a win-win outcome that serves the interests of both peoples," {person2} told the '
    "{outlet_short}.",
    '"The door to dialogue remains open, but the responsibility lies with {b}," {pronoun} added.',
    '"Our cooperation on {phrase2} is not directed at any third party," {person} said in {cap}.',
)  # fmt: skip
GOODS = (
    "soybeans",
    "rice",
    "coal",
    "iron ore",
    "palm oil",
    "wheat",
    "copper",
    "cotton",
    "rare earths",
    "steel",
)
UNIVERSITIES = ("the Institute of International Studies", "the Centre for Strategic Dialogue",
                "the School of Global Governance", "the Academy of World Affairs")  # fmt: skip

# French templates, so that language detection and --lang filters have something to find.
FR_SENTENCES = (
    "Le ministre des Affaires étrangères {person} a rencontré son homologue {person2} à {cap} {weekday_fr}, "
    "et les deux parties ont convenu de renforcer la coopération en matière de {phrase_fr}.",
    "Selon les chiffres publiés par les douanes, les échanges commerciaux ont atteint {amount} milliards de "
    "dollars en {year}, soit une hausse de {pct} pour cent.",
    "{person} a déclaré que son pays respecte la souveraineté et l'intégrité territoriale de tous les États "
    "et s'oppose à toute ingérence dans les affaires intérieures.",
    "Un communiqué conjoint publié à l'issue de la réunion énumère {count} domaines de coopération, dont "
    "{phrase_fr}.",
    "Les analystes estiment que la question de {phrase_fr} est devenue le point le plus sensible de l'ordre "
    "du jour depuis {year0}.",
    "Les deux gouvernements ont décidé de tenir le prochain cycle de consultations à {cap2} en {month_fr} "
    "{year1}.",
    "Plus de {big} personnes ont participé aux programmes d'échanges entre les deux pays l'an dernier, selon "
    "le ministère.",
    "Le porte-parole a rejeté des accusations sans fondement et appelé à la retenue, tout en rappelant que "
    "le dialogue reste la seule voie possible.",
    "Des diplomates à {cap} indiquent que {org_fr} devrait examiner le dossier lors de sa session de "
    "{month_fr}.",
    "Un plan d'action en {count} points fixe des échéances précises et prévoit une réunion de suivi tous "
    "les {gap} mois.",
)  # fmt: skip
FR_PHRASES = ("sécurité maritime", "transition énergétique", "commerce agricole", "santé publique",
              "lutte contre le terrorisme", "financement du développement", "infrastructures portuaires",
              "gouvernance numérique", "migrations de travail", "dette souveraine")  # fmt: skip
FR_ORGS = ("le Conseil de sécurité", "l'Union africaine", "l'Organisation mondiale du commerce", "le G20")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")  # fmt: skip
HEADLINES = (
    "{a_cap} and {b} {verb_short} {topic} ties as {person_last} visits {cap}",
    "{topic} talks: {a_cap} urges {b} to {demand}",
    "{a_cap} pledges {amount} million dollars for {phrase}",
    "{A} {title_cap} says {phrase} {claim}",
    "{org_cap} meeting puts {phrase} on agenda",
    "{a_cap}, {b} sign {count} agreements on {phrase}",
)  # fmt: skip
FR_HEADLINES = ("{a_cap} et {b} renforcent leur coopération en matière de {phrase_fr}",
                "Visite de {person} à {cap} : accord sur {phrase_fr}")  # fmt: skip
DEMANDS = (
    "lift sanctions",
    "honour its commitments",
    "return to dialogue",
    "drop new tariffs",
    "show restraint",
)
CLAIMS = ("must not be politicised", "is a shared priority", "requires new rules", "will top the agenda")
START, END = date(2015, 1, 1), date(2025, 12, 31)
FRENCH_SHARE = 0.1


@dataclass
class Article:
    """One synthetic article: the facts every format renders in its own way."""

    index: int
    title: str
    published: date
    authors: list[str]
    outlet: str
    city: str
    language: str  # "en" or "fr"
    topic: str
    paragraphs: list[str]

    @property
    def url(self) -> str:
        return f"https://news.example.org/{self.published:%Y/%m/%d}/{self.topic}-{self.index:06d}.html"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def article(index: int, min_paragraphs: int = 8, max_paragraphs: int = 14) -> Article:
    """Article number `index`; the same index always gives the same article."""
    rng = random.Random(SEED * 1_000_003 + index)
    (a, cap, adj_a), (b, cap2, adj_b) = rng.sample(COUNTRIES, 2)
    topic = rng.choice(tuple(TOPICS))
    topic_word, phrases = TOPICS[topic]
    language = "fr" if rng.random() < FRENCH_SHARE else "en"
    people = [_person(rng) for _ in range(3)]
    published = START + timedelta(days=rng.randrange((END - START).days))
    year = published.year

    def fill(template: str) -> str:
        phrase, phrase2 = rng.sample(phrases, 2)
        return template.format(
            a=a, b=b, A=adj_a, B=adj_b, cap=cap, cap2=cap2, a_cap=_capital(a),
            title=rng.choice(TITLES), title_cap=_capital(rng.choice(TITLES)),
            person=people[0], person2=people[1], person3=people[2], person_last=people[0].split()[-1],
            pronoun=rng.choice(("he", "she")), weekday=rng.choice(WEEKDAYS),
            weekday_fr=rng.choice(WEEKDAYS_FR), month=rng.choice(MONTHS), month_fr=rng.choice(MONTHS_FR),
            day=rng.randint(1, 28), year=year, year0=year - rng.randint(2, 15), year1=year + 1,
            year2=year + rng.randint(3, 10), count=rng.randint(3, 48), gap=rng.randint(2, 12),
            amount=f"{rng.uniform(1, 900):.1f}", pct=f"{rng.uniform(0.5, 45):.1f}",
            pct2=f"{rng.uniform(0.1, 3):.1f}", big=f"{rng.randint(1_200, 95_000):,}",
            verb=rng.choice(VERBS), verb_short=rng.choice(("boost", "deepen", "review", "expand")),
            tone=rng.choice(TONES), phrase=phrase, phrase2=phrase2, phrase_fr=rng.choice(FR_PHRASES),
            org=rng.choice(ORGANISATIONS), org_cap=_capital(rng.choice(ORGANISATIONS)),
            org_fr=rng.choice(FR_ORGS), outlet_short=rng.choice(OUTLETS).removeprefix("The ").split()[0],
            goods=rng.choice(GOODS), uni=rng.choice(UNIVERSITIES), topic=topic_word,
            demand=rng.choice(DEMANDS), claim=rng.choice(CLAIMS),
        )  # fmt: skip

    french = language == "fr"
    sentences, quotes = (FR_SENTENCES, ()) if french else (SENTENCES, QUOTES)
    deck: list[str] = []  # each template once before any repeats, as a writer would vary phrasing

    def sentence() -> str:
        if not deck:
            deck.extend(rng.sample(sentences, len(sentences)))
        return fill(deck.pop())

    paragraphs = []
    for _ in range(rng.randint(min_paragraphs, max_paragraphs)):
        if quotes and rng.random() < 0.2:
            paragraphs.append(fill(rng.choice(quotes)))
        else:
            paragraphs.append(" ".join(sentence() for _ in range(rng.randint(2, 4))))
    title = fill(rng.choice(FR_HEADLINES if french else HEADLINES))
    authors = [_person(rng) for _ in range(rng.choice((1, 1, 1, 2)))]
    return Article(index, title, published, authors, rng.choice(OUTLETS), cap, language, topic, paragraphs)


def articles(start: int, count: int) -> Iterator[Article]:
    for index in range(start, start + count):
        yield article(index)


# --- renderers: one per input format ---------------------------------------------------------


def to_txt(art: Article) -> str:
    """A saved article: headline, byline, date line, dateline lead, editor line; some hard-wrapped."""
    byline = "By " + " and ".join(art.authors)
    lead = f"{art.city.upper()}, {MONTHS[art.published.month - 1]} {art.published.day} -- "
    paragraphs = [lead + art.paragraphs[0], *art.paragraphs[1:]]
    if art.index % 3 == 0:  # a third of the files come hard-wrapped, as from e-mail or a terminal
        paragraphs = [textwrap.fill(p, 72) for p in paragraphs]
    head = [art.title, "", byline, f"Published: {art.published:%d %B %Y}", ""]
    tail = ["", f"[Editor: {_person(random.Random(art.index))}]"]
    return "\n".join(head) + "\n" + "\n\n".join(paragraphs) + "\n" + "\n".join(tail) + "\n"


_NAV = ("Home", "World", "China", "Asia-Pacific", "Europe", "Africa", "Americas", "Opinion", "Business",
        "Video", "Photos", "Newsletters")  # fmt: skip


def to_html(art: Article) -> str:
    """A full news page: head metadata, navigation, breadcrumbs, share bar, related links, footer."""
    e = html.escape
    author = " and ".join(art.authors)
    nav = "".join(f'<li><a href="/{n.lower()}/">{n}</a></li>' for n in _NAV)
    related = "".join(
        f'<li><a href="/news/{art.index + k}.html">{e(article_headline(art.index + k))}</a></li>'
        for k in (1, 2, 3)
    )
    body = "\n".join(f"<p>{e(p)}</p>" for p in art.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{art.language}">
<head>
<meta charset="utf-8">
<title>{e(art.title)} - {e(art.outlet)}</title>
<meta property="og:title" content="{e(art.title)}">
<meta property="og:site_name" content="{e(art.outlet)}">
<meta name="author" content="{e(author)}">
<meta property="article:published_time" content="{art.published.isoformat()}T08:30:00+00:00">
<link rel="canonical" href="{art.url}">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>body{{font-family:sans-serif}} .nav li{{display:inline}}</style>
</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience.
By continuing you accept our cookie policy.
<button>Accept</button></div>
<header><div class="logo"><a href="/">{e(art.outlet)}</a></div>
<nav class="nav"><ul>{nav}</ul></nav>
<form class="search"><input type="text" placeholder="Search"></form></header>
<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/world/">World</a> &gt;
{e(art.topic.title())}</div>
<main><article>
<h1>{e(art.title)}</h1>
<div class="byline">By <span class="author">{e(author)}</span> | {e(art.outlet)} |
<time datetime="{art.published.isoformat()}">Updated: {art.published.isoformat()} 08:30</time></div>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a>
<a href="#">Print</a></div>
<div class="article-body">
{body}
</div>
<div class="tags">Tags: {e(art.topic)}, diplomacy, {e(art.city)}</div>
</article>
<aside class="related"><h3>Related Stories</h3><ul>{related}</ul></aside>
</main>
<footer><ul><li><a href="/about/">About us</a></li><li><a href="/contact/">Contact</a></li>
<li><a href="/privacy/">Privacy</a></li></ul>
<p>Copyright {art.published.year} {e(art.outlet)}. All rights reserved.</p></footer>
<script src="/static/app.js"></script>
</body></html>
"""


def article_headline(index: int) -> str:
    return article(index, 1, 1).title


def record(art: Article) -> dict[str, str]:
    """The fields a JSONL or CSV export of a news database usually has."""
    return {
        "id": f"doc-{art.index:07d}",
        "title": art.title,
        "published": art.published.isoformat(),
        "author": "; ".join(art.authors),
        "source": art.outlet,
        "url": art.url,
        "text": art.body,
    }


def to_jsonl(arts: list[Article]) -> str:
    return "".join(json.dumps(record(a), ensure_ascii=False) + "\n" for a in arts)


def to_csv(arts: list[Article]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(record(arts[0])), lineterminator="\n")
    writer.writeheader()
    for art in arts:
        writer.writerow(record(art))
    return out.getvalue()


def _latin1(text: str) -> str:
    """fpdf2's core fonts are Latin-1 only; French accents are in it, other marks are replaced."""
    return text.encode("latin-1", errors="replace").decode("latin-1")


def to_pdf(art: Article, min_pages: int = 2) -> tuple[bytes, int]:
    """A multi-page report PDF with running header and page numbers; returns (bytes, pages).

    The text is padded with a second article's paragraphs until it fills `min_pages`, since
    briefs and white papers are longer than news items.
    """
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 8, _latin1(f"{art.outlet} - {art.topic.title()} brief"), align="R")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 10, f"Page {self.page_no()}", align="C")

    pdf = Report(format="A4")
    pdf.set_title(_latin1(art.title))
    pdf.set_author(_latin1(", ".join(art.authors)))
    pdf.set_creation_date(_pdf_datetime(art.published))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 7, _latin1(art.title))
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 5, _latin1(f"By {' and '.join(art.authors)}\nPublished: {art.published:%d %B %Y}"))
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10.5)
    paragraphs = list(art.paragraphs)
    extra = 1
    while True:
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5.2, _latin1(paragraph))
            pdf.ln(2.5)
        if pdf.page_no() >= min_pages:
            break
        padding = article(art.index + 1_000_000 * extra)
        extra += 1
        paragraphs = padding.paragraphs if padding.language == art.language else []
    return bytes(pdf.output()), pdf.page_no()


def _pdf_datetime(day: date):  # noqa: ANN202 - a datetime, imported lazily with fpdf
    from datetime import UTC, datetime

    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
