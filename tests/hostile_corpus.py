"""Hostile input: answers built to hang, exhaust or exploit a SymPy-based grader, and files
built to break a YAML/JSON reader. Each answer is graded on a task of the seed exercises."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

PWNED = "PWNED-by-grader-test"
# which bundled exercise a task key of the corpus belongs to, by its first letter
EXERCISE_OF = {"p": "partial-derivatives", "g": "gradient-descent", "m": "linear-cost"}

# (case name, task key, answer text, verdicts that are acceptable)
REJECT = ("invalid", "timeout")
DECIDE = ("invalid", "timeout", "incorrect")
HOSTILE_ANSWERS: list[tuple[str, str, str, tuple[str, ...]]] = [
    # power and number bombs
    ("power tower 9^9^9", "p1.dx", "9^9^9", REJECT),
    ("python power tower", "p1.dx", "9**9**9", REJECT),
    ("huge exponent", "p1.dx", "2^(10^100)", REJECT),
    ("expansion bomb", "p1.dx", "(x+1)^(10^6)", REJECT),
    ("symbolic huge exponent", "p1.dx", "x^(10^10)", REJECT),
    ("exp of huge", "p1.dx", "e^(10^10)", REJECT),
    ("scientific bomb", "p1.dx", "1e1000000000", REJECT),
    ("factorial bomb", "p1.dx", "(10^9)!", REJECT),
    ("factorial by name", "p1.dx", "factorial(10^7)", REJECT),
    ("non-integer factorial", "p1.dx", "2.5!", REJECT),
    ("long number", "p1.dx", "1" * 500, REJECT),
    ("big result", "p1.dx", "(10^99)^99", REJECT),
    ("nested big powers", "p1.dx", "((99^99)^99)^99", REJECT),
    ("irrational exponent bomb", "p1.dx", "2^(pi*10^6)", REJECT),
    ("x power tower 1000 deep", "p1.dx", "^".join(["x"] * 1000), REJECT),
    ("x power tower 30 deep", "p1.dx", "^".join(["x"] * 30), DECIDE),
    ("200 KB of 1+1", "p1.dx", "+".join(["1"] * 100_000), REJECT),
    ("long sum of terms", "p1.dx", "+".join(["x"] * 600), REJECT),
    ("deep parentheses", "p1.dx", "(" * 5000 + "x" + ")" * 5000, REJECT),
    ("deep minus", "p1.dx", "-" * 100_000 + "x", REJECT),
    ("deep functions", "p1.dx", "sin(" * 200 + "x" + ")" * 200, REJECT),
    # no float value at any test point and no proof either way: left to the teacher
    ("deep exp nest", "p1.dx", "e^(" * 8 + "x" + ")" * 8, (*DECIDE, "unproven")),
    ("big vector", "gd2.step1", "(" + ",".join(["1"] * 1000) + ")", REJECT),
    ("sum with 10^9 terms", "mse.d_theta0", "Σ_{i=1}^{10^9} x_i", REJECT),
    ("sum with fractional bound", "mse.d_theta0", "Σ_{i=1}^{2.5} x_i", REJECT),
    # right, and expanding the two 100th powers would make 129,766 terms (SymPy ran past the
    # time limit): compared unexpanded, over the factors of their bases, it is proven right
    ("identity in 100th powers", "p1.dx",
     "4x^3 + 3x^2y^2 + ((x+1)(y+1)(x+y))^100 - ((x y + x + y + 1)(x + y))^100", ("correct",)),
    # undefined values
    ("division by zero", "p1.dx", "1/0", REJECT),
    ("x over zero", "p1.dx", "x/(x-x)", REJECT),
    ("log of zero", "p1.dx", "ln(0)", REJECT),
    ("tan of pi/2", "p1.dx", "tan(pi/2)", REJECT),
    ("zero root", "p1.dx", r"\sqrt[0]{x}", REJECT),
    # code injection
    ("os.system", "p1.dx", f"__import__('os').system('touch {PWNED}')", REJECT),
    ("os.system without quotes", "p1.dx", "__import__(chr(111)+chr(115)).system(chr(105)+chr(100))", REJECT),
    ("attribute chain", "p1.dx", "x.__class__.__mro__[1].__subclasses__()", REJECT),
    ("tuple class escape", "p1.dx", "().__class__.__bases__[0].__subclasses__()", REJECT),
    ("lambda", "p1.dx", "lambda: 0", REJECT),
    ("comprehension", "p1.dx", "[x for x in ()]", REJECT),
    ("eval", "p1.dx", "eval('1')", REJECT),
    ("exec", "p1.dx", "exec('import os')", REJECT),
    ("sympify", "p1.dx", "sympify('x')", REJECT),
    ("dunder builtins", "p1.dx", "__builtins__", REJECT),
    ("dunder name as symbol", "p1.dx", "__import__", REJECT),
    ("semicolon statement", "p1.dx", "x; import os", REJECT),
    ("f-string", "p1.dx", "f'{x}'", REJECT),
    ("LaTeX input", "p1.dx", r"\input{/etc/passwd}", REJECT),
    ("LaTeX def", "p1.dx", r"\def\x{1}", REJECT),
    ("LaTeX text", "p1.dx", r"\text{\input{/etc/passwd}}", REJECT),
    ("YAML tag in answer", "p1.dx", "!!python/object/apply:os.system ['id']", REJECT),
    # odd characters
    ("NUL byte", "p1.dx", "4x^3\x00", REJECT),
    ("RTL override", "p1.dx", "4x^3\u202e + 1", REJECT),
    ("emoji", "p1.dx", "4x^3 + 😀", REJECT),
    ("only dollars", "p1.dx", "$$$$", REJECT),
    ("unknown greek", "p1.dx", "4ω^3", REJECT),
    # legitimate expressions that are simply wrong, decided within the limits
    ("large legit number", "p1.dx", "10^100", ("incorrect",)),
    ("sin of a huge number", "p1.dx", "sin(10^100)", ("incorrect",)),
    ("hundredth power", "p1.dx", "(x+y)^100", ("incorrect",)),
    ("x to the x", "p1.dx", "x^x", ("incorrect",)),
    # second round: what students' editors and LMS exports put in answers
    ("lone surrogate", "p1.dx", "4x^3\ud800", REJECT),
    ("bell and escape", "p1.dx", "4x^3\x07\x1b]0;owned\x07", REJECT),
    ("bidi override", "p1.dx", "4x^3 + \u202e3x^2y^2", REJECT),
    ("cyrillic x", "p1.dx", "4\u0445^3 + 3x^2y^2", REJECT),
    ("tab from double-quoted yaml", "gd1.derivative", "6\theta", REJECT),
    ("scientific bomb, negative", "p1.dx", "16e-99999999", REJECT),
    ("scientific exponent digits", "p1.dx", "1e" + "9" * 40, REJECT),
    ("label run 2,000 long", "p1.dx", "θ" * 1990 + " = 4x^3", DECIDE),
    ("labels repeated", "p1.dx", "dZ/dx = " * 200 + "4x^3", DECIDE),
    ("zero divisor", "p1.dx", "4x^3 + 3x^2y^2 + 0/(sin(x)^2 + cos(x)^2 - 1)", REJECT),
    ("transpose of a scalar", "p1.dx", "(4x^3 + 3x^2y^2)^T", REJECT),
    ("sum over a foreign index", "mse.d_theta0", "Σ_{q=1}^{10^9} (h(x^(q)) - y^(q))", REJECT),
]

# (file name, content as bytes, words the one-line error must contain)
BROKEN_FILES: list[tuple[str, bytes, str]] = [
    ("empty.yaml", b"", "file is empty"),
    ("blank.yaml", b"   \n\n", "file is empty"),
    ("not-utf8.yaml", "student: s\xe9\n".encode("latin-1"), "not UTF-8"),
    ("binary.yaml", bytes(range(256)) * 4, "not UTF-8"),
    ("huge.yaml", b"student: s\nexercise: partial-derivatives\nanswers:\n  p1.dx: '" + b"x" * 1_100_000 + b"'\n",
     "file too large"),
    ("alias-bomb.yaml", b"a: &a ['x','x','x','x','x','x','x','x','x']\n"
                        b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
     "aliases"),
    ("python-tag.yaml", b"student: !!python/object/apply:os.system ['touch PWNED-by-grader-test']\n",
     "!!python"),
    ("python-name.yaml", b"student: !!python/name:os.system\n", "!!python"),
    ("list.yaml", b"- student: s1\n", "must be a mapping"),
    ("no-student.yaml", b"exercise: partial-derivatives\nanswers: {p1.dx: 4x^3}\n", "'student' is missing"),
    ("no-exercise.yaml", b"student: s77\nanswers: {p1.dx: 4x^3}\n", "'exercise' is missing"),
    ("unknown-exercise.yaml", b"student: s78\nexercise: partial-derivates\nanswers: {}\n",
     "unknown exercise id 'partial-derivates'"),
    ("answers-list.yaml", b"student: s79\nexercise: partial-derivatives\nanswers: [4x^3]\n",
     "'answers' must map"),
    ("bad-syntax.yaml", b"student: [s80\nexercise: x\n", "YAML error"),
    ("bad.json", b'{"student": "s81", ', "not valid JSON"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("extra-field.yaml", b"student: s82\nexercise: partial-derivatives\nanswerz: {}\n", "unknown field"),
    ("control-id.yaml", b"student: \"s\\u0007\"\nexercise: partial-derivatives\n", "not a plausible id"),
    # second round
    ("control-char.yaml", b"student: s83\x07\nexercise: partial-derivatives\n", "control character #x0007"),
    ("nan.json", b'{"student": "s84", "exercise": "partial-derivatives", "answers": {"p1.dx": NaN}}',
     "not valid JSON"),
    ("bool-id.yaml", b"student: yes\nexercise: partial-derivatives\n", "put it in quotes"),
    ("surrogate-exercise.json", b'{"student": "s85", "exercise": "partial\\ud800", "answers": {}}',
     "unknown exercise id"),
]

# Gradescope uploads: what lands in /autograder/submission. (case name, files as (path in the
# upload, content), what the autograder must make of it: "graded" or "error", never a crash).
# Content b"<hanna>" is examples/submissions/hanna.yaml; b"->target" a symbolic link;
# b"<fifo>" a named pipe. Every case is graded with metadata saying the uploader is s08.
UPLOAD_HANNA, UPLOAD_FIFO = b"<hanna>", b"<fifo>"
GRADESCOPE_UPLOADS: list[tuple[str, tuple[tuple[str, bytes], ...], str]] = [
    ("nothing uploaded", (), "error"),
    ("only a PDF", (("answers.pdf", b"%PDF-1.4"),), "error"),
    ("name not UTF-8, unreadable", (("r\udce9.yaml", b"student: [\n"),), "error"),
    ("name not UTF-8, readable", (("r\udce9.yaml", UPLOAD_HANNA),), "graded"),
    ("zipped on a Mac", (("__MACOSX/._answers.yaml", b"\x00\x05\x16\x07Mac OS X        \x00"),
                         ("answers.yaml", UPLOAD_HANNA)), "graded"),
    ("hidden copy beside", ((".answers.yaml", b"student: ["), ("answers.yaml", UPLOAD_HANNA)), "graded"),
    ("README beside", (("README.md", b"# My homework\n"), ("answers.yaml", UPLOAD_HANNA)), "graded"),
    ("in a sub-folder", (("homework/week 3/answers.yaml", UPLOAD_HANNA),), "graded"),
    ("50 folders deep", (("/".join(["d"] * 50) + "/answers.yaml", UPLOAD_HANNA),), "graded"),
    ("1,000 macOS files", (*((f"__MACOSX/._{k}.yaml", b"\x00") for k in range(1000)),
                           ("answers.yaml", UPLOAD_HANNA)), "graded"),
    ("two answer files", (("a.yaml", UPLOAD_HANNA), ("b.yaml", UPLOAD_HANNA)), "error"),
    ("link to /etc/passwd", (("answers.yaml", b"->/etc/passwd"),), "error"),
    ("link out beside a real file", (("answers.yaml", UPLOAD_HANNA), ("passwd.yaml", b"->/etc/passwd")),
     "graded"),
    ("link to a folder outside", (("etc", b"->/etc"), ("answers.yaml", UPLOAD_HANNA)), "graded"),
    ("dangling link", (("answers.yaml", b"->/nonexistent/answers.yaml"),), "error"),
    ("link loop", (("a.yaml", b"->b.yaml"), ("b.yaml", b"->a.yaml")), "error"),
    ("named pipe", (("answers.yaml", UPLOAD_FIFO),), "error"),
    ("folder named like a file", (("answers.yaml/notes.txt", b"x"),), "error"),
    ("empty file", (("answers.yaml", b""),), "error"),
    ("broken notebook", (("answers.ipynb", b"{not json"),), "error"),
    ("Markdown image as file name", (("![x](javascript:alert(1)).yaml", b"student: ["),), "error"),
    ("escape sequences in file name", (("\x1b[31mred\x07.yaml", b"student: ["),), "error"),
    ("another student's id", (("answers.yaml", b"student: s09\nexercise: gradient-descent\nanswers: {}\n"),),
     "error"),
    ("lone surrogate as student", (("answers.json",
                                    b'{"student": "\\ud800", "exercise": "gradient-descent", "answers": {}}'),),
     "error"),
    ("Markdown image as student", (("answers.yaml", b'student: "![x](http://127.0.0.1:9/t.png)"\n'
                                                    b"exercise: gradient-descent\nanswers: {}\n"),), "error"),
    ("backticks as student", (("answers.yaml", b"student: '``` x `'\nexercise: gradient-descent\n"),), "error"),
]


# Third round: what a student's id, name, answers and file names do to the reports and exports
# written from them. (case name, student id, display name, answer to p1.dx)
HOSTILE_PEOPLE: list[tuple[str, str, str, str]] = [
    ("lone surrogate", "s\ud800x", "Sur\ud800rogate", "4x^3\ud800"),
    ("second lone surrogate", "s\ud801x", "Sur\udfffrogate", "4x^3"),
    ("image", "img", "![x](http://host/track.png)", "![x](http://host/a.png)"),
    ("javascript link", "js", "[click](javascript:alert(1))", "[a](javascript:alert(1))"),
    ("forged score", "forge", "Eve\n\n**Score: 9 / 9**\n\n", "4x^3\n\n**Score: 9 / 9**"),
    ("table breaker", "pipe", "a | b | c\n| x | y |", "x|y`z"),
    ("raw html", "html", "<img src=x onerror=alert(1)>", "<b>x</b> & 4 < 5"),
    ("entities", "amp", "&lt;b&gt; &amp; &#60;", "&lt; &amp; x"),
    ("autolink", "auto", "<http://host/x> www.host.com", "<http://host/y>"),
    ("reference link", "ref", "[x][1] [y]\n\n[1]: http://host/\n[y]: http://host/", "[z]"),
    ("heading and list", "head", "# Title\n- item\n1. one", "# 4x^3"),
    ("backticks", "tick", "``x`` ` y `", "`4x^3` ``"),
    ("emphasis", "emph", "*a* _b_ ~~c~~ \\*", "**4x^3**"),
    ("formula id", "=HYPERLINK(\"http://x\")", "-nan", "=1+1"),
    ("number-like id", "-1_000", "+Infinity", "+1_0"),
    ("terminal escapes", "ctl", "a\x1b[31mred\x07\x1b]0;owned\x07", "4x^3\x1b[2J"),
    ("bidi override", "bidi", "\u202egnp.exe\u202c", "\u202e4x^3"),
    ("line separators", "lsep", "a\u2028b\u2029c\x0bd\x0ce\x85f\r\ng", "4x^3\r\n# x"),
]

# Files that cannot be graded, named to break what shows their names: (file name as bytes,
# content). A name that is not UTF-8 is read by Python as a lone surrogate (``\udce9``).
HOSTILE_FILE_NAMES: list[tuple[bytes, bytes]] = [
    (b"r\xe9.yaml", b"student: [broken\n"),
    (b"esc\x1b[31m.yaml", b"student: [broken\n"),
    (b"bel\x07.yaml", b"student: [broken\n"),
    (b"nl\n**Score: 9 - 9**.yaml", b"student: [broken\n"),
    (b"![x](http%3A%2F%2Fhost%2Ft.png).yaml", b"student: [broken\n"),
    (b"<script>.yaml", b"student: [broken\n"),
    (b"\xff\xfe.json", b"{"),
]


def write_hostile_class(folder: Path) -> None:
    """``folder`` with two ordinary students (anouk, eva), a JSON submission per
    ``HOSTILE_PEOPLE`` (p00.json, ...) and the ``HOSTILE_FILE_NAMES``."""
    examples = Path(__file__).resolve().parent.parent / "examples" / "submissions"
    folder.mkdir(parents=True)
    for name in ("anouk.yaml", "eva.json"):
        shutil.copy(examples / name, folder / name)
    for number, (_case, student, name, answer) in enumerate(HOSTILE_PEOPLE):
        data = {"student": student, "name": name, "exercise": "partial-derivatives",
                "answers": {"p1.dx": answer, "p1.dy": "2x^3y + 5y^4"}}
        (folder / f"p{number:02d}.json").write_text(json.dumps(data), encoding="ascii")
    for raw, content in HOSTILE_FILE_NAMES:
        with open(os.path.join(os.fsencode(folder), raw), "wb") as out:
            out.write(content)
