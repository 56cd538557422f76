"""``grader serve``: the self-check pages students use, the JSON API other programs call, and
collecting hand-ins (``collect``).

``create_app`` builds the ASGI application (Starlette); ``serve`` runs it on uvicorn. See
docs/serve.md.
"""

from __future__ import annotations

from grader.serve.app import create_app
from grader.serve.collect import Collector
from grader.serve.limits import DEFAULT_SERVE_LIMITS, ServeLimits
from grader.serve.run import serve
from grader.serve.service import CollectMode

__all__ = ["DEFAULT_SERVE_LIMITS", "CollectMode", "Collector", "ServeLimits", "create_app", "serve"]
