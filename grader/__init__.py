"""grader: an autograder for partial derivatives, gradients and gradient descent."""

__version__ = "0.1.0"
