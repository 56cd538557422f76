"""What the math or the words before it name: a derivative (its variables, in order), or a
point a derivative is taken at. Pure functions of the text and the problem, for ``notemap``."""

from __future__ import annotations

import re

from grader.exercise import Problem
from grader.kinds import Role
from grader.parse.vocabulary import canonical_name

NAME = r"(?:\\[A-Za-z]+|[^\W\d_])(?:_\{?[A-Za-z0-9]+\}?|[0-9]*)"
PARTIAL = r"(?:\\partial|∂)"
LEIBNIZ = [  # (pattern, how to read the variables out of group 'vars')
    re.compile(rf"^\\frac\{{{PARTIAL}(?:\^\{{?\d\}}?)?\s*(?:{NAME})?\s*\}}\{{(?P<vars>(?:\s*{PARTIAL}\s*(?:{NAME})\s*(?:\^\{{?\d\}}?)?)+)\}}"),
    re.compile(rf"^\\frac\{{d(?:\^\{{?\d\}}?)?\s*(?:{NAME})?\s*\}}\{{(?P<vars>(?:\s*d\s*(?:{NAME})\s*(?:\^\{{?\d\}}?)?)+)\}}"),
    re.compile(rf"^{PARTIAL}(?:\^?[²³]|\^\{{?\d\}}?)?\s*(?:{NAME})?\s*/\s*(?P<vars>(?:{PARTIAL}\s*(?:{NAME})\s*(?:\^?[²³]|\^\{{?\d\}}?)?\s*)+)"),
    re.compile(rf"^d(?:\^?[²³]|\^\{{?\d\}}?)?\s*(?:{NAME})\s*/\s*(?P<vars>(?:d\s*(?:{NAME})\s*(?:\^?[²³]|\^\{{?\d\}}?)?\s*)+)"),
]
# J', J''(θ), J^{\prime\prime}, J′′, J″: a derivative by the one variable, once per prime
PRIMES = r"(?:'|\\prime|′|″)(?:\s*(?:'|\\prime|′|″))*"
PRIME = re.compile(rf"^(?:{NAME})\s*(?P<primes>{PRIMES}|\^\s*\{{(?:{PRIMES})\}})\s*(?:\(.*\))?$")
SUPERSCRIPTS = {"²": 2, "³": 3}
NABLA = re.compile(r"^(?:\\nabla|∇)")
POINT = re.compile(r"\(([^()]*)\)\s*$")  # the arguments of ∇J(2, -1), J'(4)
BY_VARIABLE = re.compile(r"(?:w\.r\.t\.?|wrt|with respect to|naar)\s+([^\W\d_])\W*$", re.IGNORECASE)
LABEL_END = re.compile(r"^\s*[-*+]\s+|[\s:=]+$")
ARGUMENTS = r"(?:\s*\([^()]*\))?"  # H(x, y), D_u f(1, 2)
# ∇²J, \nabla^2 f, \nabla^{2} J(θ), H, H_f, H_{Z}, \mathbf{H}, H(1, 2): the Hessian
HESSIAN = re.compile(rf"^(?:(?:\\nabla|∇)\s*(?:\^\s*\{{?\s*2\s*\}}?|²)\s*(?:{NAME})?"
                     rf"|(?:H|\\mathbf\{{H\}}|\\mathcal\{{H\}})(?:_\{{?\s*(?:{NAME})\s*\}}?)?){ARGUMENTS}$")
UNIT = r"(?:\\(?:vec|hat|mathbf|boldsymbol)\s*\{?\s*[a-z]\s*\}?|[a-z])"
# D_u f, D_{\vec u} Z(1, 2), D_{\mathbf{u}}J, D_{\hat{u}} f: the directional derivative
DIRECTIONAL = re.compile(rf"^D_\s*(?:\{{\s*{UNIT}\s*\}}|{UNIT})\s*(?:{NAME})?{ARGUMENTS}$")
LAMBDA = r"(?:\\lambda|λ)(?:\s*_\s*(?:\{[\d,\s]*\}|\d))?"
# λ, λ_1, \lambda_{1,2}, (λ_1, λ_2), λ_1, λ_2: eigenvalues (the right side may go on: λ_2 = …)
EIGENVALUES = re.compile(rf"^\(?\s*{LAMBDA}(?:\s*,\s*{LAMBDA})*\s*\)?$")
STAR = rf"{NAME}\s*\^\s*(?:\{{\s*(?:\*|\\ast)\s*\}}|\*|\\ast)"
# x^*, θ^{*}, (x^*, y^*), \theta^\ast: the stationary point (the optimum, as courses mark it)
STATIONARY = re.compile(rf"^\(?\s*{STAR}(?:\s*,\s*{STAR})*\s*\)?$")


