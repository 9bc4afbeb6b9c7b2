"""Regenerate the binary and byte-exact files of the bundled sample corpus.

Writes into src/communique/data/sample/:

  whitepaper_africa_excerpt.pdf       text PDF, 2 pages, running header, page numbers
  brief_central_asia.docx             think-tank brief with headings and core properties
  france_china_readout_cp1252.txt     a news readout encoded in Windows-1252, CRLF lines
  broken.pdf                          the first 600 bytes of the white-paper PDF (truncated)

All texts are invented for the project. Metadata dates are fixed and the docx zip entries carry
a fixed timestamp, so running the script twice produces byte-identical files.

Usage:  .venv/bin/python scripts/make_sample_binaries.py [--check]

With --check nothing is written; the script exits 1 if any file on disk differs from what it
would generate.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.shared import Pt
from fpdf import FPDF

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "src" / "communique" / "data" / "sample"

BROKEN_PDF_BYTES = 600

# --------------------------------------------------------------------------------------------
# White paper excerpt (PDF). Core fonts only cover latin-1, so the text avoids curly quotes.
# --------------------------------------------------------------------------------------------

WP_TITLE = "China-Africa Development Cooperation"
WP_AUTHOR = "State Council Information Office of the People's Republic of China"
WP_DATE = datetime(2013, 8, 29, 10, 0, 0, tzinfo=UTC)
WP_RUNNING_HEADER = "White Paper: China-Africa Development Cooperation (2013)"
WP_FIRST_PAGE_NUMBER = 7  # an excerpt: printed page numbers start where the full text had them

WP_BLOCKS: list[tuple[str, str]] = [
    (
        "note",
        "Excerpt. Full text released by the State Council Information Office, Beijing, August 29, 2013.",
    ),
    ("h", "III. Helping to Build Infrastructure"),
    (
        "p",
        "Roads, railways, ports, power grids and telecommunications networks remain the weakest "
        "links in the development of many African countries, and improving them has long been a "
        "priority of China's cooperation with the continent. In line with the wishes of African "
        "governments, China has encouraged its enterprises and financial institutions to take part "
        "in infrastructure construction through a variety of models, including concessional loans, "
        "export buyer's credit, engineering contracts and joint ventures.",
    ),
    (
        "p",
        "From 2010 to 2012, China provided African countries with concessional loans totalling "
        "more than 11 billion US dollars, most of which went to transport, energy and "
        "communications projects. In the same period Chinese companies completed engineering "
        "contracts in Africa worth 40.8 billion US dollars, up 9.6 percent on the previous three "
        "years. Over the past decade, Chinese enterprises have helped to build or upgrade more "
        "than 2,200 kilometres of railway and about 3,500 kilometres of highway on the continent, "
        "as well as dozens of power stations, water supply systems and stadiums.",
    ),
    (
        "p",
        "Chinese enterprises are encouraged to hire locally and to pass on skills. On a typical "
        "large project, more than 80 percent of the workforce is recruited in the host country, "
        "and on-site training courses have been organised for tens of thousands of African "
        "engineers, technicians and workers. The Chinese government requires its enterprises to "
        "abide by local laws, to protect the environment and to fulfil their social "
        "responsibilities.",
    ),
    (
        "p",
        "China does not attach political conditions to its assistance and does not interfere in "
        "the internal affairs of recipient countries. It respects the right of African countries "
        "to choose their own development paths in light of their national conditions, a position "
        "that is rooted in the Five Principles of Peaceful Coexistence. China has never sought, "
        "and will never seek, to impose its own model on others.",
    ),
    ("h", "IV. Improving People's Livelihood"),
    (
        "p",
        "Food security is the foundation of Africa's development. By the end of 2012, China had "
        "set up 14 agricultural technology demonstration centres in African countries, sent more "
        "than 40 teams of agricultural experts and trained some 5,000 agricultural technicians. "
        "On demonstration plots in several countries, yields of rice and maize have risen by 30 "
        "to 60 percent compared with local averages.",
    ),
    (
        "p",
        "China began sending medical teams to Africa in 1963. Over the past five decades, some "
        "18,000 Chinese doctors and nurses have served in 46 African countries and treated about "
        "250 million patients. China has built or renovated 30 hospitals and 30 malaria "
        "prevention and treatment centres, and has provided anti-malaria medicines worth 190 "
        "million yuan. At the Fifth Ministerial Conference of the Forum on China-Africa "
        "Cooperation, held in Beijing in July 2012, China pledged to send a further 1,500 medical "
        "personnel to Africa over three years and to help African countries improve the "
        "prevention and control of infectious diseases.",
    ),
    (
        "p",
        "Education and training are a long-term investment in Africa's future. Between 2010 and "
        "2012, China trained more than 30,000 personnel from African countries in fields ranging "
        "from economic management and public health to agriculture and telecommunications, and "
        "offered 18,600 government scholarships for study in China. Confucius Institutes and "
        "vocational schools built with Chinese assistance have opened their doors to tens of "
        "thousands of young Africans.",
    ),
    ("h", "V. Expanding Trade"),
    (
        "p",
        "In 2012, trade between China and Africa reached 198.49 billion US dollars, up 19.3 percent "
        "year on year. China has been Africa's largest trading partner since 2009. To help more "
        "African products enter the Chinese market, China has granted zero-tariff treatment to 60 "
        "percent of the tariff items exported to China from 30 least developed African countries, "
        "and has announced that the coverage will be expanded step by step to 97 percent. Chinese "
        "purchases of African agricultural products and manufactured goods have risen faster than "
        "purchases of crude oil and minerals.",
    ),
    (
        "p",
        "China is aware that its trade with Africa is still unbalanced in structure and that some "
        "African countries run large deficits with China. The Chinese side will continue to "
        "organise trade promotion missions, support the building of African export capacity and "
        "help African countries move up the value chain, so that trade can contribute more to "
        "industrialisation and employment on the continent.",
    ),
    (
        "p",
        "Looking ahead, China will continue to follow the principles of sincerity, real results, "
        "amity and good faith in its relations with Africa. It will work with African countries "
        "to pursue win-win cooperation and common development, and to build a China-Africa "
        "community of common destiny in which the two peoples, who together account for more than "
        "one third of the world's population, share the benefits of peace and prosperity.",
    ),
]


class WhitePaperPDF(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, WP_RUNNING_HEADER, align="L")
        self.ln(4)
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 10, f"- {self.page_no() + WP_FIRST_PAGE_NUMBER - 1} -", align="C")


def make_whitepaper_pdf() -> bytes:
    pdf = WhitePaperPDF(format="A4", unit="mm")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.set_title(WP_TITLE)
    pdf.set_author(WP_AUTHOR)
    pdf.set_subject("White paper excerpt: infrastructure, livelihood and trade cooperation with Africa")
    pdf.set_keywords("China, Africa, FOCAC, development cooperation, white paper")
    pdf.set_creator("communique sample generator")
    pdf.set_producer("communique sample generator")
    pdf.set_creation_date(WP_DATE)
    pdf.set_lang("en")
    pdf.add_page()
    for kind, text in WP_BLOCKS:
        if kind == "note":
            pdf.set_font("Helvetica", "I", 9)
            pdf.multi_cell(0, 5, text)
            pdf.ln(4)
        elif kind == "h":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, text)
            pdf.ln(2)
        else:
            pdf.set_font("Times", "", 12.5)
            pdf.multi_cell(0, 6.0, text, align="J")
            pdf.ln(3)
    data = bytes(pdf.output())
    _check_page_break(data)
    return data


def _check_page_break(data: bytes) -> None:
    """The excerpt must span 2+ pages with a sentence running across the first page break."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) < 2:
        raise SystemExit("white paper PDF has fewer than 2 pages")
    lines = [line.strip() for line in reader.pages[0].extract_text().splitlines() if line.strip()]
    last_body_line = lines[-2]  # lines[-1] is the page number footer
    if last_body_line.endswith((".", ":", "?", "!")):
        raise SystemExit(f"page 1 ends at a sentence boundary ({last_body_line[-40:]!r}); adjust layout")


