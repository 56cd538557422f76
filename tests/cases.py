"""Tables and results shared by several test modules: the diagnosis tables (every mistake code,
with near misses) and the self-check cases built on them."""

from __future__ import annotations

from grader.diagnose.other_variant import mark_other_variants
from grader.exercise import load_exercise
from grader.exercise.find import load_exercises
from grader.reading.submission import Submission
from grader.results.model import SubmissionResult
from grader.running.grade import grade_submission
from tests.conftest import ROOT

BUNDLED = load_exercises([str(ROOT / "exercises")])
EXERCISES = {**BUNDLED, "diagnosis": load_exercise(ROOT / "tests" / "data" / "diagnosis.yaml")}


# (exercise, task, answer, code expected (None: no diagnosis))
DIFFERENTIATION = [
    # sign-slip: whole, one term
    ("diagnosis", "z.dx", "-4x^3 - 3x^2y^2", "sign-slip"),
    ("diagnosis", "z.dx", "4x^3 - 3x^2y^2", "sign-slip"),
    ("partial-derivatives", "p3.dy", "6x^3y", "sign-slip"),
    ("diagnosis", "z.dx", "4x^3 - 2x^2y^2", None),  # near miss: sign and coefficient
    # exponent-not-lowered: x^n -> n x^n
    ("diagnosis", "z.dx", "4x^4 + 3x^3y^2", "exponent-not-lowered"),
    ("diagnosis", "z.dx", "4x^4 + 3x^2y^2", "exponent-not-lowered"),
    ("partial-derivatives", "p2.dy", "4x^2y^3 - 10y^5", "exponent-not-lowered"),
    ("diagnosis", "z.dx", "4x^4 + 3x^2y^3", None),
    # coefficient-not-multiplied: c x^n -> c x^(n-1)
    ("diagnosis", "z.dx", "x^3 + x^2y^2", "coefficient-not-multiplied"),
    ("diagnosis", "z.dx", "x^3 + 3x^2y^2", "coefficient-not-multiplied"),
    ("diagnosis", "z.dx", "x^3 + x^2y", None),
    # constant-kept
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + 8", "constant-kept"),
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + y^5", "constant-kept"),
    ("partial-derivatives", "p3.dx", "-9x^2y^2 + 5", "constant-kept"),
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + 9", None),
    # wrong-variable
    ("diagnosis", "z.dx", "2x^3y + 5y^4", "wrong-variable"),
    ("diagnosis", "z.dy", "4x^3 + 3x^2y^2", "wrong-variable"),
    ("diagnosis", "z.dy", "4x^3 + 3x^2y", None),
    # other-variable-differentiated: ∂/∂y terms added into ∂/∂x
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + 2x^3y + 5y^4", "other-variable-differentiated"),
    ("diagnosis", "z.dx", "4x^3 + 3x^2y^2 + 2x^3y", None),
    # second-derivative-wrong-variable
    ("diagnosis", "z.dxdy", "12x^2 + 6xy^2", "second-derivative-wrong-variable"),
    ("partial-derivatives", "p1.dxdy", "12x^2 + 6xy^2", "second-derivative-wrong-variable"),
    ("diagnosis", "z.dxdx", "6x^2y", "second-derivative-wrong-variable"),
    ("diagnosis", "z.dxdy", "12x^2 + 6xy", None),
    # first-derivative-only
    ("diagnosis", "z.dxdy", "4x^3 + 3x^2y^2", "first-derivative-only"),
    ("diagnosis", "z.dxdx", "4x^3 + 3x^2y^2", "first-derivative-only"),
    ("diagnosis", "z.dxdy", "4x^3 + 3x^2y", None),
    # constant-factor: the 2 of the chain rule forgotten
    ("linear-cost", "mse.d_theta0", "1/n Σ (θ0 + θ1 x_i − y_i)", "constant-factor"),
    ("diagnosis", "z.dxdy", "12x^2y", "constant-factor"),
    ("diagnosis", "z.dxdy", "3x^2y", "coefficient-not-multiplied"),  # 3x^2·y^2 -> 3x^2·y
    ("diagnosis", "z.dxdy", "3x^2y + 1", None),
    # missing-inner-derivative
    ("linear-cost", "mse.d_theta1", "2/n Σ (θ0 + θ1 x_i − y_i)", "missing-inner-derivative"),
    ("chain-rule", "c1.dx", "e^(3x^2)", "missing-inner-derivative"),
    ("chain-rule", "c3.dx", "cos(xy) - 2sin(x)cos(x)", "missing-inner-derivative"),
    ("diagnosis", "chain.dx", "3(x^2+1)^2", "missing-inner-derivative"),
    ("diagnosis", "chain.dx", "3(x^2+1)^2 x", "constant-factor"),
    ("chain-rule", "c1.dx", "e^(6x)", None),
    # gradient-as-sum
    ("gradient-descent", "gd2.gradient", r"\theta_1^3 + \frac{2}{5}\theta_2", "gradient-as-sum"),
    ("gradient-descent", "gd2.gradient", "θ1^3 - 2/5 θ2", None),
    # per component of a gradient
    ("gradient-descent", "gd2.gradient", "(θ1^4, 2/5 θ2)", "exponent-not-lowered"),
    # right answers get no diagnosis
    ("diagnosis", "z.dx", "x^2(4x + 3y^2)", None),
    ("linear-cost", "mse.d_theta1", "2/n Σ (θ0 + θ1 x_i − y_i) x_i", None),
]


