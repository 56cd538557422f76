"""Every label the report templates show, in English and Dutch: one catalog, used through
jinja2's i18n extension (``{{ _("Score") }}``), so that a label missing in either language is a
test failure rather than a silent English word on a Dutch page."""

from __future__ import annotations

from collections.abc import Callable, Mapping

# msgid (the English label) -> Dutch
DUTCH: Mapping[str, str] = {
    "Feedback report": "Feedbackrapport",
    "Student": "Student",
    "Score": "Score",
    "Task": "Opdracht",
    "Verdict": "Oordeel",
    "Points": "Punten",
    "Your answer": "Je antwoord",
    "Read as": "Gelezen als",
    "Expected": "Verwacht",
    "Worked step": "Uitgewerkte stap",
    "Mistake": "Fout",
    "Note": "Opmerking",
    "Notation": "Notatie",
    "Credit": "Punten voor doorrekenen",
    "Needs a teacher's look": "Vraagt een blik van de docent",
    "Nothing needs a teacher's look.": "Niets vraagt een blik van de docent.",
    "could not be graded": "kon niet worden nagekeken",
    "no answer": "geen antwoord",
    "correct": "goed",
    "partial": "deels goed",
    "incorrect": "fout",
    "missing": "ontbreekt",
    "invalid": "onleesbaar",
    "timeout": "te lang bezig",
    "unproven": "niet beslist",
    "error": "fout bij nakijken",
    "Class overview": "Klasoverzicht",
    "graded": "nagekeken",
    "need review": "ter controle",
    "Mean": "Gemiddelde",
    "Median": "Mediaan",
    "Standard deviation": "Standaardafwijking",
    "Score distribution": "Verdeling van de scores",
    "Item statistics": "Statistiek per opdracht",
    "Facility index": "Facilitatie-index",
    "Discrimination index": "Discriminatie-index",
    "Verdicts": "Oordelen",
    "Response analysis": "Antwoordanalyse",
    "Students": "Studenten",
    "Answer": "Antwoord",
    "Most frequent mistakes": "Meest gemaakte fouten",
    "none": "geen",
    "Exercise": "Oefening",
    "Report": "Rapport",
    "report": "rapport",
    "the right path": "het juiste pad",
    "your path": "jouw pad",
    "Descent path": "Pad van de descent",
}
LANGUAGES = ("en", "nl")


def gettext_for(lang: str) -> Callable[[str], str]:
    """The ``gettext`` callable of ``lang`` for jinja2's i18n extension."""
    if lang == "nl":
        return lambda msgid: DUTCH[msgid]
    return lambda msgid: msgid
