"""Kinds of task: each kind (``derivative``, ``gradient``, ``slope``, ``step``, ``answer``, …) is
one object that owns what the kind means (``base.Kind``), registered by name in ``KINDS``.

The exercise reader validates a task's YAML and hands it to its kind for the expected answer;
diagnosis, follow-through, the worked solution, notes and reports ask the task's kind
(``kind_of``), or find tasks by the role their kind plays (``in_role``). A new kind is a
subclass of ``Kind`` passed to ``register`` (docs/architecture.md, "Task kinds").
"""

from grader.kinds.answer import Answer
from grader.kinds.base import Expected, Kind, Models, Reading, Role, Unbound
from grader.kinds.calculus import Derivative, Gradient
from grader.kinds.classify import Classify
from grader.kinds.descent import MAX_STEPS, Slope, Step
from grader.kinds.directional import Directional
from grader.kinds.eigenvalues import Eigenvalues
from grader.kinds.registry import KINDS, derivatives_of, in_role, kind_of, register, role_of, unregister
from grader.kinds.second_order import Hessian
from grader.kinds.stationary import Stationary

__all__ = ["KINDS", "MAX_STEPS", "Expected", "Kind", "Models", "Reading", "Role", "Unbound", "derivatives_of",
           "in_role", "kind_of", "register", "role_of", "unregister"]

# Newton's path is bounded as the descent path is, in the exercise model, whose package's reader
# imports this one: so it comes once everything the reader takes from here is defined.
from grader.kinds.newton import Newton

for _kind in (Derivative(), Gradient(), Slope(), Step(), Answer(), Newton(), Hessian(), Directional(),
              Stationary(), Eigenvalues(), Classify()):
    register(_kind)
