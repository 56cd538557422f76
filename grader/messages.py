"""Every sentence grader says to a student, in English and Dutch, keyed by a stable code.

The core records codes and parameters; this module turns them into text in the exercise's
language, so reports and exports can show the same message in either language.
"""

from __future__ import annotations

from collections.abc import Mapping

Language = str  # "en" | "nl"
LANGUAGES = ("en", "nl")

CATALOGUE: Mapping[str, Mapping[Language, str]] = {
    # -- reading an answer -----------------------------------------------------------------
    "unexpected-character": {
        "en": "unexpected character '{char}'",
        "nl": "onverwacht teken '{char}'"},
    "unknown-command": {
        "en": "unknown LaTeX command {command}",
        "nl": "onbekend LaTeX-commando {command}"},
    "unknown-environment": {
        "en": "unsupported LaTeX environment '{environment}' (use pmatrix for a vector)",
        "nl": "LaTeX-omgeving '{environment}' wordt niet ondersteund (gebruik pmatrix voor een vector)"},
    "text-in-answer": {
        "en": "text is not allowed in an answer; write only the math",
        "nl": "tekst hoort niet in een antwoord; schrijf alleen de wiskunde"},
    "unknown-name": {
        "en": "unknown name '{name}'; this task knows {known}",
        "nl": "onbekende naam '{name}'; deze opdracht kent {known}"},
    "bad-sample-index": {
        "en": "'{name}' needs the sample index, as in {name}^(i) or {name}_i",
        "nl": "'{name}' heeft de index van het voorbeeld nodig, zoals {name}^(i) of {name}_i"},
    "data-without-index": {
        "en": "'{name}' is data: write {name}^(i) or {name}_i for the i-th sample",
        "nl": "'{name}' is data: schrijf {name}^(i) of {name}_i voor het i-de voorbeeld"},
    "index-outside-sum": {
        "en": "'{name}' only has a meaning inside a Σ",
        "nl": "'{name}' heeft alleen binnen een Σ betekenis"},
    "bad-sum-index": {
        "en": "a Σ here runs over {known}",
        "nl": "een Σ loopt hier over {known}"},
    "sum-without-data": {
        "en": "a Σ needs an index and an upper bound, as in Σ_{{i=1}}^{{n}}",
        "nl": "een Σ heeft een index en een bovengrens nodig, zoals Σ_{{i=1}}^{{n}}"},
    "bad-sum-bounds": {
        "en": "the bounds of a Σ must be whole numbers",
        "nl": "de grenzen van een Σ moeten gehele getallen zijn"},
    "sum-too-long": {
        "en": "Σ with too many terms (limit {limit})",
        "nl": "Σ met te veel termen (maximaal {limit})"},
    "unexpected-end": {
        "en": "the answer ends too early{expected_hint}",
        "nl": "het antwoord houdt te vroeg op{expected_hint}"},
    "unexpected-token": {
        "en": "unexpected '{token}'{expected_hint}",
        "nl": "onverwacht '{token}'{expected_hint}"},
    "empty": {"en": "the answer is empty", "nl": "het antwoord is leeg"},
    "function-without-argument": {
        "en": "{name} needs an argument, as in {name}(x)",
        "nl": "{name} heeft een argument nodig, zoals {name}(x)"},
    "wrong-argument-count": {
        "en": "{name} takes {count} argument(s)",
        "nl": "{name} heeft {count} argument(en)"},
    "matrix-not-vector": {
        "en": "write a vector as one column or one row",
        "nl": "schrijf een vector als één kolom of één rij"},
    "vector-in-expression": {
        "en": "a vector cannot be part of a calculation (for a decimal comma write 1.6 or 1,6 outside brackets)",
        "nl": "een vector kan geen deel van een berekening zijn (schrijf een kommagetal als 1.6, of 1,6 buiten haakjes)"},
    "undefined-value": {
        "en": "the answer has no defined value (division by zero?)",
        "nl": "het antwoord heeft geen waarde (delen door nul?)"},
    "division-by-zero": {"en": "division by zero", "nl": "delen door nul"},
    "too-long": {
        "en": "answer too long (limit {limit} characters)",
        "nl": "antwoord te lang (maximaal {limit} tekens)"},
    "too-deep": {
        "en": "answer nested too deeply (limit {limit} levels)",
        "nl": "antwoord te diep genest (maximaal {limit} niveaus)"},
    "too-many-nodes": {
        "en": "answer too large (limit {limit} terms and operators)",
        "nl": "antwoord te groot (maximaal {limit} termen en bewerkingen)"},
    "number-too-long": {
        "en": "number too long (limit {limit} digits)",
        "nl": "getal te lang (maximaal {limit} cijfers)"},
    "number-too-large": {
        "en": "number too large (limit {limit} digits)",
        "nl": "getal te groot (maximaal {limit} cijfers)"},
    "exponent-too-large": {
        "en": "exponent too large (limit {limit})",
        "nl": "exponent te groot (maximaal {limit})"},
    "factorial-too-large": {
        "en": "factorial too large (limit {limit}!)",
        "nl": "faculteit te groot (maximaal {limit}!)"},
    # -- checking an answer -----------------------------------------------------------------
    "expected-vector": {
        "en": "expected a vector with {count} components",
        "nl": "verwacht een vector met {count} componenten"},
    "expected-scalar": {
        "en": "expected a single value, not a vector",
        "nl": "verwacht één waarde, geen vector"},
    "wrong-length": {
        "en": "expected {count} components, got {given}",
        "nl": "verwacht {count} componenten, gekregen {given}"},
    "expected-number": {
        "en": "expected a number; the answer still contains {names}",
        "nl": "verwacht een getal; het antwoord bevat nog {names}"},
    "components-wrong": {
        "en": "component(s) {which} wrong",
        "nl": "component(en) {which} fout"},
    "unproven": {
        "en": "numerically equal but not proven equal: flagged for manual review",
        "nl": "numeriek gelijk maar niet bewezen gelijk: ter controle voorgelegd"},
    "timeout": {
        "en": "could not be checked in time: flagged for manual review",
        "nl": "kon niet op tijd worden nagekeken: ter controle voorgelegd"},
    "checker-error": {
        "en": "the checker failed ({reason}): flagged for manual review",
        "nl": "het nakijken mislukte ({reason}): ter controle voorgelegd"},
    "missing": {"en": "no answer given", "nl": "geen antwoord gegeven"},
}

POSITION = {"en": " (at character {position})", "nl": " (bij teken {position})"}
EXPECTED_HINT = {"en": "; expected {expected}", "nl": "; verwacht {expected}"}


def render(code: str, params: Mapping[str, str] | tuple[tuple[str, str], ...] = (),
           language: Language = "en", position: int | None = None) -> str:
    """The message for ``code`` in ``language``; ``position`` is 0-based, shown 1-based."""
    values = dict(params)
    expected = values.get("expected", "")
    values["expected_hint"] = EXPECTED_HINT[language].format(expected=expected) if expected else ""
    template = CATALOGUE[code][language if language in LANGUAGES else "en"]
    text = template.format(**values)
    if position is not None:
        text += POSITION[language].format(position=position + 1)
    return text
