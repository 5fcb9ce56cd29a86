"""Write the three letter templates Wardcase ships, as .docx files with merge fields.

Run from the project root after changing the wording:

    .venv/bin/python scripts/make_letter_templates.py

The files go to wardcase/letters/templates_docx/ and are committed. Councils upload
their own (with their letterhead) in the admin; these are the starting point.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "wardcase" / "letters" / "templates_docx"

LETTERS = {
    "acknowledgement.docx": [
        "Thank you for contacting me about {{ case.subject }}.",
        "I have logged your enquiry on {{ case.logged }} under reference {{ case.reference }}, "
        "and passed it to {{ case.department }} at {{ council.name }}, who deal with "
        "{{ case.service }}. The council aims to give a full response by {{ case.response_due }}.",
        "I will be in touch as soon as I hear from them. Please quote the reference above "
        "if you contact me about this matter.",
    ],
    "response.docx": [
        "I am writing with an update on {{ case.subject }} (reference {{ case.reference }}).",
        "On {{ response.date }}, {{ response.officer }} of {{ case.department }} told me:",
        "{{ response.text }}",
        "If this does not resolve matters, or you have any questions, please let me know.",
    ],
    "closure.docx": [
        "I am writing about {{ case.subject }} (reference {{ case.reference }}), which you "
        "raised with me on {{ case.logged }}.",
        "The council's latest response, from {{ response.officer }} on {{ response.date }}, was:",
        "{{ response.text }}",
        "I have now closed this case as of {{ case.closed }}. If the problem returns, or you "
        "need anything else, please contact me again.",
    ],
}


def letter(paragraphs):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    right = document.add_paragraph("{{ councillor.name }}\nCouncillor for {{ councillor.ward }}")
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("{{ council.name }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("{{ today }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(
        "{{ constituent.name }}\n{{ constituent.address }}\n{{ constituent.postcode }}"
    )
    document.add_paragraph("Our reference: {{ case.reference }}").runs[0].bold = True
    document.add_paragraph("Dear {{ constituent.name }},")
    for text in paragraphs:
        document.add_paragraph(text)
    document.add_paragraph("Yours sincerely,")
    document.add_paragraph("{{ councillor.name }}")
    return document


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for filename, paragraphs in LETTERS.items():
        letter(paragraphs).save(OUT / filename)
        print(OUT / filename)


if __name__ == "__main__":
    main()
