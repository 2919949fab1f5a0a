"""A vote's result as an A4 PDF for the notice board and the committee's file, in Chinese and English.

The figures are those of the published notice (:func:`desk.votes.result_text`), laid out as a table:
owners and floor area for each choice, against everyone who took part and the whole community. No
ballot is named: who voted stays in the console, for managers.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from fpdf.fonts import FontFace

from desk.catalog import say
from desk.votes import Vote, area_text, result_text
from desk.votes_tally import Tally
from lobbydesk.owner_file_pdf import a4_page_with_chinese

__all__ = ["vote_pdf"]

HEADINGS = FontFace(fill_color=(235, 235, 235))


def vote_pdf(vote: Vote, counted: Tally, *, community_name: str, tz: tzinfo, printed_at: datetime) -> bytes:
    """The result as PDF bytes: the question, the window, the table by choice, the outcome in both languages."""
    pdf = a4_page_with_chinese(f"{say('vote_result_title', 'en', question=vote.question('en'))}")

    def text(size: float, line: str, height: float = 6) -> None:
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(pdf.epw, height, line, new_x="LMARGIN", new_y="NEXT")

    text(16, community_name, 9)
    for lang in ("zh", "en"):
        text(13, say("vote_result_title", lang, question=vote.question(lang)), 7)
    opens, closes = vote.opens.astimezone(tz), vote.closes.astimezone(tz)
    text(10, f"{opens:%Y-%m-%d %H:%M} – {closes:%Y-%m-%d %H:%M} · {vote.kind.value}")
    pdf.ln(3)
    pdf.set_font("cjk", size=10)
    with pdf.table(col_widths=(70, 35, 45), text_align=("LEFT", "RIGHT", "RIGHT"), headings_style=HEADINGS,
                   line_height=6, width=150, align="LEFT") as table:
        table.row(["Choice 选项", "Owners 户数", "Area 面积 m²"])
        for count in counted.choices:
            words = dict.fromkeys(vote.choice_label(count.choice, lang) for lang in ("zh", "en"))
            table.row([" ".join(words), str(count.owners), area_text(count.area)])
        table.row(["Took part 参与", str(counted.owners), area_text(counted.area)])
        table.row(["All owners 全体业主", str(counted.total_owners), area_text(counted.total_area)])
    pdf.ln(3)
    for lang in ("zh", "en"):
        text(10, result_text(vote, counted, lang))
        pdf.ln(2)
    text(8, f"{printed_at.astimezone(tz):%Y-%m-%d %H:%M}")
    return bytes(pdf.output())
