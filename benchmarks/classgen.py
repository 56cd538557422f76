"""Generate a realistic class of submissions for the seed exercises, deterministically.

Each answer is drawn from what students write: the right answer in varied notation (term order,
spacing, ``*``/``·``/``\\cdot``/juxtaposition, ``^``/``**``, LaTeX), or a typical wrong one
(a sign slip, an exponent not lowered, a forgotten factor, ascent instead of descent, ...).
Random coefficients in the wrong answers keep the answer texts diverse, so caches do not make
the benchmark look faster than a real class.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

# Terms of each correct answer as (coefficient, monomial), so they can be reordered.
SYMBOLIC = {
    "partial-derivatives": {
        "p1.dx": [(4, "x^3"), (3, "x^2y^2")],
        "p1.dy": [(2, "x^3y"), (5, "y^4")],
        "p1.dxdy": [(6, "x^2y")],
        "p2.dx": [(3, "x^2"), (2, "xy^4")],
        "p2.dy": [(4, "x^2y^3"), (-10, "y^4")],
        "p2.dxdy": [(8, "xy^3")],
        "p3.dx": [(-9, "x^2y^2")],
        "p3.dy": [(-6, "x^3y")],
        "p3.dxdy": [(-18, "x^2y")],
    },
}
LINEAR_COST = {
    "mse.d_theta0": [r"\frac{2}{n} \sum_{i=1}^{n} (h_\theta(x^{(i)}) - y^{(i)})",
                     "2/n Σ (θ0 + θ1 x_i - y_i)", "1/n Σ 2(h(x^(i)) - y^(i))",
                     "1/n Σ (θ0 + θ1 x_i - y_i)", "2/n Σ (θ0 + θ1 x_i + y_i)"],
    "mse.d_theta1": [r"\frac{2}{n} \sum_{i=1}^{n} (h_\theta(x^{(i)}) - y^{(i)}) \cdot x^{(i)}",
                     "2/n Σ (θ0 + θ1 x_i - y_i) x_i", "2/n Σ (θ0 x_i + θ1 x_i^2 - x_i y_i)",
                     "2/n Σ (θ0 + θ1 x_i - y_i)", "1/n Σ (θ0 + θ1 x_i - y_i) x_i"],
}
TIMES = ["", " ", "*", "·", r" \cdot "]


def _monomial(coefficient: int, monomial: str, rng: random.Random, latex: bool) -> str:
    times = rng.choice(TIMES if latex else TIMES[:4])
    power = "^" if latex or rng.random() < 0.8 else "**"
    body = monomial.replace("^", power)
    if power == "**" or times in ("*", "·"):
        body = body.replace("xy", f"x{times or '*'}y") if times else body
    return f"{abs(coefficient)}{times}{body}"


def _polynomial(terms: list[tuple[int, str]], rng: random.Random, latex: bool) -> str:
    terms = terms[:]
    rng.shuffle(terms)
    text = ""
    for k, (coefficient, monomial) in enumerate(terms):
        sign = "-" if coefficient < 0 else "+"
        piece = _monomial(coefficient, monomial, rng, latex)
        text += (f"-{piece}" if sign == "-" else piece) if k == 0 else f" {sign} {piece}"
    return f"${text}$" if latex and rng.random() < 0.5 else text


def _wrong(terms: list[tuple[int, str]], rng: random.Random) -> list[tuple[int, str]]:
    mistake = rng.randrange(4)
    terms = terms[:]
    k = rng.randrange(len(terms))
    coefficient, monomial = terms[k]
    if mistake == 0:  # sign slip
        terms[k] = (-coefficient, monomial)
    elif mistake == 1:  # another coefficient
        terms[k] = (coefficient + rng.choice([-2, -1, 1, 2, 3]) or 1, monomial)
    elif mistake == 2:  # a constant that should have vanished
        terms.append((rng.randint(1, 9), ""))
    else:  # exponent not lowered
        terms[k] = (coefficient, monomial.replace("^2", "^3").replace("^3y", "^4y") + "")
    return [(c, m if m else "1") for c, m in terms]


def _descent_answers(rng: random.Random, right: float) -> dict[str, str]:
    answers = {
        "gd1.derivative": rng.choice(["6θ", "6 theta", r"6\theta", "3θ", "6θ^2"]),
        "gd1.slope1": rng.choice(["24", "6*4", "6 · 4 = 24", "12"]),
    }
    lr, theta = 0.1, 4.0
    slope = 6 * theta
    theta1 = theta - lr * slope if rng.random() < right else theta + lr * slope
    answers["gd1.step1"] = rng.choice([f"{theta1:.{rng.randint(1, 3)}f}", f"4 - 0.1*{slope:g} = {theta1:g}"])
    slope2 = 6 * theta1
    answers["gd1.slope2"] = f"{slope2:.{rng.randint(1, 3)}f}"
    theta2 = theta1 - lr * slope2 if rng.random() < right else theta1 - slope2
    answers["gd1.step2"] = f"{theta2:.{rng.randint(2, 4)}f}"
    answers["gd2.gradient"] = rng.choice(["(θ1^3, 2/5 θ2)", r"\begin{pmatrix} \theta_1^3 \\ \frac{2}{5}\theta_2 \end{pmatrix}",
                                          "[theta1^3, 0.4 theta2]", "θ1^3 + 2/5 θ2", "(3θ1^2, 2/5 θ2)"])
    p = (-4 - 0.1 * (-64), 2 - 0.1 * 0.8)
    if rng.random() > right:
        p = (-4 - 0.1 * 64, p[1])
    answers["gd2.step1"] = f"({p[0]:.{rng.randint(1, 3)}f}, {p[1]:.{rng.randint(1, 3)}f})"
    q = (p[0] - 0.1 * p[0] ** 3, p[1] - 0.1 * 0.4 * p[1])
    answers["gd2.step2"] = f"({q[0]:.{rng.randint(2, 4)}f}, {q[1]:.{rng.randint(2, 4)}f})"
    return answers


def submission(index: int, rng: random.Random) -> dict:
    exercise = ("partial-derivatives", "gradient-descent", "linear-cost")[index % 3]
    right = rng.uniform(0.5, 0.95)
    latex = rng.random() < 0.3
    if exercise == "partial-derivatives":
        answers = {key: _polynomial(terms if rng.random() < right else _wrong(terms, rng), rng, latex)
                   for key, terms in SYMBOLIC["partial-derivatives"].items()}
    elif exercise == "gradient-descent":
        answers = _descent_answers(rng, right)
    else:
        answers = {key: rng.choice(options[:3] if rng.random() < right else options[3:])
                   for key, options in LINEAR_COST.items()}
    return {"student": f"gen{index:05d}", "name": f"Student {index}", "exercise": exercise,
            "answers": answers}


def write_class(folder: Path, count: int, seed: int = 2026, forms: int | None = None) -> int:
    """Write ``count`` submissions into ``folder``; return the number of answers. With
    ``forms``, a class that repeats itself as real ones do: every answer to a task is one of
    ``forms`` written forms (drawn from as many generated students), the first ones most often
    (weights 1/rank), the way most of a class writes the same right answer and a few wrong ones."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pools: dict[str, list[dict]] = {}
    if forms is not None:
        for index in range(3 * forms):
            data = submission(index, rng)
            pools.setdefault(data["exercise"], []).append(data["answers"])
    weights = [1 / (rank + 1) for rank in range(forms or 0)]
    answers = 0
    for index in range(count):
        data = submission(index, rng)
        if forms is not None:
            pool = pools[data["exercise"]]
            data["answers"] = {key: rng.choices(pool, weights[:len(pool)])[0][key] for key in data["answers"]}
        answers += len(data["answers"])
        (folder / f"{data['student']}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return answers


# -- variants: every student on their own numbers ---------------------------------------------
SEED_NUMBERS = {"a": 3.0, "s": 4.0, "lr": 0.1, "b": 4.0, "t": -4.0, "u": 2.0}  # gradient-descent


def variant_answers(n: dict[str, float], rng: random.Random, right: float) -> dict[str, str]:
    """Answers to gradient descent with the numbers ``n`` (a, s, lr, b, t, u: see
    exercises/gradient-descent-variants.yaml; the seed's own exercise is a = 3, s = 4, ...):
    the right ones in varied notation, or the typical mistakes."""
    a, s, lr, b, t, u = (n[k] for k in ("a", "s", "lr", "b", "t", "u"))
    two_a = f"{2 * a:g}"
    answers = {"gd1.derivative": rng.choice([f"{two_a}θ", f"{two_a} theta", rf"{two_a}\theta"])
               if rng.random() < right else rng.choice([f"{a:g}θ", f"{two_a}θ^2", f"-{two_a}θ"])}
    slope = 2 * a * s
    answers["gd1.slope1"] = rng.choice([f"{slope:g}", f"{two_a}*{s:g}", f"{two_a} · ({s:g}) = {slope:g}"]) \
        if rng.random() < right else f"{-slope:g}"
    theta1 = s - lr * slope if rng.random() < right else rng.choice([s + lr * slope, s - slope])
    answers["gd1.step1"] = rng.choice([f"{theta1:.{rng.randint(1, 3)}f}",
                                       f"{s:g} - {lr:g}*{slope:g} = {theta1:.2f}"])
    slope2 = 2 * a * theta1
    answers["gd1.slope2"] = f"{slope2:.{rng.randint(1, 3)}f}"
    theta2 = theta1 - lr * slope2 if rng.random() < right else theta1 - slope2
    answers["gd1.step2"] = f"{theta2:.{rng.randint(2, 4)}f}"
    c = f"{4 / b:g}"
    answers["gd2.gradient"] = rng.choice([f"({c} θ1^3, 2/5 θ2)", f"[{c} theta1^3, 0.4 theta2]"]) \
        if rng.random() < right else rng.choice([f"{c} θ1^3 + 2/5 θ2", f"({c} θ1^4, 2/5 θ2)"])
    g = (4 * t ** 3 / b, 2 * u / 5)
    p = (t - lr * g[0], u - lr * g[1]) if rng.random() < right else (t + lr * g[0], u - lr * g[1])
    answers["gd2.step1"] = f"({p[0]:.{rng.randint(1, 3)}f}, {p[1]:.{rng.randint(1, 3)}f})"
    q = (p[0] - lr * 4 * p[0] ** 3 / b, p[1] - lr * 2 * p[1] / 5)
    answers["gd2.step2"] = f"({q[0]:.{rng.randint(2, 4)}f}, {q[1]:.{rng.randint(2, 4)}f})"
    return answers


def write_variant_class(folder: Path, count: int, variants: bool, seed: int = 2026) -> int:
    """``count`` submissions to gradient descent: with ``variants``, each to
    gradient-descent-variants on a variant of its own (students whose variant is taken are
    skipped); else all to the fixed gradient-descent with the seed's numbers. Same generator,
    so the two classes differ only in their numbers."""
    from fractions import Fraction

    from grader.exercise.find import load_exercises

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    exercise = load_exercises(["gradient-descent-variants"])["gradient-descent-variants"]
    space = exercise.family.space
    taken: set[tuple] = set()
    written = answers = candidate = 0
    while written < count:
        student = f"var{candidate:06d}"
        candidate += 1
        numbers = SEED_NUMBERS
        if variants:
            variant = space.for_student(student)
            if variant.values in taken:
                continue
            taken.add(variant.values)
            numbers = {n: float(Fraction(v)) for n, v in zip(variant.names, variant.values, strict=True)}
        data = {"student": student, "name": f"Student {written}",
                "exercise": "gradient-descent-variants" if variants else "gradient-descent",
                "answers": variant_answers(numbers, rng, rng.uniform(0.5, 0.95))}
        answers += len(data["answers"])
        (folder / f"{student}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True),
                                                encoding="utf-8")
        written += 1
    return answers