# --------------------------------------------------------------------------------------------
# Think-tank brief (docx)
# --------------------------------------------------------------------------------------------

BRIEF_TITLE = "After the Forum: What the Belt and Road Means for Central Asia"
BRIEF_AUTHOR = "Aigerim Bekova"
BRIEF_DATE = datetime(2017, 5, 22, 9, 0, 0, tzinfo=UTC)
DOCX_ZIP_TIME = (2017, 5, 22, 9, 0, 0)

BRIEF_BLOCKS: list[tuple[str, str]] = [
    ("title", BRIEF_TITLE),
    ("meta", "Policy Brief No. 7  |  Steppe Connectivity Institute, Almaty  |  22 May 2017"),
    ("meta", "Aigerim Bekova, Senior Fellow"),
    ("h1", "Summary"),
    (
        "p",
        "Last week's Belt and Road Forum for International Cooperation in Beijing brought together "
        "29 heads of state and government and delegations from more than 130 countries. For the "
        "five Central Asian republics the forum was less a new beginning than a stock-take: four "
        "years after President Xi Jinping first proposed the Silk Road Economic Belt during a visit "
        "to Astana in September 2013, the region has become the most tested overland corridor of "
        "the Belt and Road Initiative. This brief reviews what was agreed, what remains unclear, "
        "and where Central Asian governments should press for better terms.",
    ),
    ("h1", "What was agreed in Beijing"),
    (
        "p",
        "President Nursultan Nazarbayev of Kazakhstan and President Shavkat Mirziyoyev of "
        "Uzbekistan both attended the leaders' roundtable. Mirziyoyev combined the forum with his "
        "first state visit to China as president, and Tashkent said afterwards that Uzbek and "
        "Chinese companies had signed agreements worth more than 20 billion US dollars. "
        "Kazakhstan and China signed 27 cooperation documents covering industrial capacity, "
        "agriculture and the expansion of the Khorgos dry port on their shared border.",
    ),
    (
        "p",
        "Xi announced that China would add 100 billion yuan to the Silk Road Fund and that two "
        "Chinese policy banks would set aside a further 380 billion yuan in special lending for "
        "Belt and Road projects. He said China would host a second forum in 2019. Beijing did "
        "not announce a dedicated fund for Central Asia, and none of the headline numbers was "
        "broken down by region.",
    ),
    ("h1", "Why it matters for the region"),
    (
        "p",
        "Trade between China and the five republics was roughly 30 billion US dollars last year, "
        "well below its 2013 peak, as commodity prices fell. The "
        "Xinjiang customs authority reported that the region's trade with Kazakhstan alone came "
        "to 57.3 billion yuan, up 12.4% on 2015. Transit is growing faster than trade: "
        "more than 1,700 freight trains ran between China and Europe in 2016, and most of them "
        "crossed Kazakhstan. For landlocked economies, transit fees, logistics jobs and access to "
        "seaports in China and beyond may matter more in the long run than any single loan.",
    ),
    (
        "p",
        "Chinese officials describe the initiative as an exercise in win-win cooperation that is "
        "open to all and directed against no one. In 2015 China and Russia agreed to coordinate "
        "the Silk Road Economic Belt with the Eurasian Economic Union, which Kazakhstan and "
        "Kyrgyzstan have joined. Moscow has so far accepted Chinese economic expansion in the "
        "region as long as security remains its own domain.",
    ),
    ("h1", "Risks and open questions"),
    (
        "bullet",
        "Debt. Tajikistan and Kyrgyzstan already owe a large share of their external debt to "
        "the Export-Import Bank of China. New borrowing should be tested against IMF "
        "debt-sustainability analyses before it is signed, not after.",
    ),
    (
        "bullet",
        "Public opinion. The protests over land-code amendments in Kazakhstan last year "
        "showed how quickly concern about Chinese involvement can surface. Projects that "
        "employ few local workers will feed that concern.",
    ),
    (
        "bullet",
        "Transparency. Most loan agreements are not published. Parliaments in the region "
        "have been given little opportunity to scrutinise them.",
    ),
    ("h1", "Recommendations"),
    (
        "p",
        "Central Asian governments should negotiate as a group where their interests overlap, "
        "especially on transit tariffs and customs procedures. They should insist that "
        "Chinese-financed projects publish their environmental assessments and local-content "
        "targets, and they should use the second forum, two years from now, to review what has "
        "actually been delivered. Beijing has promised that the Belt and Road will bring shared "
        "benefits; it is up to the region's governments to hold it to that promise.",
    ),
]


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the docx bytes do not depend on when it was saved."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=DOCX_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def make_brief_docx() -> bytes:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    for kind, text in BRIEF_BLOCKS:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "h1":
            document.add_heading(text, level=1)
        elif kind == "meta":
            run = document.add_paragraph().add_run(text)
            run.italic = True
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    props = document.core_properties
    props.author = BRIEF_AUTHOR
    props.title = BRIEF_TITLE
    props.subject = "Belt and Road Initiative; Central Asia"
    props.keywords = "Belt and Road Forum; Kazakhstan; Uzbekistan; Silk Road Economic Belt"
    props.category = "Policy brief"
    props.comments = "Steppe Connectivity Institute, Policy Brief No. 7"
    props.last_modified_by = BRIEF_AUTHOR
    props.created = BRIEF_DATE.replace(tzinfo=None)
    props.modified = BRIEF_DATE.replace(tzinfo=None)
    props.last_printed = BRIEF_DATE.replace(tzinfo=None)
    props.revision = 3
    props.language = "en-GB"
    buf = io.BytesIO()
    document.save(buf)
    return _normalise_zip(buf.getvalue())


