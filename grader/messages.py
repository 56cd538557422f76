"""Every sentence grader says to a student, in English and Dutch, keyed by a stable code.

The core records codes and parameters; this module turns them into text in the exercise's
language, so reports and exports can show the same message in either language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from grader.codes import ANSWER_PARAMS

if TYPE_CHECKING:
    from grader.results.model import Diagnosis, Message

Language = str  # "en" | "nl"
LANGUAGES = ("en", "nl")

CATALOGUE: Mapping[str, Mapping[Language, str]] = {
    # -- reading an answer -----------------------------------------------------------------
    "unexpected-character": {
        "en": "unexpected character '{char}'",
        "nl": "onverwacht teken '{char}'"},
    "plus-minus": {
        "en": "± stands for two values: write both, separated by a comma: {minus}, {plus}",
        "nl": "± staat voor twee waarden: schrijf ze allebei, gescheiden door een komma: {minus}, {plus}"},
    "unknown-command": {
        "en": "unknown LaTeX command {command}",
        "nl": "onbekend LaTeX-commando {command}"},
    "unknown-environment": {
        "en": "unsupported LaTeX environment '{environment}' (write a vector or matrix with pmatrix or bmatrix)",
        "nl": "LaTeX-omgeving '{environment}' wordt niet ondersteund (schrijf een vector of matrix met pmatrix of bmatrix)"},
    "word-linear-matrix": {
        "en": "Word's linear format: write the matrix as [[12, 1], [1, 2]]",
        "nl": "de lineaire notatie van Word: schrijf de matrix als [[12, 1], [1, 2]]"},
    "text-in-answer": {
        "en": "text is not allowed in an answer; write only the math",
        "nl": "tekst hoort niet in een antwoord; schrijf alleen de wiskunde"},
    "unknown-name": {
        "en": "unknown name '{name}'; this task knows {known}",
        "nl": "onbekende naam '{name}'; deze opdracht kent {known}"},
    "nature-unknown": {
        "en": "'{word}' is not a nature of a stationary point; write one word: minimum, maximum, saddle point or undecided (nl: zadelpunt, onbeslist)",
        "nl": "'{word}' is geen aard van een stationair punt; schrijf één woord: minimum, maximum, zadelpunt of onbeslist (en: saddle point, undecided)"},
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
    # no longer produced (matrices are read now); kept so that earlier results still render
    "matrix-not-vector": {
        "en": "write a vector as one column or one row",
        "nl": "schrijf een vector als één kolom of één rij"},
    "matrix-ragged": {
        "en": "the rows of the matrix differ in length: row {row} has {count}, the first row {expected}; every row needs as many entries",
        "nl": "de rijen van de matrix zijn niet even lang: rij {row} heeft er {count}, de eerste rij {expected}; elke rij moet evenveel elementen hebben"},
    "matrix-empty": {
        "en": "the matrix is empty: write its entries, as in [[2, 1], [1, 6]]",
        "nl": "de matrix is leeg: schrijf de elementen, zoals [[2, 1], [1, 6]]"},
    "matrix-one-entry": {
        "en": "a matrix with one entry: write the number itself",
        "nl": "een matrix met één element: schrijf het getal zelf"},
    "matrix-too-large": {
        "en": "matrix too large: {rows}×{columns} (limit {limit} rows and {limit} columns)",
        "nl": "matrix te groot: {rows}×{columns} (maximaal {limit} rijen en {limit} kolommen)"},
    "determinant-not-matrix": {
        "en": "{environment} is a determinant (one number), not a matrix: write the matrix with pmatrix or bmatrix, or the determinant's value",
        "nl": "{environment} is een determinant (één getal), geen matrix: schrijf de matrix met pmatrix of bmatrix, of de waarde van de determinant"},
    "matrix-in-expression": {
        "en": "a matrix cannot be part of a calculation here: give the matrix itself",
        "nl": "een matrix kan hier geen deel van een berekening zijn: geef de matrix zelf"},
    "vector-in-expression": {
        "en": "a vector cannot be part of a calculation (for a decimal comma write 3.5 or 3,5 outside brackets)",
        "nl": "een vector kan geen deel van een berekening zijn (schrijf een kommagetal als 3.5, of 3,5 buiten haakjes)"},
    "unknown-function": {
        "en": "unknown function '{name}'; grader knows sin, cos, tan, exp, ln, sqrt and their kin",
        "nl": "onbekende functie '{name}'; grader kent sin, cos, tan, exp, ln, sqrt en verwanten"},
    "lookalike-letter": {
        "en": "'{char}' is the Cyrillic letter {char} ({unicode}), not the Latin {latin}: retype it",
        "nl": "'{char}' is de Cyrillische letter {char} ({unicode}), niet de Latijnse {latin}: typ hem opnieuw"},
    "escape-damage": {
        "en": "control character {unicode} in the answer ({escape} of a LaTeX command read as an escape): in YAML, put LaTeX in single quotes, e.g. '2\\theta'",
        "nl": "stuurteken {unicode} in het antwoord ({escape} van een LaTeX-commando als escape gelezen): zet LaTeX in YAML tussen enkele aanhalingstekens, bijv. '2\\theta'"},
    "numbers-side-by-side": {
        "en": "two numbers side by side: write a comma for a vector, as in (3, 5), or · for a product",
        "nl": "twee getallen naast elkaar: schrijf een komma voor een vector, zoals (3, 5), of · voor een product"},
    # the same, on a task whose answer is one number: no vector to suggest
    "numbers-side-by-side-scalar": {
        "en": "two numbers side by side: write · or * for a product, or give one number",
        "nl": "twee getallen naast elkaar: schrijf · of * voor een product, of geef één getal"},
    "missing-comma": {
        "en": "a vector with {count} components is asked: a comma seems to be missing here (with a space instead, the parts are read as one value)",
        "nl": "gevraagd is een vector met {count} componenten: hier lijkt een komma te ontbreken (met een spatie ertussen worden de delen als één waarde gelezen)"},
    "names-chain": {
        "en": "'{names} = …' gives one value to some of the point's {count} components: write the point with every component, as in (2, 2)",
        "nl": "'{names} = …' geeft één waarde aan een deel van de {count} componenten van het punt: schrijf het punt met elke component, zoals (2, 2)"},
    "names-chain-value": {
        "en": "after a chain of names (w = b = …) write one number, the value of each; or write the point as (2, 2)",
        "nl": "schrijf na een rij namen (w = b = …) één getal, de waarde van elk; of schrijf het punt als (2, 2)"},
    "letter-o-in-number": {
        "en": "the letter O in a number: write the digit 0 (zero)",
        "nl": "de letter O in een getal: schrijf het cijfer 0 (nul)"},
    "several-boxed": {
        "en": "more than one \\boxed{{…}}: box only the answer",
        "nl": "meer dan één \\boxed{{…}}: zet alleen het antwoord in een kader"},
    "transpose-of-scalar": {
        "en": "ᵀ (transpose) only applies to a vector",
        "nl": "ᵀ (getransponeerde) kan alleen bij een vector"},
    "zero-denominator": {
        "en": "the answer divides by {denominator}, which is 0 for every value: the division has no value",
        "nl": "het antwoord deelt door {denominator}, en dat is voor elke waarde 0: de deling heeft geen waarde"},
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
    # no longer produced (powers are bounded by number-too-large and degree-too-large); kept so
    # that results written by earlier versions still render
    "exponent-too-large": {
        "en": "exponent too large (limit {limit})",
        "nl": "exponent te groot (maximaal {limit})"},
    "degree-too-large": {
        "en": "power too high (limit: degree {limit} after multiplying out)",
        "nl": "macht te hoog (maximaal graad {limit} na uitwerken)"},
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
    "expected-matrix": {
        "en": "expected a {rows}×{columns} matrix",
        "nl": "verwacht een {rows}×{columns}-matrix"},
    "expected-vector-not-matrix": {
        "en": "expected a vector with {count} components, not a matrix",
        "nl": "verwacht een vector met {count} componenten, geen matrix"},
    "expected-scalar-not-matrix": {
        "en": "expected a single value, not a matrix",
        "nl": "verwacht één waarde, geen matrix"},
    "wrong-shape": {
        "en": "expected a {rows}×{columns} matrix, got {given_rows}×{given_columns}",
        "nl": "verwacht een {rows}×{columns}-matrix, gekregen {given_rows}×{given_columns}"},
    "wrong-shape-decimal-comma": {
        "en": "expected a {rows}×{columns} matrix, got {given_rows}×{given_columns}: with decimal commas, separate the entries and rows with ;, as in [[2,5; 1]; [1; 0,5]]",
        "nl": "verwacht een {rows}×{columns}-matrix, gekregen {given_rows}×{given_columns}: scheid bij decimale komma's de elementen en rijen met ;, zoals [[2,5; 1]; [1; 0,5]]"},
    "wrong-length-decimal-comma": {
        "en": "expected {count} components, got {given}: with decimal commas, separate the components with ;, as in (3,5; 1,25)",
        "nl": "verwacht {count} componenten, gekregen {given}: scheid bij decimale komma's de componenten met ;, zoals (3,5; 1,25)"},
    "expected-number": {
        "en": "expected a number; the answer still contains {names}",
        "nl": "verwacht een getal; het antwoord bevat nog {names}"},
    "components-wrong": {
        "en": "component(s) {which} wrong",
        "nl": "component(en) {which} fout"},
    "entries-wrong": {
        "en": "wrong entries (row,column): {which}",
        "nl": "foute elementen (rij,kolom): {which}"},
    "unproven": {
        "en": "could not be decided: no difference found at the test points, but not proven equal; flagged for manual review",
        "nl": "niet te beslissen: geen verschil gevonden in de testpunten, maar niet bewezen gelijk; ter controle voorgelegd"},
    "timeout": {
        "en": "could not be checked in time: flagged for manual review",
        "nl": "kon niet op tijd worden nagekeken: ter controle voorgelegd"},
    "checker-error": {
        "en": "the checker failed ({reason}): flagged for manual review",
        "nl": "het nakijken mislukte ({reason}): ter controle voorgelegd"},
    # -- a task's prompt when the exercise gives none (its kind writes it) --------------------
    "prompt-derivative": {
        "en": "the derivative {notation}",
        "nl": "de afgeleide {notation}"},
    "prompt-gradient": {
        "en": "the gradient ∇{name} by {variables}, as a vector",
        "nl": "de gradiënt ∇{name} naar {variables}, als vector"},
    "prompt-slope": {
        "en": "the gradient ∇{name} used by gradient descent step {step}, at {point} before that step",
        "nl": "de gradiënt ∇{name} die gradiëntafdalingsstap {step} gebruikt, in {point} vóór die stap"},
    "prompt-step": {
        "en": "{point} after gradient descent step {step} from the start",
        "nl": "{point} na gradiëntafdalingsstap {step} vanaf de start"},
    "prompt-newton": {
        "en": "{point} after Newton step {step} from the start",
        "nl": "{point} na Newton-stap {step} vanaf de start"},
    "prompt-hessian": {
        "en": "the Hessian matrix of the function by {variables}: its second derivatives, row by row",
        "nl": "de Hessiaan (matrix) van de functie naar {variables}: de tweede afgeleiden, rij voor rij"},
    "prompt-hessian-at": {
        "en": "the Hessian matrix of the function by {variables}, at ({point})",
        "nl": "de Hessiaan (matrix) van de functie naar {variables}, in ({point})"},
    "prompt-at-point": {
        "en": " at ({point})",
        "nl": " in ({point})"},
    "prompt-directional": {
        "en": "the directional derivative of the function{where} in the direction ({direction}), normalised to a unit vector: ∇{name}·u/|u|",
        "nl": "de richtingsafgeleide van de functie{where} in de richting ({direction}), genormaliseerd tot een eenheidsvector: ∇{name}·u/|u|"},
    "prompt-directional-not-normalised": {
        "en": "the directional derivative of the function{where} along u = ({direction}), not normalised: ∇{name}·u",
        "nl": "de richtingsafgeleide van de functie{where} langs u = ({direction}), niet genormaliseerd: ∇{name}·u"},
    # -- an exercise file that cannot be used (ExerciseError): the teacher reads these --------
    "exercise-learning-rate-not-positive": {
        "en": "learning_rate must be greater than 0, not {value}: a step θ − α·∇J with α ≤ 0 stays put or climbs; write a small positive rate, such as learning_rate: 0.1",
        "nl": "learning_rate moet groter dan 0 zijn, niet {value}: een stap θ − α·∇J met α ≤ 0 blijft staan of gaat omhoog; schrijf een kleine positieve learning rate, zoals learning_rate: 0.1"},
    "prompt-stationary": {
        "en": "the stationary point of the function{near}: the point where every first derivative is 0 (∇{name} = 0)",
        "nl": "het stationaire punt van de functie{near}: het punt waar alle eerste afgeleiden 0 zijn (∇{name} = 0)"},
    "prompt-stationary-near": {
        "en": " nearest ({point})",
        "nl": " dat het dichtst bij ({point}) ligt"},
    "prompt-classify": {
        "en": "the nature of the stationary point {point}, by the signs of the Hessian's eigenvalues there, in one word",
        "nl": "de aard van het stationaire punt {point}, volgens de tekens van de eigenwaarden van de Hessiaan daar, in één woord"},
    "prompt-classify-found": {
        "en": "the nature of the function's stationary point{near}, by the signs of the Hessian's eigenvalues there, in one word",
        "nl": "de aard van het stationaire punt van de functie{near}, volgens de tekens van de eigenwaarden van de Hessiaan daar, in één woord"},
    "prompt-eigenvalues": {
        "en": "the eigenvalues of the function's Hessian{where}, in any order: λ₁, λ₂, …",
        "nl": "de eigenwaarden van de Hessiaan van de functie{where}, in willekeurige volgorde: λ₁, λ₂, …"},
    # -- reading a submission file: why it cannot be graded (SubmissionError) ----------------
    "file-not-regular": {
        "en": "not a regular file (a device, a pipe or a socket); give the file itself",
        "nl": "geen gewoon bestand (een apparaat, een pipe of een socket); geef het bestand zelf"},
    "file-too-large": {
        "en": "file too large (limit {limit} bytes)",
        "nl": "bestand te groot (maximaal {limit} bytes)"},
    "file-unreadable": {
        "en": "cannot read file: {reason}",
        "nl": "bestand niet te lezen: {reason}"},
    "file-not-utf8": {
        "en": "not UTF-8 text (byte {byte}); save the file as UTF-8",
        "nl": "geen UTF-8-tekst (byte {byte}); sla het bestand op als UTF-8"},
    "file-empty": {"en": "file is empty", "nl": "het bestand is leeg"},
    "json-invalid": {
        "en": "not valid JSON: {problem}",
        "nl": "geen geldige JSON (de JSON-lezer meldt, in het Engels: “{problem}”); kijk de haakjes, komma's en aanhalingstekens op deze regel na"},
    "json-too-deep": {"en": "JSON nested too deeply", "nl": "JSON te diep genest"},
    "yaml-invalid": {
        "en": "YAML error: {problem}",
        "nl": "YAML-fout (de YAML-lezer meldt, in het Engels: “{problem}”); kijk de inspringing, dubbele punten en aanhalingstekens op deze regel na"},
    "yaml-python-tag": {
        "en": "YAML error: tags such as !!python/... are not allowed",
        "nl": "YAML-fout: tags zoals !!python/... zijn niet toegestaan"},
    "yaml-control-character": {
        "en": "YAML error: control character #x{character} is not allowed; remove it",
        "nl": "YAML-fout: stuurteken #x{character} is niet toegestaan; haal het weg"},
    "yaml-too-deep": {"en": "YAML nested too deeply", "nl": "YAML te diep genest"},
    "front-matter-unclosed": {
        "en": "the front matter is not closed with ---",
        "nl": "de front matter is niet afgesloten met ---"},
    "front-matter-invalid": {
        "en": "YAML error in the front matter: {problem}; write it as student: …, exercise: …",
        "nl": "YAML-fout in de front matter (de YAML-lezer meldt, in het Engels: “{problem}”); schrijf hem als student: …, exercise: …"},
    "front-matter-not-mapping": {
        "en": "the front matter must be student: …, exercise: …",
        "nl": "de front matter moet student: …, exercise: … zijn"},
    "sheet-without-front-matter": {
        "en": "an answer sheet starts with front matter: ---, student, exercise, ---; make one with grader template",
        "nl": "een antwoordblad begint met front matter: ---, student, exercise, ---; maak er een met grader template"},
    "sheet-own-numbers": {
        "en": "This exercise gives every student their own numbers: make your own sheet with `grader template {exercise} --student ID` (ID: your student number), or open the personal link your teacher sent you.",
        "nl": "Bij deze opgave krijgt elke student eigen getallen: maak je eigen blad met `grader template {exercise} --student ID` (ID: je studentnummer), of open de persoonlijke link die je docent je stuurde."},
    "sheet-instructions": {
        "en": "Write each answer under its heading: plain math (3x^2 + 2xy) or LaTeX ($\\frac{{1}}{{2}}\\theta_2$). Lines starting with > are the questions.",
        "nl": "Schrijf elk antwoord onder zijn kop: gewone wiskunde (3x^2 + 2xy) of LaTeX ($\\frac{{1}}{{2}}\\theta_2$). Regels die met > beginnen zijn de vragen."},
    "notes-no-student": {
        "en": "the notes name no student: give --student, or front matter with 'student:'",
        "nl": "de aantekeningen noemen geen student: geef --student, of front matter met 'student:'"},
    "submission-not-mapping": {
        "en": "a submission must be a mapping with student, exercise and answers",
        "nl": "een inzending moet een mapping zijn met student, exercise en answers"},
    "submission-unknown-field": {
        "en": "unknown field '{field}'; a submission has {fields}",
        "nl": "onbekend veld '{field}'; een inzending heeft {fields}"},
    "submission-name-not-text": {"en": "'name' must be text", "nl": "'name' moet tekst zijn"},
    "submission-answers-not-mapping": {
        "en": "'answers' must map task ids such as p1.dx to answers",
        "nl": "'answers' moet opdrachtnamen zoals p1.dx op antwoorden afbeelden"},
    "submission-group-student": {
        "en": "'student' is empty, and a group upload must say whose numbers it answers: one of {uploaders}",
        "nl": "'student' is leeg, en een groepsinzending moet zeggen wiens getallen ze beantwoordt: een van {uploaders}"},
    "submission-field-boolean": {
        "en": "'{field}' must be text: put it in quotes (YAML reads yes, no, on, off, true and false as true or false)",
        "nl": "'{field}' moet tekst zijn: zet het tussen aanhalingstekens (YAML leest yes, no, on, off, true en false als waar of onwaar)"},
    "submission-field-missing": {
        "en": "'{field}' is missing or not text",
        "nl": "'{field}' ontbreekt of is geen tekst"},
    "submission-field-implausible": {
        "en": "'{field}' is not a plausible id (control characters, or over 200 characters)",
        "nl": "'{field}' is geen aannemelijke id (stuurtekens, of meer dan 200 tekens)"},
    "submission-unknown-exercise": {
        "en": "unknown exercise id '{exercise}'; known: {known}",
        "nl": "onbekende opgave-id '{exercise}'; bekend: {known}"},
    "submission-variant-failed": {
        "en": "{reason}",
        "nl": "de eigen getallen van deze student zijn niet te bepalen: {reason}"},
    "variant-student-needed": {
        "en": "exercise '{exercise}' gives every student their own numbers: it needs the student's id (a submission's 'student')",
        "nl": "opgave '{exercise}' geeft elke student eigen getallen: daarvoor is het id van de student nodig ('student' in de inzending)"},
    "variant-none-satisfies": {
        "en": "exercise '{exercise}': no variant satisfies 'where'",
        "nl": "opgave '{exercise}': geen enkele variant voldoet aan 'where'"},
    "variant-not-drawn": {
        "en": "exercise '{exercise}': no variant satisfying 'where' was drawn in {attempts} attempts; relax 'where'",
        "nl": "opgave '{exercise}': in {attempts} pogingen is geen variant getrokken die aan 'where' voldoet; maak 'where' ruimer"},
    "variant-unknown": {
        "en": "exercise '{exercise}' has no variant {variant}",
        "nl": "opgave '{exercise}' heeft geen variant {variant}"},
    "submission-variant-not-computable": {
        "en": "exercise '{exercise}' cannot be computed for this student's variant: {problem}; tell the teacher (grader validate finds it)",
        "nl": "opgave '{exercise}' is niet uit te rekenen voor de getallen van deze student: {problem}; meld het de docent (grader validate vindt het)"},
    "submission-too-complex": {
        "en": "file too complex to read ({kind}); simplify it or split it",
        "nl": "bestand te ingewikkeld om te lezen ({kind}); maak het eenvoudiger of splits het"},
    "submission-not-read": {
        "en": "could not read the file ({kind}); check that it is a submission written by grader's rules",
        "nl": "het bestand is niet te lezen ({kind}); kijk na of het een inzending volgens de regels van grader is"},
    "submission-read-too-long": {
        "en": "reading the file took too long; make it smaller",
        "nl": "het lezen van het bestand duurde te lang; maak het kleiner"},
    "submission-read-exhausted": {
        "en": "reading the file exhausted the worker (too large or too deeply nested); make it smaller",
        "nl": "het lezen van het bestand putte het nakijkproces uit (te groot of te diep genest); maak het kleiner"},
    "submission-duplicate": {
        "en": "duplicate student id '{student}' for exercise '{exercise}' (also in {other}); keep one file",
        "nl": "student-id '{student}' komt dubbel voor bij opgave '{exercise}' (ook in {other}); houd één bestand"},
    "submission-problem": {"en": "{problem}", "nl": "{problem}"},
    # -- handing in through grader serve --collect (HandInRefused): the student reads these ------
    "hand-in-token-refused": {
        "en": "this link is not valid for this class: open the personal link your teacher sent you",
        "nl": "deze link hoort niet bij deze klas: open de persoonlijke link die je docent je stuurde"},
    "hand-in-empty": {
        "en": "nothing to hand in: give at least one answer",
        "nl": "niets in te leveren: geef minstens één antwoord"},
    "hand-in-too-many-answers": {
        "en": "too many answers in one hand-in (limit {limit})",
        "nl": "te veel antwoorden in één inzending (maximaal {limit})"},
    "hand-in-task-implausible": {
        "en": "'{task}' is not a task name (empty, control characters, or over 200 characters)",
        "nl": "'{task}' is geen naam van een opdracht (leeg, stuurtekens, of meer dan 200 tekens)"},
    "hand-in-answer-too-long": {
        "en": "the answer to {task} is too long (limit {limit} characters)",
        "nl": "het antwoord op {task} is te lang (maximaal {limit} tekens)"},
    "hand-in-too-large": {
        "en": "the hand-in is too large (limit {limit} bytes)",
        "nl": "de inzending is te groot (maximaal {limit} bytes)"},
    "hand-in-format-unknown": {
        "en": "notes are handed in as {formats}; not as '{format}'",
        "nl": "aantekeningen lever je in als {formats}; niet als '{format}'"},
    "hand-in-not-notebook": {
        "en": "not a Jupyter notebook ({problem}); hand in the .ipynb file itself",
        "nl": "geen Jupyter-notebook ({problem}); lever het .ipynb-bestand zelf in"},
    "hand-in-not-text": {
        "en": "the hand-in holds characters that are no text (a lone surrogate); type it again",
        "nl": "de inzending bevat tekens die geen tekst zijn (een losse surrogaat); typ het opnieuw"},
    "hand-in-not-stored": {
        "en": "your hand-in could not be stored, and nothing was changed; try again later or tell your teacher",
        "nl": "je inzending kon niet worden opgeslagen en er is niets veranderd; probeer het later opnieuw of meld het je docent"},
    # -- warnings on a graded submission ---------------------------------------------------
    "answer-for-no-task": {
        "en": "answer under '{key}' is for no task of this exercise",
        "nl": "het antwoord onder '{key}' hoort bij geen opdracht van deze opgave"},
    "answer-for-no-task-close": {
        "en": "answer under '{key}' is for no task of this exercise; did you mean '{close}'?",
        "nl": "het antwoord onder '{key}' hoort bij geen opdracht van deze opgave; bedoel je '{close}'?"},
    "answers-for-no-task-more": {
        "en": "and {count} more answers under keys that are no task of this exercise",
        "nl": "en nog {count} antwoorden onder namen die bij geen opdracht van deze opgave horen"},
    "notes-start-differs": {
        "en": "{place}: the notes use start {value}, the exercise {expected}: the answers are graded with {expected}",
        "nl": "{place}: de aantekeningen gebruiken startpunt {value}, de opgave {expected}: de antwoorden worden nagekeken met {expected}"},
    "notes-learning-rate-differs": {
        "en": "{place}: the notes use learning rate {value}, the exercise {expected}: the answers are graded with {expected}",
        "nl": "{place}: de aantekeningen gebruiken learning rate {value}, de opgave {expected}: de antwoorden worden nagekeken met {expected}"},
    "notes-nature-not-found": {
        "en": "no answer given: notes are read for their math, and no sentence in this problem's part names the nature in one word (minimum, maximum, saddle point, undecided)",
        "nl": "geen antwoord gegeven: aantekeningen worden gelezen op hun wiskunde, en geen zin in het deel van deze opgave noemt de aard in één woord (minimum, maximum, zadelpunt, onbeslist)"},
    "notes-warning": {"en": "{text}", "nl": "{text}"},  # read back from results written before the codes below
    "notes-too-many-pieces": {
        "en": "more than {count} pieces of math; the rest is not read",
        "nl": "meer dan {count} stukken wiskunde; de rest wordt niet gelezen"},  # describe_failure puts {where} first
    # -- the teacher's summary after `grader grade` (stderr), in the exercises' language or --lang --
    "grade-summary": {
        "en": "{count} submissions: {graded} graded, {errors} could not be graded, {review} need review ({now} graded now, {resumed} resumed)",
        "nl": "{count} inzendingen: {graded} nagekeken, {errors} niet na te kijken, {review} ter controle ({now} nu nagekeken, {resumed} hervat)"},
    "grade-summary-answers": {"en": "answers: {verdicts}", "nl": "antwoorden: {verdicts}"},
    "grade-summary-report": {"en": "report: {path}", "nl": "rapport: {path}"},
    "grade-summary-exports": {"en": "exports: {path}", "nl": "exports: {path}"},
    "warning-line": {"en": "warning: {warning}", "nl": "waarschuwing: {warning}"},
    # -- what a teacher must read before uploading an export (the gradebook's notices) ----------
    "export-no-student": {
        "en": "{submission}: could not be graded and names no student; it is in no gradebook row",
        "nl": "{submission}: kon niet worden nagekeken en noemt geen student; het staat in geen rij van de cijferlijst"},
    "export-no-exercise": {
        "en": "{student}: {submission} could not be graded and names no exercise being exported; it is in no gradebook column",
        "nl": "{student}: {submission} kon niet worden nagekeken en noemt geen opgave die geëxporteerd wordt; het staat in geen kolom van de cijferlijst"},
    "export-not-on-roster": {
        "en": "student '{student}' has a submission but no roster row",
        "nl": "student '{student}' heeft een inzending maar geen rij in de klassenlijst"},
    "export-no-submission": {
        "en": "{student} (roster) has no submission at all: exported as missing, not 0",
        "nl": "{student} (klassenlijst) heeft geen enkele inzending: geëxporteerd als ontbrekend, niet als 0"},
    "export-review-no-score": {
        "en": "{student}: '{exercise}' needs a teacher's look; exported without a score",
        "nl": "{student}: '{exercise}' moet door de docent bekeken worden; geëxporteerd zonder score"},
    "export-error-no-score": {
        "en": "{student}: '{exercise}' could not be graded; exported without a score",
        "nl": "{student}: '{exercise}' kon niet worden nagekeken; geëxporteerd zonder score"},
    "export-missing": {
        "en": "'{exercise}': {count} student(s) without a submission, exported as missing (empty), not 0",
        "nl": "'{exercise}': {count} student(en) zonder inzending, geëxporteerd als ontbrekend (leeg), niet als 0"},
    "export-ids-case": {
        "en": "roster ids {ids} differ only in case: one student or several? each is exported as its own row",
        "nl": "ids in de klassenlijst {ids} verschillen alleen in hoofdletters: één student of meer? elk wordt als eigen rij geëxporteerd"},
    "grade-summary-error": {"en": "error: {error}", "nl": "fout: {error}"},
    "grade-summary-results": {"en": "results: {path}", "nl": "resultaten: {path}"},
    # -- a request to `grader serve` that cannot be served (the JSON API's errors) ----------
    "request-not-json": {
        "en": "the request body is not JSON ({problem}); send one JSON object",
        "nl": "de inhoud van het verzoek is geen JSON ({problem}); stuur één JSON-object"},
    "request-not-utf8": {
        "en": "the request is not UTF-8 text; send it as UTF-8",
        "nl": "het verzoek is geen UTF-8-tekst; stuur het als UTF-8"},
    "request-not-object": {
        "en": "the request must be one JSON object, as in {{\"exercise\": \"...\"}}",
        "nl": "het verzoek moet één JSON-object zijn, zoals {{\"exercise\": \"...\"}}"},
    "request-field-missing": {
        "en": "the request has no '{field}'; it needs {fields}",
        "nl": "het verzoek heeft geen '{field}'; het heeft {fields} nodig"},
    "request-field-unknown": {
        "en": "the request has a field '{field}' this route does not know; it knows {fields}",
        "nl": "het verzoek heeft een veld '{field}' dat deze route niet kent; ze kent {fields}"},
    "request-field-type": {
        "en": "'{field}' must be {type}",
        "nl": "'{field}' moet {type} zijn"},
    "request-answers-or-notes": {
        "en": "send either 'answers' or 'notes' with 'format', not both",
        "nl": "stuur 'answers' of 'notes' met 'format', niet allebei"},
    "request-notes-format": {
        "en": "'format' must be one of {formats}",
        "nl": "'format' moet een van {formats} zijn"},
    "request-notes-other-exercise": {
        "en": "these notes say they are for exercise '{named}' (in their front matter), but were sent to '{exercise}'; send them to the exercise they are for, or correct 'exercise:' in the notes",
        "nl": "deze aantekeningen zeggen dat ze bij opgave '{named}' horen (in hun front matter), maar zijn naar '{exercise}' gestuurd; stuur ze naar de opgave waar ze bij horen, of verbeter 'exercise:' in de aantekeningen"},
    "request-notes-other-student": {
        "en": "these notes say they are of student '{named}' (in their front matter), not of '{student}'; correct 'student:' in the notes",
        "nl": "deze aantekeningen zeggen dat ze van student '{named}' zijn (in hun front matter), niet van '{student}'; verbeter 'student:' in de aantekeningen"},
    "request-notes-file-kind": {
        "en": "“{name}” is not a file of notes: upload your notes as a Markdown file (.md) or a Jupyter notebook (.ipynb), or type your answers in the boxes above",
        "nl": "“{name}” is geen bestand met aantekeningen: upload je aantekeningen als Markdown-bestand (.md) of Jupyter-notebook (.ipynb), of typ je antwoorden in de vakjes hierboven"},
    "request-unknown-exercise": {
        "en": "no exercise '{exercise}' here; this server has {known}",
        "nl": "geen opgave '{exercise}' hier; deze server heeft {known}"},
    "request-unknown-task": {
        "en": "exercise '{exercise}' has no task '{task}'; its tasks: {known}",
        "nl": "opgave '{exercise}' heeft geen opdracht '{task}'; de opdrachten: {known}"},
    "request-unknown-route": {
        "en": "no such page or route; the API is described at /api/openapi.json",
        "nl": "deze pagina of route bestaat niet; de API staat beschreven in /api/openapi.json"},
    "request-method": {
        "en": "this route does not take {method} requests",
        "nl": "deze route neemt geen {method}-verzoeken aan"},
    "request-student-needed": {
        "en": "exercise '{exercise}' gives each student their own numbers; say whose answers these are with 'student'",
        "nl": "opgave '{exercise}' geeft elke student eigen getallen; zeg met 'student' van wie deze antwoorden zijn"},
    "request-personal-link-needed": {
        "en": "exercise '{exercise}' gives each student their own numbers: open the personal link your teacher sent you to see and check yours",
        "nl": "opgave '{exercise}' geeft elke student eigen getallen: open de persoonlijke link die je docent je stuurde om de jouwe te zien en na te kijken"},
    "request-student-invalid": {
        "en": "a student id is at most {limit} printable characters, without spaces around it",
        "nl": "een student-id is hoogstens {limit} afdrukbare tekens, zonder spaties eromheen"},
    "request-variant-failed": {
        "en": "the numbers of this student for exercise '{exercise}' cannot be made; tell your teacher",
        "nl": "de getallen van deze student voor opgave '{exercise}' kunnen niet worden gemaakt; meld het je docent"},
    "request-too-large": {
        "en": "the request is larger than this server takes ({limit} bytes)",
        "nl": "het verzoek is groter dan deze server aanneemt ({limit} bytes)"},
    "request-answer-too-long": {
        "en": "an answer is longer than this server takes ({limit} characters)",
        "nl": "een antwoord is langer dan deze server aanneemt ({limit} tekens)"},
    "request-notes-too-large": {
        "en": "the notes are larger than this server takes ({limit} bytes)",
        "nl": "de aantekeningen zijn groter dan deze server aanneemt ({limit} bytes)"},
    "request-too-many": {
        "en": "too many requests from your address; wait a few seconds and try again",
        "nl": "te veel verzoeken vanaf jouw adres; wacht een paar seconden en probeer het opnieuw"},
    "request-too-many-checks": {
        "en": "you have {limit} checks running already; wait for their results, then try again",
        "nl": "er lopen al {limit} controles van jou; wacht op hun uitslag en probeer het dan opnieuw"},
    "request-client-gone": {
        "en": "the client hung up before it was answered; nothing was done",
        "nl": "de client hing op voordat er antwoord was; er is niets gedaan"},
    "request-too-slow": {
        "en": "the request took longer than {seconds} s to send; send it again",
        "nl": "het versturen van het verzoek duurde langer dan {seconds} s; stuur het opnieuw"},
    "request-busy": {
        "en": "the server is busy checking other answers; try again in a moment",
        "nl": "de server is bezig met het nakijken van andere antwoorden; probeer het zo opnieuw"},
    "request-not-read": {
        "en": "the request could not be read ({problem})",
        "nl": "het verzoek kon niet worden gelezen ({problem})"},
    # -- Gradescope's autograder: what its output says about the upload --------------------
    "gradescope-not-graded": {
        "en": "**Not graded.** The 0 that Gradescope shows is not your grade: it stands in because Gradescope needs a number. The reason is below.",
        "nl": "**Niet nagekeken.** De 0 die Gradescope toont is niet je cijfer: hij staat er omdat Gradescope een getal nodig heeft. De reden staat hieronder."},
    "gradescope-not-final": {
        "en": "**Not final.** {count} answer(s) need your teacher's look; the score counts only the answers graded automatically and may still change.",
        "nl": "**Nog niet definitief.** {count} antwoord(en) vragen een blik van de docent; de score telt alleen de automatisch nagekeken antwoorden en kan nog veranderen."},
    "gradescope-graded-as": {
        "en": "Graded as student {student} (Gradescope's {field}).",
        "nl": "Nagekeken als student {student} ({field} in Gradescope)."},
    "gradescope-other-student": {
        "en": "This file is for student {claimed}, but Gradescope says it was uploaded by {uploader}: upload your own answers (write student: {uploader}, or leave it empty).",
        "nl": "Dit bestand is van student {claimed}, maar volgens Gradescope heeft {uploader} het ingeleverd: lever je eigen antwoorden in (schrijf student: {uploader}, of laat het leeg)."},
    "gradescope-no-student-id": {
        "en": "Gradescope has no {field} for {who}: your teacher must add it to the course roster, then grade this upload again.",
        "nl": "Gradescope heeft geen {field} van {who}: de docent moet die aan de cursuslijst toevoegen en deze inzending opnieuw laten nakijken."},
    "gradescope-bad-metadata": {
        "en": "Gradescope's submission_metadata.json cannot be read ({reason}): tell your teacher.",
        "nl": "submission_metadata.json van Gradescope is niet te lezen ({reason}): meld het de docent."},
    "gradescope-no-upload": {
        "en": "No answer file was uploaded: upload one file ending in .yaml, .yml, .json, .md or .ipynb.",
        "nl": "Er is geen antwoordbestand ingeleverd: lever één bestand in dat eindigt op .yaml, .yml, .json, .md of .ipynb."},
    "gradescope-several-uploads": {
        "en": "{count} answer files were uploaded ({files}): upload only the one to be graded.",
        "nl": "Er zijn {count} antwoordbestanden ingeleverd ({files}): lever alleen het bestand in dat moet worden nagekeken."},
    "gradescope-not-read": {
        "en": "Not read: {files} (hidden files, `__MACOSX` and files that are no answer file).",
        "nl": "Niet gelezen: {files} (verborgen bestanden, `__MACOSX` en bestanden die geen antwoordbestand zijn)."},
    "gradescope-link-skipped": {
        "en": "Skipped {file}: not a plain file inside the upload (a link out of it or to nowhere, or a device).",
        "nl": "Overgeslagen: {file}, geen gewoon bestand binnen de inzending (een link erbuiten of naar niets, of een apparaat)."},
    "gradescope-failed": {
        "en": "grader itself failed ({reason}): tell your teacher.",
        "nl": "grader zelf liep vast ({reason}): meld het de docent."},
    "missing": {"en": "no answer given", "nl": "geen antwoord gegeven"},
    "ambiguous-answer": {
        "en": "the notes hold more than one candidate answer ({places}), or one that may belong to another task too: none is graded; flagged for review",
        "nl": "de aantekeningen bevatten meer dan één mogelijk antwoord ({places}), of een dat ook bij een andere opdracht kan horen: geen ervan wordt nagekeken; ter controle voorgelegd"},
}

# Diagnoses: "code" or "code/variant"; {component} is added when a vector component is meant,
# {entry} ("1,2": row, column) when a matrix entry is.
FINDINGS: Mapping[str, Mapping[Language, str]] = {
    "sign-slip": {
        "en": "the sign of {which} is flipped",
        "nl": "het teken van {which} is omgedraaid"},
    "sign-slip/all": {
        "en": "the sign of the whole answer is flipped",
        "nl": "het teken van het hele antwoord is omgedraaid"},
    "sign-slip/entry": {
        "en": "the sign of this entry is flipped",
        "nl": "het teken van dit element is omgedraaid"},
    "sign-slip/slope": {
        "en": "the slope of {which} was used with the wrong sign",
        "nl": "de helling van {which} is met het verkeerde teken gebruikt"},
    "sign-slip/slope-negative-base": {
        "en": "the slope of {which} was used with the wrong sign (mind powers of negative numbers: (−4)^3 = −64)",
        "nl": "de helling van {which} is met het verkeerde teken gebruikt (let op machten van negatieve getallen: (−4)^3 = −64)"},
    "exponent-not-lowered": {
        "en": "the term {term} should give {should}: the exponent was not lowered",
        "nl": "de term {term} moet {should} geven: de exponent is niet verlaagd"},
    "exponent-not-lowered/withheld": {
        "en": "the exponent was not lowered in the term {term}",
        "nl": "de exponent is niet verlaagd in de term {term}"},
    "exponent-not-lowered/all": {
        "en": "the exponents were not lowered (x^n gives n·x^(n−1))",
        "nl": "de exponenten zijn niet verlaagd (x^n geeft n·x^(n−1))"},
    "coefficient-not-multiplied": {
        "en": "the term {term} should give {should}: the exponent was not brought down as a factor",
        "nl": "de term {term} moet {should} geven: de exponent is niet als factor naar voren gehaald"},
    "coefficient-not-multiplied/withheld": {
        "en": "the exponent was not brought down as a factor in the term {term}",
        "nl": "de exponent is niet als factor naar voren gehaald in de term {term}"},
    "coefficient-not-multiplied/all": {
        "en": "the exponents were not brought down as factors (x^n gives n·x^(n−1))",
        "nl": "de exponenten zijn niet als factor naar voren gehaald (x^n geeft n·x^(n−1))"},
    "constant-kept": {
        "en": "the term {term} is constant here, so its derivative is 0: it should disappear",
        "nl": "de term {term} is hier constant, dus de afgeleide is 0: hij moet verdwijnen"},
    "constant-kept/all": {
        "en": "the constant terms should disappear when differentiating",
        "nl": "de constante termen moeten bij het differentiëren verdwijnen"},
    "wrong-variable": {
        "en": "this is the derivative with respect to {used}, not {asked}",
        "nl": "dit is de afgeleide naar {used}, niet naar {asked}"},
    "other-variable-differentiated": {
        "en": "terms of the derivative with respect to {variable} were added in: hold {variable} constant",
        "nl": "termen van de afgeleide naar {variable} zijn meegenomen: houd {variable} constant"},
    "other-variable-differentiated/term": {
        "en": "the term {term} is constant here and should disappear, but it was differentiated with respect to {variable}",
        "nl": "de term {term} is hier constant en moet verdwijnen, maar hij is naar {variable} gedifferentieerd"},
    "second-derivative-wrong-variable": {
        "en": "this is {used}, but {asked} was asked",
        "nl": "dit is {used}, maar {asked} werd gevraagd"},
    "first-derivative-only": {
        "en": "only {done} was done; {asked} needs the next differentiation too",
        "nl": "alleen {done} is gedaan; {asked} vraagt ook de volgende differentiatie"},
    "constant-factor": {
        "en": "the answer is {factor} times the right one: a constant factor is off (the 2 of the chain rule?)",
        "nl": "het antwoord is {factor} keer het juiste: een constante factor klopt niet (de 2 van de kettingregel?)"},
    "constant-factor/withheld": {
        "en": "a constant factor is off (the 2 of the chain rule?)",
        "nl": "een constante factor klopt niet (de 2 van de kettingregel?)"},
    "missing-inner-derivative": {
        "en": "the term {term} should give {should}: the inner derivative of the chain rule is missing",
        "nl": "de term {term} moet {should} geven: de binnenste afgeleide van de kettingregel ontbreekt"},
    "missing-inner-derivative/withheld": {
        "en": "the inner derivative of the chain rule is missing in the term {term}",
        "nl": "de binnenste afgeleide van de kettingregel ontbreekt in de term {term}"},
    "missing-inner-derivative/all": {
        "en": "the inner derivatives of the chain rule are missing",
        "nl": "de binnenste afgeleiden van de kettingregel ontbreken"},
    "gradient-as-sum": {
        "en": "a gradient is a vector of partial derivatives, not their sum: write ({components})",
        "nl": "een gradiënt is een vector van partiële afgeleiden, niet hun som: schrijf ({components})"},
    "gradient-as-sum/withheld": {
        "en": "a gradient is a vector of partial derivatives, not their sum: write one component per variable",
        "nl": "een gradiënt is een vector van partiële afgeleiden, niet hun som: schrijf één component per variabele"},
    "ascent": {
        "en": "θ + lr·∇J goes uphill; a descent step subtracts: θ − lr·∇J",
        "nl": "θ + lr·∇J gaat bergop; een descent-stap trekt af: θ − lr·∇J"},
    "learning-rate-missing": {
        "en": "the learning rate is missing: θ − lr·∇J with lr = {rate}",
        "nl": "de learning rate ontbreekt: θ − lr·∇J met lr = {rate}"},
    "learning-rate-wrong": {
        "en": "the step used the learning rate {used}, but lr = {rate}: θ − lr·∇J with lr = {rate}",
        "nl": "de stap gebruikt learning rate {used}, maar lr = {rate}: θ − lr·∇J met lr = {rate}"},
    "stale-gradient": {
        "en": "the update used the gradient of an earlier point; use ∇J at the current θ",
        "nl": "de update gebruikt de gradiënt van een eerder punt; gebruik ∇J in de huidige θ"},
    "step-increment-only": {
        "en": "this is {rate}·∇{name}, the change a descent step makes, not the new point: subtract it, {x} − {rate}·∇{name}",
        "nl": "dit is {rate}·∇{name}, de verandering die een descent-stap maakt, niet het nieuwe punt: trek hem af, {x} − {rate}·∇{name}"},
    "step-repeated": {
        "en": "this is the point before step {step}, unchanged: step {step} starts there and moves on to a new point",
        "nl": "dit is het punt van vóór stap {step}, onveranderd: stap {step} begint daar en gaat naar een nieuw punt"},
    # -- Newton's method --
    # {x}: the point (θ, or (x, y)); {name}: the function; "/one": in one variable, J'(θ)/J''(θ)
    "newton-hessian-multiplied": {
        "en": "the Hessian was multiplied, not inverted: a Newton step is {x} − H⁻¹∇{name}",
        "nl": "de Hessiaan is vermenigvuldigd in plaats van geïnverteerd: een Newton-stap is {x} − H⁻¹∇{name}"},
    "newton-hessian-multiplied/one": {
        "en": "{name}'({x}) was multiplied by {name}''({x}), not divided by it: a Newton step is {x} − {name}'({x})/{name}''({x})",
        "nl": "{name}'({x}) is met {name}''({x}) vermenigvuldigd in plaats van erdoor gedeeld: een Newton-stap is {x} − {name}'({x})/{name}''({x})"},
    "newton-as-descent": {
        "en": "this is a step of gradient descent, {x} − {rate}·∇{name}; a Newton step uses the Hessian: {x} − H⁻¹∇{name}",
        "nl": "dit is een stap van gradiënt descent, {x} − {rate}·∇{name}; een Newton-stap gebruikt de Hessiaan: {x} − H⁻¹∇{name}"},
    "newton-as-descent/one": {
        "en": "this is a step of gradient descent, {x} − {rate}·{name}'({x}); a Newton step divides by the second derivative: {x} − {name}'({x})/{name}''({x})",
        "nl": "dit is een stap van gradiënt descent, {x} − {rate}·{name}'({x}); een Newton-stap deelt door de tweede afgeleide: {x} − {name}'({x})/{name}''({x})"},
    "newton-sign-flipped": {
        "en": "{x} + H⁻¹∇{name} has the sign of the step flipped; a Newton step subtracts: {x} − H⁻¹∇{name}",
        "nl": "{x} + H⁻¹∇{name} heeft het teken van de stap omgedraaid; een Newton-stap trekt af: {x} − H⁻¹∇{name}"},
    "newton-sign-flipped/one": {
        "en": "{x} + {name}'({x})/{name}''({x}) has the sign of the step flipped; a Newton step subtracts: {x} − {name}'({x})/{name}''({x})",
        "nl": "{x} + {name}'({x})/{name}''({x}) heeft het teken van de stap omgedraaid; een Newton-stap trekt af: {x} − {name}'({x})/{name}''({x})"},
    "newton-stale-hessian": {
        "en": "the step used the Hessian of an earlier point; use H at the current {x}",
        "nl": "de stap gebruikt de Hessiaan van een eerder punt; gebruik H in het huidige punt {x}"},
    "newton-stale-hessian/one": {
        "en": "the step used {name}''({x}) of an earlier point; use {name}'' at the current {x}",
        "nl": "de stap gebruikt {name}''({x}) van een eerder punt; gebruik {name}'' in het huidige punt {x}"},
    "newton-increment-only": {
        "en": "this is H⁻¹∇{name}, the change a Newton step makes, not the new point: subtract it, {x} − H⁻¹∇{name}",
        "nl": "dit is H⁻¹∇{name}, de verandering die een Newton-stap maakt, niet het nieuwe punt: trek hem af, {x} − H⁻¹∇{name}"},
    "newton-increment-only/one": {
        "en": "this is {name}'({x})/{name}''({x}), the change a Newton step makes, not the new {x}: subtract it, {x} − {name}'({x})/{name}''({x})",
        "nl": "dit is {name}'({x})/{name}''({x}), de verandering die een Newton-stap maakt, niet de nieuwe {x}: trek hem af, {x} − {name}'({x})/{name}''({x})"},
    # the 2×2 inverse in words: a letter a, b, c, d would clash with a variable named b
    "newton-inverse-no-determinant": {
        "en": "H⁻¹ was not divided by det H: for a 2×2 H, H⁻¹ has the diagonal entries swapped and the other two with their signs flipped, all divided by det H; a Newton step is {x} − H⁻¹∇{name}",
        "nl": "H⁻¹ is niet gedeeld door det H: voor een 2×2-matrix H heeft H⁻¹ de diagonaalelementen verwisseld en de andere twee met omgedraaid teken, alles gedeeld door det H; een Newton-stap is {x} − H⁻¹∇{name}"},
    "newton-inverse-signs": {
        "en": "in H⁻¹ the entries off the diagonal kept their signs: for a 2×2 H, H⁻¹ has the diagonal entries swapped and the other two with their signs flipped, all divided by det H",
        "nl": "in H⁻¹ hebben de elementen buiten de diagonaal hun teken gehouden: voor een 2×2-matrix H heeft H⁻¹ de diagonaalelementen verwisseld en de andere twee met omgedraaid teken, alles gedeeld door det H"},
    "newton-inverse-entrywise": {
        "en": "H⁻¹ is not the matrix of 1/entry of H: for a 2×2 H, H⁻¹ has the diagonal entries swapped and the other two with their signs flipped, all divided by det H; a Newton step is {x} − H⁻¹∇{name}",
        "nl": "H⁻¹ is niet de matrix van 1/element van H: voor een 2×2-matrix H heeft H⁻¹ de diagonaalelementen verwisseld en de andere twee met omgedraaid teken, alles gedeeld door det H; een Newton-stap is {x} − H⁻¹∇{name}"},
    "newton-ratio-inverted": {
        "en": "{name}''({x})/{name}'({x}) is upside down: a Newton step is {x} − {name}'({x})/{name}''({x})",
        "nl": "{name}''({x})/{name}'({x}) staat op zijn kop: een Newton-stap is {x} − {name}'({x})/{name}''({x})"},
    "newton-increment-reused": {
        "en": "the step reused the change H⁻¹∇{name} of the step before; work out ∇{name} and H again at the current {x}",
        "nl": "de stap gebruikt opnieuw de verandering H⁻¹∇{name} van de vorige stap; bereken ∇{name} en H opnieuw in het huidige punt {x}"},
    "newton-increment-reused/one": {
        "en": "the step reused the change {name}'/{name}'' of the step before; work out {name}'({x}) and {name}''({x}) again at the current {x}",
        "nl": "de stap gebruikt opnieuw de verandering {name}'/{name}'' van de vorige stap; bereken {name}'({x}) en {name}''({x}) opnieuw in de huidige {x}"},
    # -- second order: Hessian, directional derivative --
    # {name}: the function; {a}, {b}: its first two variables
    "hessian-asymmetric": {
        "en": "the mixed entries differ, {pairs}, but ∂²{name}/∂{a}∂{b} = ∂²{name}/∂{b}∂{a}: a Hessian is symmetric",
        "nl": "de gemengde elementen verschillen, {pairs}, maar ∂²{name}/∂{a}∂{b} = ∂²{name}/∂{b}∂{a}: een Hessiaan is symmetrisch"},
    "gradient-for-hessian": {
        "en": "this is the gradient (the first derivatives); the Hessian is the matrix of second derivatives: row i, column j holds the derivative by the i-th, then the j-th variable, as ∂²{name}/∂{a}∂{b} in row 1, column 2",
        "nl": "dit is de gradiënt (de eerste afgeleiden); de Hessiaan is de matrix van tweede afgeleiden: rij i, kolom j bevat de afgeleide naar de i-de en dan de j-de variabele, zoals ∂²{name}/∂{a}∂{b} in rij 1, kolom 2"},
    "hessian-diagonal-only": {
        "en": "this is only the diagonal of the Hessian, ∂²{name}/∂{a}², ∂²{name}/∂{b}², …, as a vector; the Hessian is the whole matrix of second derivatives, with the mixed ones such as ∂²{name}/∂{a}∂{b} off the diagonal",
        "nl": "dit is alleen de diagonaal van de Hessiaan, ∂²{name}/∂{a}², ∂²{name}/∂{b}², …, als vector; de Hessiaan is de hele matrix van tweede afgeleiden, met de gemengde zoals ∂²{name}/∂{a}∂{b} buiten de diagonaal"},
    "entries-swapped": {
        "en": "the entries are right but some stand in the wrong place: {moved}; row i, column j holds the derivative by the i-th, then the j-th variable, as ∂²{name}/∂{a}∂{b} in row 1, column 2",
        "nl": "de elementen kloppen, maar sommige staan op de verkeerde plaats: {moved}; rij i, kolom j bevat de afgeleide naar de i-de en dan de j-de variabele, zoals ∂²{name}/∂{a}∂{b} in rij 1, kolom 2"},
    "mixed-term-as-constant": {
        "en": "the mixed entries {entries} are 0, but the term {term} holds both {a} and {b}: it is no constant when differentiating by either, so ∂²{name}/∂{a}∂{b} is not 0",
        "nl": "de gemengde elementen {entries} zijn 0, maar de term {term} bevat zowel {a} als {b}: bij differentiëren naar een van beide is hij geen constante, dus ∂²{name}/∂{a}∂{b} is niet 0"},
    "mixed-term-as-constant/one": {
        "en": "the mixed entry {entries} is 0, but the term {term} holds both {a} and {b}: it is no constant when differentiating by either, so ∂²{name}/∂{a}∂{b} is not 0",
        "nl": "het gemengde element {entries} is 0, maar de term {term} bevat zowel {a} als {b}: bij differentiëren naar een van beide is hij geen constante, dus ∂²{name}/∂{a}∂{b} is niet 0"},
    "evaluated-at-point": {
        "en": "these are the values at ({point}); the task asks for the matrix as a function of {variables}: keep the variables in it",
        "nl": "dit zijn de waarden in ({point}); de opdracht vraagt de matrix als functie van {variables}: laat de variabelen erin staan"},
    "not-evaluated": {
        "en": "this is the matrix as a function of {variables}; the task asks for its value at ({point}): fill in the point",
        "nl": "dit is de matrix als functie van {variables}; de opdracht vraagt de waarde in ({point}): vul het punt in"},
    "direction-not-normalised": {
        "en": "the direction was not normalised: divide it by its length |u| = {length}, so the dot product is with the unit vector u/|u|",
        "nl": "de richting is niet genormaliseerd: deel hem door zijn lengte |u| = {length}, zodat je het inproduct met de eenheidsvector u/|u| neemt"},
    "direction-normalised": {
        "en": "the direction was normalised (divided by its length |u| = {length}), but this task takes it as given: ∇{name}·u",
        "nl": "de richting is genormaliseerd (gedeeld door zijn lengte |u| = {length}), maar deze opdracht neemt hem zoals gegeven: ∇{name}·u"},
    "gradient-component-for-directional": {
        "en": "this is ∂{name}/∂{variable}, one component of the gradient; the directional derivative is the dot product of the whole gradient with the direction: ∇{name}·u",
        "nl": "dit is ∂{name}/∂{variable}, één component van de gradiënt; de richtingsafgeleide is het inproduct van de hele gradiënt met de richting: ∇{name}·u"},
    "gradient-for-directional": {
        "en": "this is the gradient, a vector; the directional derivative is one number: the dot product ∇{name}·u",
        "nl": "dit is de gradiënt, een vector; de richtingsafgeleide is één getal: het inproduct ∇{name}·u"},
    # -- stationary points and eigenvalues --
    "function-value-for-stationary": {
        "en": "this is the value of {function} at the stationary point; the stationary point is where it is taken: the point where ∇{function} = 0",
        "nl": "dit is de waarde van {function} in het stationaire punt; het stationaire punt is waar die wordt aangenomen: het punt waar ∇{function} = 0"},
    "stationary-one-equation": {
        "en": "at this point only {zero} = 0, but {others}: at a stationary point every first derivative is 0, so solve all the equations together",
        "nl": "in dit punt is alleen {zero} = 0, maar {others}: in een stationair punt zijn alle eerste afgeleiden 0, dus los alle vergelijkingen samen op"},
    "other-stationary-point": {
        "en": "this is another stationary point of the function; the one asked is the one nearest {near}",
        "nl": "dit is een ander stationair punt van de functie; gevraagd is het punt dat het dichtst bij {near} ligt"},
    "diagonal-for-eigenvalues": {
        "en": "these are the diagonal entries of H; they are its eigenvalues only when H is diagonal: solve det(H − λI) = 0",
        "nl": "dit zijn de diagonaalelementen van H; die zijn alleen de eigenwaarden als H diagonaal is: los det(H − λI) = 0 op"},
    "trace-determinant-for-eigenvalues": {
        "en": "these are the trace and the determinant of H (the sum and the product of the eigenvalues); the eigenvalues are the roots of λ² − tr(H)·λ + det(H) = 0",
        "nl": "dit zijn het spoor en de determinant van H (de som en het product van de eigenwaarden); de eigenwaarden zijn de wortels van λ² − spoor(H)·λ + det(H) = 0"},
    "characteristic-polynomial-sign": {
        "en": "these are the roots of (a − λ)(d − λ) + b·c: in det(H − λI) = (a − λ)(d − λ) − b·c the mixed entries' product is subtracted",
        "nl": "dit zijn de wortels van (a − λ)(d − λ) + b·c: in det(H − λI) = (a − λ)(d − λ) − b·c wordt het product van de gemengde elementen afgetrokken"},
    "hessian-entry-sign-slip": {
        "en": "these are the eigenvalues of H with the sign of its entry ({position}) flipped: check H first",
        "nl": "dit zijn de eigenwaarden van H met het teken van element ({position}) omgedraaid: controleer H eerst"},
    "gradient-for-eigenvalues": {
        "en": "this is the gradient at the point; the eigenvalues are those of the Hessian, the matrix of second derivatives",
        "nl": "dit is de gradiënt in het punt; de eigenwaarden zijn die van de Hessiaan, de matrix van tweede afgeleiden"},
    "hessian-for-eigenvalues": {
        "en": "this is the Hessian itself; its eigenvalues are the numbers λ with det(H − λI) = 0",
        "nl": "dit is de Hessiaan zelf; zijn eigenwaarden zijn de getallen λ met det(H − λI) = 0"},
    "nature-opposite": {
        "en": "this is the nature of the opposite sign: look again at the signs of the eigenvalues of H at the point",
        "nl": "dit is de aard bij het tegengestelde teken: kijk opnieuw naar de tekens van de eigenwaarden van H in het punt"},
    "saddle-as-extremum": {
        "en": "the eigenvalues of H at the point have both signs, so it is no {given}: the sign of one eigenvalue, or of the trace, does not decide",
        "nl": "de eigenwaarden van H in het punt hebben beide tekens, dus het is geen {given}: het teken van één eigenwaarde, of van het spoor, beslist niet"},
    "extremum-as-saddle": {
        "en": "a saddle point has eigenvalues of both signs; here every eigenvalue of H at the point has the same sign",
        "nl": "een zadelpunt heeft eigenwaarden van beide tekens; hier hebben alle eigenwaarden van H in het punt hetzelfde teken"},
    "zero-eigenvalue": {
        "en": "an eigenvalue of H at the point is 0, so the eigenvalues cannot tell the nature here",
        "nl": "een eigenwaarde van H in het punt is 0, dus de eigenwaarden kunnen de aard hier niet bepalen"},
    "not-undecided": {
        "en": "no eigenvalue of H at the point is 0, so their signs do tell the nature",
        "nl": "geen eigenwaarde van H in het punt is 0, dus hun tekens bepalen de aard wel"},
    "rounding": {
        "en": "right up to rounding: the value was {how} to {places_text}; give {decimals_text}, rounded",
        "nl": "goed op afronding na: de waarde is op {places_text} {how}; geef {decimals_text}, afgerond"},
    "rounding/exact": {
        "en": "right up to rounding: the value was {how} to {places_text}; give the exact value (a fraction such as 2/3, or all its decimals)",
        "nl": "goed op afronding na: de waarde is op {places_text} {how}; geef de exacte waarde (een breuk zoals 2/3, of alle decimalen)"},
    "components-swapped": {
        "en": "the components are in the wrong order: the order is ({order})",
        "nl": "de componenten staan in de verkeerde volgorde: de volgorde is ({order})"},
    "matrix-transposed": {
        "en": "the matrix is transposed: rows and columns are swapped",
        "nl": "de matrix is getransponeerd: rijen en kolommen zijn verwisseld"},
    "working-inconsistent": {
        "en": "the result is right, but the working does not lead to it: {left} is not {right}",
        "nl": "het resultaat klopt, maar de uitwerking leidt er niet toe: {left} is niet {right}"},
    "working-not-checked": {
        "en": "the working before the result could not be read and was not checked: only the result is graded",
        "nl": "de uitwerking vóór het resultaat kon niet gelezen worden en is niet nagekeken: alleen het resultaat telt"},
    "arithmetic-slip": {
        "en": "the working is right up to {left}, but that is not {right}: a slip in the calculation",
        "nl": "de uitwerking klopt tot en met {left}, maar dat is niet {right}: een rekenfout"},
    "carried-error": {
        "en": "right when computed from your own earlier (wrong) value: follow-through credit",
        "nl": "goed gerekend met je eigen eerdere (foute) waarde: doorrekenpunten"},
    # Its params name the students whose variant the answer fits: for the teacher's class
    # overview only, never in words a student reads.
    "other-variant": {
        "en": "this is not the answer to your numbers (it fits other values of the exercise): work with your own variant",
        "nl": "dit is niet het antwoord bij jouw getallen (het past bij andere waarden van de opgave): reken met je eigen variant"},
    "unit-not-checked": {
        "en": "the unit '{unit}' after the answer is not checked: only the number is graded",
        "nl": "de eenheid '{unit}' na het antwoord wordt niet nagekeken: alleen het getal telt"},
    "repeating-decimal-dots": {
        "en": "'{text}' is read as {value}, the digits written: for the exact value write a fraction (as 13/6) or the repeating digits under a bar (2.1\\overline{{6}}), or round it",
        "nl": "'{text}' is gelezen als {value}, de geschreven cijfers: schrijf voor de exacte waarde een breuk (zoals 13/6) of de herhaalde cijfers onder een streep (2.1\\overline{{6}}), of rond af"},
    "mixed-number-notation": {
        "en": "{text} is read as a product, {whole}·{fraction} = {product}, as a number before a fraction is in algebra; for the mixed number write {whole} + {fraction} or {mixed}",
        "nl": "{text} is gelezen als een product, {whole}·{fraction} = {product}, zoals een getal voor een breuk in de algebra; schrijf voor het gemengde getal {whole} + {fraction} of {mixed}"},
    "negative-base-notation/odd": {
        "en": "{text} reads as −({base}^{exponent}); write (−{base})^{exponent} for a power of a negative number (the same value here, since the power is odd)",
        "nl": "{text} betekent −({base}^{exponent}); schrijf (−{base})^{exponent} voor een macht van een negatief getal (hier dezelfde waarde, want de macht is oneven)"},
    "negative-base-notation/even": {
        "en": "{text} reads as −({base}^{exponent}); write (−{base})^{exponent} for a power of a negative number (here that changes the sign)",
        "nl": "{text} betekent −({base}^{exponent}); schrijf (−{base})^{exponent} voor een macht van een negatief getal (hier verandert dat het teken)"},
    "negative-base-notation/unknown": {
        "en": "{text} reads as −({base}^{exponent}); write (−{base})^{exponent} for a power of a negative number",
        "nl": "{text} betekent −({base}^{exponent}); schrijf (−{base})^{exponent} voor een macht van een negatief getal"},
}
HOW = {"truncated": {"en": "cut off", "nl": "afgekapt"}, "rounded": {"en": "rounded", "nl": "afgerond"}}
COMPONENT = {"en": "component {component}: ", "nl": "component {component}: "}
ENTRY = {"en": "entry ({entry}): ", "nl": "element ({entry}): "}  # row,column of a matrix
DECIMALS = {"en": ("{n} decimal", "{n} decimals"), "nl": ("{n} decimaal", "{n} decimalen")}


def decimals_text(count: int, language: Language) -> str:
    """"1 decimal", "2 decimals"; "1 decimaal", "2 decimalen"."""
    one, many = DECIMALS[language]
    return (one if count == 1 else many).format(n=count)


POSITION = {"en": " (at character {position})", "nl": " (bij teken {position})"}
EXPECTED_HINT = {"en": "; expected {expected}", "nl": "; verwacht {expected}"}
ELIDED = {"en": " … ({count} characters in all)", "nl": " … ({count} tekens in totaal)"}


def elided(text: str, shown: int, language: Language = "en") -> str:
    """``text``, or its first ``shown`` characters and how long it is in all: one answer must
    not fill a terminal (an answer refused as too long may hold 100,000 characters)."""
    if len(text) <= shown:
        return text
    count = f"{len(text):,}".replace(",", "." if language == "nl" else ",")
    return text[:shown] + ELIDED[language if language in LANGUAGES else "en"].format(count=count)


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


def render_finding(code: str, params: tuple[tuple[str, str], ...], language: Language = "en") -> str:
    """The message of a diagnosis; a parameter ``which``/``term`` of "all", or ``variant``,
    selects the variant of the message."""
    language = language if language in LANGUAGES else "en"
    values = dict(params)
    variant = values.get("variant") or ("all" if "all" in (values.get("which"), values.get("term")) else "")
    key = f"{code}/{variant}" if f"{code}/{variant}" in FINDINGS else code
    if "entry" in values and f"{code}/entry" in FINDINGS:  # one entry of a matrix, not the whole
        key = f"{code}/entry"
    if any(name not in values for name in ANSWER_PARAMS.get(code, ())) and f"{key}/withheld" in FINDINGS:
        key = f"{key}/withheld"  # a self-check that does not reveal: the mistake and where only
    if "how" in values:
        values["how"] = HOW.get(values["how"], {}).get(language, values["how"])
    if "places" in values:
        values["places_text"] = decimals_text(int(values["places"]), language)
        if values.get("decimals"):
            values["decimals_text"] = decimals_text(int(values["decimals"]), language)
        else:
            key = f"{code}/exact"
    text = FINDINGS[key][language].format(**values)
    if "component" in values:
        text = COMPONENT[language].format(component=values["component"]) + text
    if "entry" in values:
        text = ENTRY[language].format(entry=values["entry"]) + text
    return text


_WORDABLE: dict[tuple[bool, str, tuple[tuple[str, str], ...]], bool] = {}


def wordable(code: str, params: tuple[tuple[str, str], ...], finding: bool = False) -> bool:
    """Whether a message (a diagnosis: ``finding``) read back from a results file can be put
    into words in every language: a hand-edited file may name a code or leave out a parameter
    its sentence needs. Remembered per code and parameters (a class repeats a few hundred)."""
    key = (finding, code, params)
    known = _WORDABLE.get(key)
    if known is None:
        try:
            for language in LANGUAGES:
                render_finding(code, params, language) if finding else render(code, params, language)
            known = True
        except (KeyError, IndexError, ValueError, AttributeError):
            known = False
        if len(_WORDABLE) < 10_000:
            _WORDABLE[key] = known
    return known


def describe(message: Message, language: Language = "en") -> str:
    """A task's message in words."""
    return render(message.code, message.params, language, message.position)


def describe_diagnosis(diagnosis: Diagnosis, language: Language = "en") -> str:
    """A diagnosis in words."""
    return render_finding(diagnosis.code, diagnosis.params, language)


def describe_failure(message: Message, language: Language = "en") -> str:
    """A submission's error or warning in words; an error's parameter ``where`` (file:line),
    when it has one, comes first, as in every one-line error."""
    text = render(message.code, message.params, language, message.position)
    where = dict(message.params).get("where")
    return f"{where}: {text}" if where else text
