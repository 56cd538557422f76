"""Every label the report templates show, in English and Dutch: one catalog. Templates look
labels up as ``{{ t["Score"] }}`` in the mapping of the page's language: a plain lookup, because
a class renders thousands of pages (jinja2's i18n extension calls a function per label, which
cost more than the rest of a page). A test reads every ``t["…"]`` in the templates and fails when
a label is missing in either language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from types import MappingProxyType

# msgid (the English label) -> Dutch
DUTCH: Mapping[str, str] = {
    "Feedback report": "Feedbackrapport",
    "Student": "Student",
    "Your numbers": "Jouw getallen",
    "Function": "Functie",
    "Start": "Start",
    "Learning rate": "Learning rate",
    "Point": "Punt",
    "Direction": "Richting",
    "Hand in with": "Lever in met",
    "Variant": "Variant",
    "variants in this class: answers are grouped by what they are for the student's own numbers":
        "varianten in deze klas: antwoorden zijn gegroepeerd naar wat ze zijn bij de eigen "
        "getallen van de student",
    "Possible copying": "Mogelijk overgenomen",
    "Answers wrong for the student's own numbers but right for another student's variant.":
        "Antwoorden die fout zijn bij de eigen getallen van de student, maar goed bij de "
        "variant van een ander.",
    "fits the variant of": "past bij de variant van",
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
    "ambiguous": "dubbelzinnig",
    "Found at": "Gevonden op",
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
    "Newton's method": "methode van Newton",
    "your Newton steps": "jouw Newton-stappen",
    "Descent path": "Pad van de descent",
    "Descent and Newton paths": "Paden van de descent en van Newton",
    "Newton path": "Pad van Newton",
    # the pages of grader serve
    "Exercises": "Opgaven",
    "your own numbers": "eigen getallen",
    "Student number": "Studentnummer",
    "Show my numbers": "Toon mijn getallen",
    "Enter your student number to see your own numbers.":
        "Vul je studentnummer in om je eigen getallen te zien.",
    "Check": "Nakijken",
    "Or check your notes": "Of laat je aantekeningen nakijken",
    "Check my notes": "Kijk mijn aantekeningen na",
    "Result": "Resultaat",
    # collect mode (grader serve --collect): a student's own page
    "Handing in as": "Je levert in als",
    "Hand in": "Inleveren",
    "Hand in my notes": "Lever mijn aantekeningen in",
    "Handed in": "Ingeleverd",
    "Time (UTC)": "Tijd (UTC)",
    "Open the personal link your teacher sent you to see your own numbers.":
        "Open de persoonlijke link die je docent je stuurde om je eigen getallen te zien.",
    "This is the hand-in that is graded. Hand in again to replace it; every hand-in is kept.":
        "Deze inzending wordt nagekeken. Lever opnieuw in om haar te vervangen; elke inzending "
        "blijft bewaard.",
    # worked steps (grader solve, reports with --reveal)
    "step": "stap",
    "Newton step": "Newton-stap",
    "at": "in",
    "solve": "los op",
    "stationary point": "stationair punt",
    "stationary points": "stationaire punten",
    "nearest": "het dichtst bij",
    "eigenvalues": "eigenwaarden",
    "nature": "aard",
    "student": "student",
    "first variant": "eerste variant",
    # a self-check in a terminal (grader check)
    "answer": "antwoord",
    "read as": "gelezen als",
    "note": "opmerking",
    "mistake": "fout",
    "notation": "notatie",
    "credit": "punten",
    "expected": "verwacht",
    "score": "score",
    "your numbers": "jouw getallen",
    "warning": "waarschuwing",
    "could not grade": "kon niet nakijken",
    "some answers could not be decided; your teacher will look at them":
        "sommige antwoorden konden niet worden beslist; je docent kijkt ernaar",
    "where the answers were found": "waar de antwoorden zijn gevonden",
    "not found": "niet gevonden",
}
LANGUAGES = ("en", "nl")


@cache
def labels_for(lang: str) -> Mapping[str, str]:
    """The label mapping of ``lang`` (English: every label is its own msgid)."""
    return MappingProxyType(dict(DUTCH) if lang == "nl" else {msgid: msgid for msgid in DUTCH})


def gettext_for(lang: str) -> Callable[[str], str]:
    """One label in ``lang``, for code outside the templates."""
    return labels_for(lang).__getitem__