# --------------------------------------------------------------------------------------------
# Windows-1252 readout: curly quotes, accented names, a euro sign, an em dash, CRLF line ends.
# --------------------------------------------------------------------------------------------

CP1252_BLOCKS = [
    "PARIS-ASIE HEBDO \u2014 English edition\nDiplomacy  |  Tuesday 20 February 2024",
    "Wang Yi in Paris: \u201cSixty years on, we still choose dialogue\u201d",
    "By Claire Dumont",
    (
        "Chinese Foreign Minister Wang Yi held talks with his French counterpart St\u00e9phane "
        "S\u00e9journ\u00e9 at the Quai d\u2019Orsay on Tuesday, in a visit timed to mark the 60th "
        "anniversary of diplomatic relations between France and the People\u2019s Republic of China. "
        "General de Gaulle\u2019s government recognised Beijing in January 1964, the first major "
        "Western power to do so, and both sides have made the anniversary the theme of a year of "
        "cultural and political exchanges."
    ),
    (
        "Photo : Wang Yi et St\u00e9phane S\u00e9journ\u00e9, mardi \u00e0 Paris, au minist\u00e8re de "
        "l\u2019Europe et des Affaires \u00e9trang\u00e8res. \u00a9 PAH"
    ),
    (
        "S\u00e9journ\u00e9, who took office last month, said France wanted a relationship that was "
        "\u201cfrank, demanding and stable\u201d. He told reporters after the meeting that he had "
        "raised the war in Ukraine, market access for French companies and the anti-dumping "
        "investigation into European brandy that China\u2019s commerce ministry opened on 5 January. "
        "\u201cCognac is not a bargaining chip,\u201d he said, adding that the French government would "
        "defend its producers \u201cwith all the instruments the European Union provides\u201d."
    ),
    (
        "Wang said that China will handle the brandy case in accordance with the law and World Trade "
        "Organization rules, and that Beijing had no intention of starting a trade war with Europe. He "
        "urged the EU not to turn its own investigation into Chinese electric vehicles into a "
        "protectionist measure. \u201cChina and France are both permanent members of the Security "
        "Council and both independent-minded major countries. We should set an example of mutual "
        "respect and win-win cooperation,\u201d Wang said."
    ),
    (
        "On Ukraine, S\u00e9journ\u00e9 urged China to use its influence with Moscow to help bring "
        "about a just and lasting peace. Wang replied that China is not a party to the conflict, does "
        "not supply lethal weapons to either side and would continue to promote peace talks. He said "
        "that the one-China principle was the political foundation of the relationship and thanked "
        "France for its adherence to it."
    ),
    (
        "The two ministers agreed to prepare a state visit by President Xi Jinping to France later in "
        "the spring, and discussed President Emmanuel Macron\u2019s proposal for an Olympic truce "
        "during the Paris Games this summer. China extended its visa-free entry for French citizens, "
        "introduced in December, until the end of the year."
    ),
    (
        "Bilateral trade in goods reached about \u20ac79 billion last year, with France running a "
        "deficit of more than \u20ac45 billion. French officials said the \u00c9lys\u00e9e hoped to use "
        "the anniversary to obtain better access for French cosmetics, pork and aircraft parts."
    ),
    (
        "Jean-Yves Le Drian, a former foreign minister who has kept close ties with Beijing, attended a "
        "dinner for Wang at the Chinese ambassador\u2019s residence on Monday evening."
    ),
    "\u00a9 Paris-Asie Hebdo 2024 \u2014 reproduction interdite",
]
CP1252_TEXT = "\n\n".join(CP1252_BLOCKS) + "\n"


def make_cp1252_txt() -> bytes:
    return CP1252_TEXT.replace("\n", "\r\n").encode("cp1252")


# --------------------------------------------------------------------------------------------


def build() -> dict[str, bytes]:
    pdf_bytes = make_whitepaper_pdf()
    return {
        "whitepaper_africa_excerpt.pdf": pdf_bytes,
        "brief_central_asia.docx": make_brief_docx(),
        "france_china_readout_cp1252.txt": make_cp1252_txt(),
        # A real PDF cut off after its first bytes: header and a few objects, no xref, no trailer.
        "broken.pdf": pdf_bytes[:BROKEN_PDF_BYTES],
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    files = build()
    differ = []
    for name, data in files.items():
        path = SAMPLE_DIR / name
        if check:
            if not path.exists() or path.read_bytes() != data:
                differ.append(name)
            continue
        SAMPLE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(SAMPLE_DIR.parent.parent.parent.parent)} ({len(data)} bytes)")
    if check:
        if differ:
            print("out of date: " + ", ".join(differ))
            return 1
        print("all generated sample files are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