def named_by_label(label: str, problem: Problem) -> tuple[str, ...] | None:
    """The derivative a label names (``∂Z/∂x:``, ``Z_x =``), in order; None when it names none."""
    text = " ".join(LABEL_END.sub("", label).split())
    if not text:
        return None
    order = derivative_order(text, problem)
    return order if order is not None else subscript_order(text, problem)


def variable_in_words(label: str, problem: Problem) -> tuple[str, ...] | None:
    """``w.r.t. x:``, ``naar y``: the one variable a label names in words, when it is the problem's."""
    found = BY_VARIABLE.search(label)
    names = {p.name for p in problem.parameters}
    return (found.group(1),) if found is not None and found.group(1) in names else None


def derivative_order(left: str, problem: Problem) -> tuple[str, ...] | None:
    """The variables a Leibniz, prime or nabla left side differentiates by, in order; () for
    a gradient or a single prime (the task decides); None for no derivative."""
    text = " ".join(left.split())
    if NABLA.match(text):
        return ()
    prime = PRIME.match(text)
    if prime is not None:
        return prime_order(prime.group("primes"), problem)
    for pattern in LEIBNIZ:
        found = pattern.match(text)
        if found is not None:
            by = rf"(?:{PARTIAL}|d)\s*({NAME})\s*(?:\^\{{?(\d)\}}?|\^?([²³]))?"
            names = re.findall(by, found.group("vars"))
            order: list[str] = []
            for name, power, superscript in names:
                times = int(power) if power else SUPERSCRIPTS.get(superscript, 1)
                order += [canonical(name)] * times
            return tuple(order)
    return None


def prime_order(primes: str, problem: Problem) -> tuple[str, ...] | None:
    """J'' of a function of one variable is its second derivative by it; several primes on a
    function of several variables name nothing."""
    count = len(re.findall(r"'|\\prime|′", primes)) + 2 * primes.count("″")
    if count == 1:
        return ()
    if len(problem.parameters) != 1:
        return None
    return (problem.parameters[0].name,) * count


def subscript_order(left: str, problem: Problem) -> tuple[str, ...] | None:
    """``Z_x``, ``Z_{xy}``, ``\\partial_x Z``, ``\\partial_x \\partial_y Z``: partial derivatives
    written with subscripts, for a problem whose variables are single letters (``Z_{xy}`` is x
    first, then y)."""
    names = [p.name for p in problem.parameters]
    if not names or any(len(n) != 1 for n in names):
        return None
    text = left.replace(" ", "")
    letters = "".join(names)
    if problem.function_name:
        found = re.fullmatch(rf"{re.escape(problem.function_name)}_\{{?([{letters}]{{1,3}})\}}?", text)
        if found is not None:
            return tuple(found.group(1))
    found = re.fullmatch(rf"((?:{PARTIAL}_\{{?[{letters}]\}}?)+)(?:{NAME})?", text)
    if found is not None:
        return tuple(re.findall(rf"{PARTIAL}_\{{?([{letters}])\}}?", found.group(1)))
    return None


def canonical(name: str) -> str:
    return canonical_name(name.replace("\\", "").replace("{", "").replace("}", ""))


def second_order_role(left: str) -> Role | None:
    """The Hessian (``H =``, ``\\nabla^2 J =``), the directional derivative (``D_u f =``), the
    eigenvalues (``λ_1 =``, ``\\lambda_{1,2} =``) or a stationary point (``(x^*, y^*) =``)
    that a left side names; None for none of them."""
    text = " ".join(left.split())
    if HESSIAN.match(text):
        return Role.HESSIAN
    if DIRECTIONAL.match(text):
        return Role.DIRECTIONAL
    if EIGENVALUES.match(text):
        return Role.EIGENVALUES
    if STATIONARY.match(text):
        return Role.STATIONARY
    return None


def at_a_point(left: str) -> bool:
    """``∇J(2, -1)``, ``J'(4)``: a derivative at numbers, not the function of the parameters."""
    found = POINT.search(left)
    return found is not None and not re.search(r"[^\W\d_]", found.group(1))
