"""Reading student answers: text -> syntax tree -> SymPy, without ever evaluating the text.

The public entry point is :func:`read_answer`.
"""

from grader.parse.answer import Answer, Note, read_answer
from grader.parse.errors import ParseError
from grader.parse.matrix import Matrix
from grader.parse.vocabulary import FunctionDefinition, Vocabulary, free_names

__all__ = ["Answer", "FunctionDefinition", "Matrix", "Note", "ParseError", "Vocabulary", "free_names",
           "read_answer"]