GD = "diagnosis"
# (task, the student's answers, verdict, codes)
DESCENT = [
    ("gd.step1", {"gd.step1": "(2.4, 1.92)"}, "correct", []),
    ("gd.step1", {"gd.step1": "(-10.4, 2.08)"}, "incorrect", ["ascent"]),
    ("gd.step1", {"gd.step1": "(-10.4, 1.92)"}, "partial", ["sign-slip"]),
    ("gd.step1", {"gd.step1": "(60, 1.2)"}, "incorrect", ["learning-rate-missing"]),
    ("gd.step1", {"gd.step1": "(2.3, 1.92)"}, "partial", []),
    # every sign of the step flipped, as a Hessian's: one sign-slip of the whole answer
    ("gd.step1", {"gd.step1": "(-2.4, -1.92)"}, "incorrect", ["sign-slip"]),
    ("one.step1", {"one.step1": "-1.6"}, "incorrect", ["sign-slip"]),
    ("gd.step2", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(-102.09, -1.84)"}, "incorrect", ["sign-slip"]),
    ("gd.step1", {"gd.step1": "(-2.4, -1.9)"}, "incorrect", []),
    # from the origin θ + lr·∇J is the step with every sign flipped too: ascent, the more specific, wins
    ("origin.step1", {"origin.step1": "(-0.4, 0.2)"}, "incorrect", ["ascent"]),
    ("origin.step1", {"origin.step1": "(0.4, -0.2)"}, "correct", []),
    # a wrong learning rate, named (0.01 or 0.5 for 0.1), and its near misses
    ("gd.step1", {"gd.step1": "(-3.36, 1.99)"}, "incorrect", ["learning-rate-wrong"]),
    ("gd.step1", {"gd.step1": "(-3.36, 1.92)"}, "partial", []),
    ("one.step1", {"one.step1": "3.76"}, "incorrect", ["learning-rate-wrong"]),
    ("one.step1", {"one.step1": "-8"}, "incorrect", ["learning-rate-wrong"]),
    ("one.step1", {"one.step1": "3.7"}, "incorrect", []),
    ("one.step2", {"one.step1": "1.6", "one.step2": "1.5"}, "incorrect", ["learning-rate-wrong"]),
    # near misses of the descent models
    ("gd.step1", {"gd.step1": "(-10.5, 2.08)"}, "incorrect", []),
    ("gd.step1", {"gd.step1": "(60, 1.3)"}, "incorrect", []),
    ("gd.step2", {"gd.step2": "(8.9, 1.84)"}, "partial", []),
    ("gd.step2", {"gd.step2": "(1.03, 1.84)"}, "partial", []),
    ("gd.step2", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(102.5, 1.84)"}, "partial", []),
    ("gd.slope1", {"gd.slope1": "(64, -0.8)"}, "incorrect", ["sign-slip"]),
    ("gd.slope1", {"gd.slope1": "(64, 0.8)"}, "partial", ["sign-slip"]),
    ("gd.slope1", {"gd.slope1": "(256, 0.8)"}, "partial", ["exponent-not-lowered"]),
    # rounding: cut off instead of rounded; the teacher gives half credit for it
    ("gd.step2", {"gd.step2": "(1.01, 1.84)"}, "partial", ["rounding"]),
    ("gd.step2", {"gd.step2": "(1, 1.8)"}, "partial", ["rounding"]),
    ("gd.step2", {"gd.step2": "(1.02, 1.84)"}, "correct", []),
    # stale gradient: step 2 with the slope of step 1
    ("gd.step2", {"gd.step2": "(8.8, 1.84)"}, "partial", ["stale-gradient"]),
    # follow-through: step 2 from a wrong step 1
    ("gd.step2", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(102.09, 1.84)"}, "correct", ["carried-error"]),
    ("gd.step2", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(-10.4, 1.92)"}, "incorrect", ["step-repeated"]),
    ("gd.slope2", {"gd.step1": "(-10.4, 1.92)", "gd.slope2": "(-1124.864, 0.768)"}, "correct", ["carried-error"]),
    ("gd.step3", {"gd.step1": "(-10.4, 1.92)", "gd.step2": "(102.09, 1.84)", "gd.step3": "(-106299.87, 1.77)"},
     "correct", ["carried-error"]),
    # step 2 the ascent (3.7824, 1.9968) written (3.78, 2.00): step 3 from the exact ascent
    # (−1.6289, 1.9169) carries the error as well as from the rounded one (−1.621, 1.92)
    ("gd.step3", {"gd.step2": "(3.78, 2.00)", "gd.step3": "(-1.63, 1.92)"}, "correct", ["carried-error"]),
    ("gd.step3", {"gd.step2": "(3.78, 2.00)", "gd.step3": "(-1.62, 1.92)"}, "correct", ["carried-error"]),
    ("gd.step3", {"gd.step2": "(3.78, 2.00)", "gd.step3": "(-1.64, 1.92)"}, "incorrect", []),
    # a right step after a rounded (accepted) earlier answer: no carried error
    ("gd.step3", {"gd.step2": "(1.02, 1.84)", "gd.step3": "(0.91, 1.77)"}, "correct", []),
    # the same mistake repeated along the student's own path
    ("one.step2", {"one.step1": "6.4", "one.slope2": "38.4", "one.step2": "10.24"}, "incorrect", ["ascent"]),
    ("one.step2", {"one.step1": "-20", "one.step2": "100"}, "incorrect", ["learning-rate-missing"]),
    ("one.slope2", {"one.step1": "6.4", "one.slope2": "38.4"}, "partial", ["carried-error"]),
    ("one.step1", {"one.step1": "6.4"}, "incorrect", ["ascent"]),
    ("one.step1", {"one.step1": "-20"}, "incorrect", ["learning-rate-missing"]),
    ("one.step1", {"one.step1": "2"}, "partial", ["rounding"]),  # half credit, set by the exercise
    ("one.step1", {"one.step1": "1.7"}, "incorrect", []),
    # step 2 with the student's own (wrong) slope 2
    ("one.step2", {"one.slope2": "10", "one.step2": "0.6"}, "partial", ["carried-error"]),
    # empty and copied-forward answers earn nothing; a copied one is named
    ("one.step2", {"one.step1": "6.4"}, "missing", []),
    ("one.step2", {"one.step1": "6.4", "one.step2": "6.4"}, "incorrect", ["step-repeated"]),
]


NT = "lesson4-newton"
# Newton's method, lesson 4 (first variant: J = θ³ − 6θ from θ = 2, steps 3/2 and 17/12;
# J = ¼θ1⁴ + ⅕θ2² from (−4, 2) with lr = 0.1, steps (−8/3, 0) and (−16/9, 0)):
# (task, the student's answers, verdict, codes)
NEWTON = [
    ("nt1.newton1", {"nt1.newton1": "3/2"}, "correct", []),
    ("nt1.newton1", {"nt1.newton1": r"2 - \frac{6}{12} = 1.5"}, "correct", []),
    ("nt2.newton1", {"nt2.newton1": "(-2.67, 0)"}, "correct", []),
    ("nt2.newton2", {"nt2.newton2": "(-16/9, 0)"}, "correct", []),
    # the Hessian multiplied, not inverted: 2 − 6·12; (−4 − 48·(−64), 2 − 0.4·0.8)
    ("nt1.newton1", {"nt1.newton1": "-70"}, "incorrect", ["newton-hessian-multiplied"]),
    ("nt2.newton1", {"nt2.newton1": "(3068, 1.68)"}, "incorrect", ["newton-hessian-multiplied"]),
    # a gradient-descent step instead: rate 1 without a learning rate, else the exercise's
    ("nt1.newton1", {"nt1.newton1": "-4"}, "incorrect", ["newton-as-descent"]),
    ("nt2.newton1", {"nt2.newton1": "(2.4, 1.92)"}, "incorrect", ["newton-as-descent"]),
    # the step added: 2 + 1/2; (−4 − 4/3, 2 + 2)
    ("nt1.newton1", {"nt1.newton1": "2.5"}, "incorrect", ["newton-sign-flipped"]),
    ("nt2.newton1", {"nt2.newton1": "(-5.33, 4)"}, "incorrect", ["newton-sign-flipped"]),
    # step 2 with the gradient (6) or the Hessian (12) of θ = 2 at θ = 3/2
    ("nt1.newton2", {"nt1.newton2": "1.5 - 6/9"}, "incorrect", ["stale-gradient"]),
    ("nt1.newton2", {"nt1.newton2": "1.44"}, "incorrect", ["newton-stale-hessian"]),
    # 17/12 = 1.4166…: cut off
    ("nt1.newton2", {"nt1.newton2": "1.41"}, "incorrect", ["rounding"]),
    # follow-through: step 2 right from the student's own wrong step 1
    ("nt1.newton2", {"nt1.newton1": "2.5", "nt1.newton2": "1.65"}, "correct", ["carried-error"]),
    ("nt2.newton2", {"nt2.newton1": "(-16/3, 4)", "nt2.newton2": "(-32/9, 0)"}, "correct", ["carried-error"]),
    # the same mistake again along the student's own path
    ("nt1.newton2", {"nt1.newton1": "2.5", "nt1.newton2": "3.35"}, "incorrect", ["newton-sign-flipped"]),
    # near misses
    ("nt1.newton1", {"nt1.newton1": "-71"}, "incorrect", []),
    ("nt1.newton1", {"nt1.newton1": "2.6"}, "incorrect", []),
    ("nt2.newton1", {"nt2.newton1": "(2.4, 1.8)"}, "incorrect", []),
    ("nt1.newton2", {"nt1.newton2": "1.3"}, "incorrect", []),
    # copied forward: no follow-through credit, named as for descent steps
    ("nt1.newton2", {"nt1.newton1": "2.5", "nt1.newton2": "2.5"}, "incorrect", ["step-repeated"]),
]


SO = "second_order"
P, W = "partial", "incorrect"
H = "[[12x^2 + 6xy^2, 6x^2y], [6x^2y, 2x^3 + 20y^3]]"  # the Hessian of Z = x^4 + x^3y^2 + y^5 + 8
# (task, answer, verdict, codes): the Hessian's and the directional derivative's mistakes
SECOND_ORDER = [
    ("z.h", H, "correct", []),
    ("z.h", r"H = \begin{pmatrix} 12x^2 + 6xy^2 & 6x^2y \\ 6x^2y & 2x^3 + 20y^3 \end{pmatrix}", "correct", []),
    ("z.h", "[[12x^2 + 6xy^2, 6x^2y], [6xy^2, 2x^3 + 20y^3]]", P, ["hessian-asymmetric"]),
    # the mixed entry differentiated by x twice: unequal, and named in its entry
    ("z.h", "[[12x^2 + 6xy^2, 12x^2 + 6xy^2], [6x^2y, 2x^3 + 20y^3]]", P,
     ["hessian-asymmetric", "second-derivative-wrong-variable"]),
    ("z.h", "[[12x^2 + 6xy^2, 12x^2 + 6xy^2], [12x^2 + 6xy^2, 2x^3 + 20y^3]]", P,
     ["second-derivative-wrong-variable", "second-derivative-wrong-variable"]),
    ("z.h", "(4x^3 + 3x^2y^2, 2x^3y + 5y^4)", W, ["gradient-for-hessian"]),
    ("z.h", r"\begin{pmatrix} 4x^3 + 3x^2y^2 \\ 2x^3y + 5y^4 \end{pmatrix}", W, ["gradient-for-hessian"]),
    ("z.h", "[[2x^3 + 20y^3, 6x^2y], [6x^2y, 12x^2 + 6xy^2]]", P, ["entries-swapped"]),
    ("z.h", "[[-12x^2 - 6xy^2, -6x^2y], [-6x^2y, -2x^3 - 20y^3]]", W, ["sign-slip"]),
    ("z.h", "[[12x^2 + 6xy^2, 6x^2y], [6x^2y, 2x^3 - 20y^3]]", P, ["sign-slip"]),
    ("z.h", "[[12x^3 + 6xy^2, 6x^2y], [6x^2y, 2x^3 + 20y^3]]", P, ["exponent-not-lowered"]),
    ("z.h", "[[4x^2 + 6xy^2, 6x^2y], [6x^2y, 2x^3 + 20y^3]]", P, ["coefficient-not-multiplied"]),
    ("z.h", "[[4x^3 + 3x^2y^2, 6x^2y], [6x^2y, 2x^3 + 20y^3]]", P, ["first-derivative-only"]),
    ("z.h", "[[12x^2 + 6xy^2, 6x^2y], [6x^2y, 2x^3 + 100y^3]]", P, []),  # near miss: no model
    ("c.h", "[[12x(x^2 + y), 12x^3 + 12xy], [12x^3 + 12xy, 6x^2 + 6y]]", P, ["missing-inner-derivative"]),
    ("z.h_at", "[[-60, 72], [72, 524]]", "correct", []),
    ("z.h_at", "[[-60, 72], [-72, 524]]", P, ["hessian-asymmetric", "sign-slip"]),
    ("z.h_at", "[[524, 72], [72, -60]]", P, ["entries-swapped"]),
    ("z.h_at", "(76, 357)", W, ["gradient-for-hessian"]),
    ("z.h_at", "[[-60, -60], [-60, 524]]", P, ["second-derivative-wrong-variable", "second-derivative-wrong-variable"]),
    ("z.h_at", "[[60, 72], [72, 524]]", P, ["sign-slip"]),
    ("z.h_at", "[[-60, 72], [72, 525]]", P, []),
    ("z.d", "331.2", "correct", []),
    ("z.d", "1656/5", "correct", []),
    ("z.d", "1656", W, ["direction-not-normalised"]),
    ("z.d", "76", W, ["gradient-component-for-directional"]),
    ("z.d", "357", W, ["gradient-component-for-directional"]),
    ("z.d", "(76, 357)", W, ["gradient-for-directional"]),
    ("z.d", r"\begin{pmatrix} 76 \\ 357 \end{pmatrix}", W, ["gradient-for-directional"]),
    ("z.d", "-331.2", W, ["sign-slip"]),
    # a slip inside the gradient, carried through the dot product: 4x^3 as +32, x^4 as 4x^4
    ("z.d", "(140 \\cdot 3 + 357 \\cdot 4)/5 = 369.6", W, ["sign-slip"]),
    ("z.d", "388.8", W, ["exponent-not-lowered"]),
    ("z.d", "332", W, []),
    ("z.d_raw", "1656", "correct", []),
    # normalised when the teacher's convention is not to (normalise: false)
    ("z.d_raw", "331.2", W, ["direction-normalised"]),
    ("z.d_raw", "331", W, []),
    ("z.d_sym_raw", "12x^3 + 9x^2y^2 + 8x^3y + 20y^4", "correct", []),
    ("z.d_sym_raw", "12/5 x^3 + 9/5 x^2y^2 + 8/5 x^3y + 4y^4", W, ["direction-normalised"]),
    ("z.d_sym", "12/5 x^3 + 9/5 x^2y^2 + 8/5 x^3y + 4y^4", "correct", []),
    ("z.d_sym", "12x^3 + 9x^2y^2 + 8x^3y + 20y^4", W, ["direction-not-normalised"]),
    ("z.d_sym", "4x^3 + 3x^2y^2", W, ["gradient-component-for-directional"]),
]


FT = "followthrough"
HZ = "[[12x^2 + 6xy^2, 6x^2y^2], [6x^2y^2, 2x^3 + 20y^3]]"  # Z's Hessian, the mixed 6x^2y^2 not lowered
GZ = "(4x^4 + 3x^2y^2, 2x^3y + 5y^4)"  # Z's gradient, x^4 not lowered: (172, 357) at (-2, 3)
# Follow-through into the lesson-4 kinds (tests/data/followthrough.yaml): an answer worked out
# right from the student's own wrong Hessian or gradient is a carried error.
# (task, the student's answers, verdict, codes)
FOLLOW_THROUGH = [
    # the Hessian at (-2, 3) from their own symbolic Hessian ([[-60, 72], [72, 524]] is right)
    ("z.h_at", {"z.h": HZ, "z.h_at": "[[-60, 216], [216, 524]]"}, "correct", ["carried-error"]),
    ("z.h_at", {"z.h": "[[-12x^2 - 6xy^2, -6x^2y], [-6x^2y, -2x^3 - 20y^3]]",
                "z.h_at": "[[60, -72], [-72, -524]]"}, "correct", ["carried-error"]),
    ("z.h_at", {"z.h_at": "[[-60, 216], [216, 524]]"}, "partial", ["exponent-not-lowered"] * 2),
    ("z.h_at", {"z.h": HZ, "z.h_at": "[[60, 72], [72, 524]]"}, "partial", ["sign-slip"]),
    # numbers written for the formula are no Hessian of their own
    ("z.h_at", {"z.h": "[[-60, 216], [216, 524]]", "z.h_at": "[[-60, 216], [216, 524]]"}, "partial",
     ["exponent-not-lowered"] * 2),
    # the directional derivative from their own gradient: 388.8 = (172·3 + 357·4)/5
    ("z.d", {"z.g": GZ, "z.d": "388.8"}, "correct", ["carried-error"]),
    ("z.d", {"z.d": "388.8"}, "incorrect", ["exponent-not-lowered"]),
    ("z.d", {"z.g": "(4x^3 + 3x^2y^2, 2x^3y + 5y^4)", "z.d": "388.8"}, "incorrect", ["exponent-not-lowered"]),
    ("z.d", {"z.g": GZ, "z.d": "1944"}, "incorrect", []),  # their gradient, and not normalised
    ("z.d_raw", {"z.g": GZ, "z.d_raw": "1944"}, "correct", ["carried-error"]),
    ("z.d_sym", {"z.g": GZ, "z.d_sym": "12/5 x^4 + 9/5 x^2y^2 + 8/5 x^3y + 4y^4"}, "correct", ["carried-error"]),
    # Newton from (-4, 2), right (-8/3, 0): with their own Hessian, Hessian at the start, slope
    # at the start, or gradient
    ("nt.newton1", {"nt.h": "[[6θ1, 0], [0, 2/5]]", "nt.newton1": "(-6.67, 0)"}, "correct", ["carried-error"]),
    ("nt.newton1", {"nt.newton1": "(-6.67, 0)"}, "partial", []),
    ("nt.newton1", {"nt.h_start": "[[96, 0], [0, 0.4]]", "nt.newton1": "(-3.33, 0)"}, "correct", ["carried-error"]),
    ("nt.newton1", {"nt.slope1": "(64, 0.8)", "nt.newton1": "(-5.33, 0)"}, "correct", ["carried-error"]),
    ("nt.newton1", {"nt.g": "(θ1^4, 2/5 θ2)", "nt.newton1": "(-9.33, 0)"}, "correct", ["carried-error"]),
    ("nt.newton1", {"nt.h": "[[6θ1, 0], [0, 2/5]]", "nt.newton1": "(-3.33, 0)"}, "partial", []),
    # step 2 from their own step 1 with their own Hessian again
    ("nt.newton2", {"nt.h": "[[6θ1, 0], [0, 2/5]]", "nt.newton1": "(-20/3, 0)", "nt.newton2": "(-14.07, 0)"},
     "correct", ["carried-error"]),
    # in one variable, their own J'' or J'
    ("n1.newton1", {"n1.d2": "3θ", "n1.newton1": "1"}, "correct", ["carried-error"]),
    ("n1.newton1", {"n1.d1": "3θ^2 + 6", "n1.newton1": "0.5"}, "correct", ["carried-error"]),
    ("n1.newton1", {"n1.newton1": "0.5"}, "incorrect", ["newton-increment-only"]),  # 0.5 = J'(2)/J''(2), the change
]
AN = "analysis"
# (task, answer, verdict, codes): the stationary point's and the eigenvalues' mistakes
# (tests/data/analysis.yaml: f = 3x² + 4xy + 5y² − 2x + 8y has its stationary point at
# (13/11, −14/11) and H = [[6, 4], [4, 10]] with eigenvalues 8 ± 2√5)
ANALYSIS = [
    ("q.s", "(13/11, -14/11)", "correct", []),
    ("q.s", "(1.18, -1.27)", "correct", []),
    ("q.s", "y = -14/11, x = 13/11", "correct", []),
    ("q.s", "(-13/11, 14/11)", W, ["sign-slip"]),         # 6x + 4y = 2 solved as 6x + 4y = −2, …
    ("q.s", "(13/11, 14/11)", P, ["sign-slip"]),          # y's sign lost
    ("q.s", "(-14/11, 13/11)", W, ["components-swapped"]),
    ("q.s", "-69/11", W, ["function-value-for-stationary"]),  # f at the point, not the point
    ("q.s", "(1/3, 0)", W, ["stationary-one-equation"]),  # ∂f/∂x = 0 with y = 0, ∂f/∂y forgotten
    ("q.s", "(0, -4/5)", W, ["stationary-one-equation"]),
    ("q.s", "(26/7, -16/7)", W, ["coefficient-not-multiplied"]),  # ∂f/∂x with 3x² -> 3x, solved through
    ("q.s", "(1, 1)", W, []),                             # near miss: no model
    ("o.s", "7/2", "correct", []),
    ("o.s", "3.5", "correct", []),
    ("o.s", "-3.5", W, ["sign-slip"]),
    ("o.s", "-11.25", W, ["function-value-for-stationary"]),  # f(7/2) = −45/4
    ("o.s", "7", W, ["coefficient-not-multiplied"]),      # x − 7 = 0: x² differentiated to x
    ("j.s", "(0, 0)", "correct", []),
    ("j.s", "(0, 1)", P, ["stationary-one-equation"]),
    ("z.s", "(-2.46, 1.81)", "correct", []),
    ("z.s", "(2.46, -1.81)", W, ["sign-slip"]),
    ("z.s", "(0, 0)", W, ["other-stationary-point"]),     # the other stationary point, not the one near
    ("q.e", "8 - 2\\sqrt{5}, 8 + 2\\sqrt{5}", "correct", []),
    ("q.e", "8 + 2√5, 8 - 2√5", "correct", []),           # any order
    ("q.e", "8 ± 2√5", "correct", []),                    # a ± b: the two values a - b, a + b
    ("q.e", "\\lambda_{1,2} = 8 \\pm 2\\sqrt{5}", "correct", []),
    ("q.e", "λ = 8 ± 2√5.", "correct", []),
    ("q.e", "(8 ± 2√5)/2", "invalid", []),                # not two whole values: refused, naming a ± b
    ("q.e", "12.47, 3.53", "correct", []),
    ("q.e", "λ_1 = 3.53, λ_2 = 12.47", "correct", []),
    ("q.e", "3.53, 5", P, []),                            # one of two right: half
    ("q.e", "6, 10", W, ["diagonal-for-eigenvalues"]),
    ("q.e", "16, 44", W, ["trace-determinant-for-eigenvalues"]),
    ("q.e", "-3.53, -12.47", W, ["sign-slip"]),           # the roots of λ² + 16λ + 44
    ("q.e", "-6.94, 10.94", W, ["hessian-entry-sign-slip"]),  # of [[−6, 4], [4, 10]]: 2 ± 4√5
    ("q.e", "[[6, 4], [4, 10]]", W, ["hessian-for-eigenvalues"]),
    ("q.e", "12.47", W, []),
    ("q.e", "3.53, 12.47, 1", W, []),
    ("z.e", "-68.75, 532.75", "correct", []),
    ("z.e", "232 - 4\\sqrt{5653}, 232 + 4\\sqrt{5653}", "correct", []),
    ("z.e", "-60, 524", W, ["diagonal-for-eigenvalues"]),
    ("z.e", "464, -36624", W, ["trace-determinant-for-eigenvalues"]),
    ("z.e", "-50.98, 514.98", W, ["characteristic-polynomial-sign"]),  # 232 ± √80080: + 72² in det
    ("z.e", "(76, 357)", W, ["gradient-for-eigenvalues"]),
    ("z.e", "-68.75, 530", P, []),
    ("j.e", "48, 0.4", "correct", []),
    ("j.e", "(-64, 0.8)", W, ["gradient-for-eigenvalues"]),
    ("c.e", "6, 3 - √5, 3 + √5", "correct", []),         # 3×3: by radicals
    ("c.e", "6, 0.76, 5.24", "correct", []),
    ("c.e", "2, 4, 6", P, ["diagonal-for-eigenvalues"]),  # 6 is right
    # classify: f = x³ − 3x + y² has a minimum at (1, 0) and a saddle point at (−1, 0);
    # g = −x² − xy − y² + 2 a maximum at (0, 0); J's Hessian at (0, 0) has the eigenvalue 0
    ("n.min", "minimum", "correct", []),
    ("n.min", "Minimum.", "correct", []),
    ("n.min", "a local minimum", "correct", []),
    ("n.min", "\\text{minimum}", "correct", []),
    ("n.min", "maximum", W, ["nature-opposite"]),
    ("n.min", "saddle point", W, ["extremum-as-saddle"]),
    ("n.min", "zadelpunt", W, ["extremum-as-saddle"]),      # Dutch words in an English exercise
    ("n.min", "onbeslist", W, ["not-undecided"]),
    ("n.saddle", "Saddle", "correct", []),
    ("n.saddle", "een zadelpunt", "correct", []),
    ("n.saddle", "minimum", W, ["saddle-as-extremum"]),     # λ = 2 > 0 taken for the whole
    ("n.saddle", "undecided", W, ["not-undecided"]),
    ("m.max", "MAXIMUM", "correct", []),
    ("m.max", "minimum", W, ["nature-opposite"]),           # the signs of the eigenvalues read the other way
    ("m.max", "saddle point", W, ["extremum-as-saddle"]),
    ("j.c", "undecided", "correct", []),
    ("j.c", "onbeslist", "correct", []),
    ("j.c", "minimum", W, ["zero-eigenvalue"]),             # J is least there, but H cannot tell
]
TR = "lesson4_trial"
# The newcomer trial of lesson 4 (tests/data/lesson4_trial.yaml): J(θ1, θ2) = θ1⁴ + θ1θ2 + θ2²
# from (1, 1), lr 0.1: H = [[12θ1², 1], [1, 2]], at (1, 1) [[12, 1], [1, 2]], ∇J = (5, 3), H⁻¹∇J =
# (7/23, 31/23), Newton step 1 (16/23, −8/23), descent step 1 (0.5, 0.7); J(θ) = θ⁴ − 8θ from 2:
# Newton step 1 = 2 − 24/48 = 1.5. (task, the student's answers, verdict, codes)
TRIAL = [
    # 2·H: one constant factor for the whole matrix, symbolic and at the point
    ("two.h", {"two.h": "[[24θ1^2, 2], [2, 4]]"}, W, ["constant-factor"]),
    ("two.h_at", {"two.h_at": "[[24, 2], [2, 4]]"}, W, ["constant-factor"]),
    # near miss: (1,1) alone is twice the right one; a number entry (2,2) is no constant factor
    ("two.h", {"two.h": "[[24θ1^2, 2], [2, 5]]"}, W,
     ["constant-factor", "second-derivative-wrong-variable", "second-derivative-wrong-variable"]),
    # the mixed entries 0: the term θ1θ2 taken for a constant
    ("two.h", {"two.h": "[[12θ1^2, 0], [0, 2]]"}, P, ["mixed-term-as-constant"]),
    ("two.h_at", {"two.h_at": "[[12, 0], [0, 2]]"}, P, ["mixed-term-as-constant"]),
    ("two.h", {"two.h": "[[12θ1^2, 0], [1, 2]]"}, P, ["hessian-asymmetric", "mixed-term-as-constant"]),
    ("two.h", {"two.h": "[[12θ1^2, 3], [3, 2]]"}, P, []),  # near miss: no model
    # the value at the start given for the function, and the function for its value
    ("two.h", {"two.h": "[[12, 1], [1, 2]]"}, P, ["evaluated-at-point"]),
    ("two.h_at", {"two.h_at": "[[12θ1^2, 1], [1, 2]]"}, P, ["not-evaluated"]),
    ("two.h", {"two.h": "[[13, 1], [1, 2]]"}, P, []),
    # the change of the step given for the new point
    ("two.newton1", {"two.newton1": "(7/23, 31/23)"}, W, ["newton-increment-only"]),
    ("one.newton1", {"one.newton1": "0.5"}, W, ["newton-increment-only"]),
    ("two.step1", {"two.step1": "(0.5, 0.3)"}, P, ["step-increment-only"]),
    ("two.newton1", {"two.newton1": "(7/23, 30/23)"}, W, []),
    # step 2 given the value of step 1 (right or not), step 1 the start: no step taken
    ("two.newton2", {"two.newton1": "(16/23, -8/23)", "two.newton2": "(16/23, -8/23)"}, W, ["step-repeated"]),
    ("two.newton2", {"two.newton2": "(16/23, -8/23)"}, W, ["step-repeated"]),
    ("one.newton2", {"one.newton1": "1.5", "one.newton2": "1.5"}, W, ["step-repeated"]),
    ("one.newton1", {"one.newton1": "2"}, W, ["step-repeated"]),
    ("two.step2", {"two.step1": "(0.5, 0.7)", "two.step2": "(0.5, 0.7)"}, W, ["step-repeated"]),
    ("one.newton1", {"one.newton1": "2.5"}, W, ["newton-sign-flipped"]),
]


PR = "les4-prijs"
# The second newcomer trial of lesson 4 (tests/data/les4_prijs.yaml): J(w, b) = w³ − 6wb + 3b²
# from (3, 1), lr 0.01: ∇J = (21, −12), H = [[18, −6], [−6, 6]], descent step 1 (2.79, 1.12),
# Newton step 1 (2.25, 2.25); J(w) = w³ − 12w from 3: Newton steps 13/6 and 313/156.
# (task, the student's answers, verdict, codes)
PRIJS = [
    # the start copied is no step, though it is also the right step rounded to 0 decimals
    ("k.stap1", {"k.stap1": "(3, 1)"}, W, ["step-repeated"]),
    ("r.newton1", {"r.newton1": "3"}, W, ["step-repeated"]),
    ("k.stap1", {"k.stap1": "(2.8, 1.1)"}, W, ["rounding"]),
    # H inverted wrongly: the adjugate [[6, 6], [6, 18]] without 1/72; the off-diagonal signs
    # kept, [[6, −6], [−6, 18]]/72; 1/entry, [[1/18, −1/6], [−1/6, 1/6]]
    ("k.newton1", {"k.newton1": "(-51, 91)"}, W, ["newton-inverse-no-determinant"]),
    ("k.newton1", {"k.newton1": "(0.25, 5.75)"}, W, ["newton-inverse-signs"]),
    ("k.newton1", {"k.newton1": "(-0.17, 6.5)"}, W, ["newton-inverse-entrywise"]),
    ("k.newton1", {"k.newton1": "(-0.17, 6.4)"}, W, []),  # near miss
    # θ − ∇J: a descent step without the exercise's rate 0.01, or with it
    ("k.newton1", {"k.newton1": "(-18, 13)"}, W, ["newton-as-descent"]),
    ("k.newton1", {"k.newton1": "(2.79, 1.12)"}, W, ["newton-as-descent"]),
    # the diagonal of H alone, as a vector, symbolic or at the start
    ("k.hessiaan", {"k.hessiaan": "(6w, 6)"}, W, ["hessian-diagonal-only"]),
    ("k.hessiaan_start", {"k.hessiaan_start": "(18, 6)"}, W, ["hessian-diagonal-only"]),
    ("k.hessiaan", {"k.hessiaan": "(6w, 7)"}, W, []),
    # one variable: J''/J' for J'/J'' (3 − 18/15), then step 1's change 15/18 again from 1.8
    ("e.newton1", {"e.newton1": "3 - 18/15"}, W, ["newton-ratio-inverted"]),
    ("e.newton2", {"e.newton1": "3 - 18/15 = 1.8", "e.newton2": "1.8 - 15/18"}, W, ["newton-increment-reused"]),
    ("e.newton2", {"e.newton2": "13/6 - 15/18"}, W, ["newton-increment-reused"]),
    ("k.newton2", {"k.newton2": "(1.5, 3.5)"}, W, ["newton-increment-reused"]),  # (2.25, 2.25) − (0.75, −1.25)
    # step 1 the sign flipped, 23/6 written 3.83: the flip again from 23/6 (5.2283) or from 3.83
    # (5.2228) is named
    ("e.newton2", {"e.newton1": "3.83", "e.newton2": "5.23"}, W, ["newton-sign-flipped"]),
    ("e.newton2", {"e.newton1": "3.83", "e.newton2": "5.228"}, W, ["newton-sign-flipped"]),
    ("e.newton2", {"e.newton1": "3.83", "e.newton2": "5.22"}, W, ["newton-sign-flipped"]),
    ("e.newton2", {"e.newton1": "3.83", "e.newton2": "5.24"}, W, []),
    # ∂J/∂w = 3w² − 6b (21 at (3, 1)) for the mixed entries: also 3w² − 6, w's term kept by ∂/∂b
    # (constant-kept) at that point; the first derivative is the reading, in either entry
    ("k.hessiaan_start", {"k.hessiaan_start": "[[18, 21], [21, 6]]"}, P, ["first-derivative-only"] * 2),
    ("k.hessiaan_start", {"k.hessiaan_start": "[[18, -12], [-12, 6]]"}, P, ["first-derivative-only"] * 2),
    ("k.hessiaan", {"k.hessiaan": "[[6w, 3w^2 - 6b], [3w^2 - 6b, 6]]"}, P, ["first-derivative-only"] * 2),
    ("k.hessiaan", {"k.hessiaan": "[[6w, 3w^2 - 6], [3w^2 - 6, 6]]"}, P, ["constant-kept"] * 2),
]


REVEAL_EXERCISES = {**EXERCISES, "verdicts": load_exercise(ROOT / "tests" / "data" / "verdicts.yaml"),
                    "matrices": load_exercise(ROOT / "tests" / "data" / "matrices.yaml"),
                    SO: load_exercise(ROOT / "tests" / "data" / "second_order.yaml"),
                    FT: load_exercise(ROOT / "tests" / "data" / "followthrough.yaml"),
                    AN: load_exercise(ROOT / "tests" / "data" / "analysis.yaml"),
                    TR: load_exercise(ROOT / "tests" / "data" / "lesson4_trial.yaml"),
                    PR: load_exercise(ROOT / "tests" / "data" / "les4_prijs.yaml")}
VARIANTS = load_exercises([str(ROOT / "exercises" / "gradient-descent-variants.yaml")])
# (exercise, the student's answers, the task looked at): every diagnosis code at least once
CASES = [(e, {k: a}, k) for e, k, a, code in DIFFERENTIATION if code] + \
    [("diagnosis", answers, k) for k, answers, _, codes in DESCENT if codes] + \
    [(NT, answers, k) for k, answers, _, codes in NEWTON if codes] + \
    [(SO, {k: a}, k) for k, a, _, codes in SECOND_ORDER if codes] + \
    [(AN, {k: a}, k) for k, a, _, codes in ANALYSIS if codes] + \
    [(TR, answers, k) for k, answers, _, codes in TRIAL if codes] + \
    [(PR, answers, k) for k, answers, _, codes in PRIJS if codes] + [
    ("verdicts", {"gd1.step1": "θ = 4 - 0.2*24 = 1.6"}, "gd1.step1"),       # working-inconsistent
    ("verdicts", {"gd1.step1": "θ = 4 - 0.1*24 = 1.5"}, "gd1.step1"),       # arithmetic-slip
    ("diagnosis", {"gd.step1": "(1.92, 2.4)"}, "gd.step1"),                 # components-swapped
    ("matrices", {"hessian.wide": "[[1, 4], [2, 5], [3, 6]]"}, "hessian.wide"),  # matrix-transposed
    ("matrices", {"symbolic.hessian": "[[6xy^2, -6x^2y], [6x^2y, 2x^3]]"}, "symbolic.hessian"),  # in an entry
    ("gradient-descent", {"gd2.step1": r"(-4 - (1 \cdot -4^3 \cdot 0.1), 2 - 0.08)"}, "gd2.step1"),
    ("gradient-descent", {"gd1.step1": r"1.6\ \text{meter}"}, "gd1.step1"),  # unit-not-checked
    ("gradient-descent", {"gd1.step1": "1.6..."}, "gd1.step1"),              # repeating-decimal-dots
    ("gradient-descent", {"gd1.step1": r"1\frac{3}{5}"}, "gd1.step1"),       # mixed-number-notation
    ("verdicts", {"gd1.step1": r"θ = 4 - \nabla J = 1.6"}, "gd1.step1"),  # working-not-checked
]


def self_check(exercise_id: str, answers: dict[str, str]) -> SubmissionResult:
    exercise = REVEAL_EXERCISES[exercise_id]
    tasks = tuple(grade_submission(exercise, Submission("t.yaml", "t", exercise.id, answers)))
    return SubmissionResult("t.yaml", "graded", "t", None, exercise.id, 0.0, 1.0, tasks=tasks)


def other_variant_result() -> SubmissionResult:
    """Tim wrote Sanne's numbers: other-variant is marked across the class."""
    exercise = VARIANTS["gradient-descent-variants"]
    results = []
    for student, slope in (("s21", "-54"), ("s22", "-54")):
        own = exercise.for_student(student)
        tasks = tuple(grade_submission(own, Submission("t.yaml", student, own.id, {"gd1.slope1": slope})))
        results.append(SubmissionResult(f"{student}.yaml", "graded", student, None, own.id, 0.0, 1.0,
                                        tasks=tasks, variant=own.variant))
    return mark_other_variants(results)[1]


def exercise_file(tmp_path, feedback: str):
    text = (ROOT / "exercises" / "gradient-descent.yaml").read_text(encoding="utf-8")
    path = tmp_path / "gd.yaml"
    path.write_text(text.replace("\nproblems:", f"\n{feedback}\nproblems:", 1), encoding="utf-8")
    return path
