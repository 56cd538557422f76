"""Safe YAML and JSON reading that remembers line numbers, for messages like ``file:12: ...``.

Only plain data: PyYAML's SafeLoader refuses ``!!python/...`` tags, and aliases are refused
outright (an alias bomb expands a few hundred bytes into billions of nodes).
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from grader.errors import GraderError

# a whole number as YAML gives it, as text (bounds are checked after); 10 digits hold 10^9
WHOLE = re.compile(r"^\s*[+-]?[0-9]{1,10}\s*$")

MAX_FILE_BYTES = 1_000_000


class LineMap(dict):
    """A mapping from YAML that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser, far faster, when installed


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    def construct_line_map(self, node: yaml.MappingNode) -> LineMap:
        result = LineMap()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | bool) and key is not None:
                raise yaml.YAMLError(f"line {key_node.start_mark.line + 1}: a key must be plain text")
            key = str(key)
            if key in result:
                raise yaml.YAMLError(f"line {key_node.start_mark.line + 1}: duplicate key '{key}'")
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_line_map)
# Plain scalars stay the text that was written: YAML 1.1 would turn the id 0123 into 83, 0x1F
# into 31, 12:30 into 750, the answer 024 into 20, 1e-2 into text but 0.00001 into '1e-05', and
# '2026-01-01' into a date. Answers and ids are text; numbers in an exercise are read from their
# text by grader's own reader (exactly: 0.1 is 1/10). Only true/false and null keep their meaning.
_TEXT_TAGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in _TEXT_TAGS]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml(text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _refuse_aliases(root: yaml.Node) -> None:
    """An alias makes the composer reuse a node; finding one node twice means an alias."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.YAMLError(f"line {node.start_mark.line + 1}: YAML aliases (*name) are not allowed")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _no_constant(name: str) -> str:
    raise json.JSONDecodeError(f"{name} is not a number grader accepts", name, 0)


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # /dev/zero, a FIFO: never ending, or never there
            raise GraderError.coded("file-not-regular", (), str(path))
        if status.st_size > max_bytes:
            raise GraderError.coded("file-too-large", (("limit", str(max_bytes)),), str(path))
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise GraderError.coded("file-too-large", (("limit", str(max_bytes)),), str(path))
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise GraderError.coded("file-unreadable", (("reason", reason),), str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GraderError.coded("file-not-utf8", (("byte", str(exc.start)),), str(path)) from None


def load_data(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Parse a YAML or JSON file (JSON by its .json suffix) into plain data."""
    return data_of(read_text(path, max_bytes), path)


def data_of(text: str, path: Path) -> Any:
    """Parse ``text``, the file ``path``'s, as ``load_data`` does."""
    if not text.strip():
        raise GraderError.coded("file-empty", (), str(path))
    if path.suffix.lower() == ".json":
        try:
            # Numbers as written, too: 1.6 stays "1.6", and a 5,000-digit number is text, not
            # a ValueError from Python's int conversion.
            return json.loads(text, parse_int=str, parse_float=str, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            raise GraderError.coded("json-invalid", (("problem", exc.msg),), str(path), exc.lineno) from None
        except RecursionError:
            raise GraderError.coded("json-too-deep", (), str(path)) from None
    try:
        return _load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        if "python/" in str(exc):
            raise GraderError.coded("yaml-python-tag", (), str(path), line) from None
        raise GraderError.coded("yaml-invalid", (("problem", problem),), str(path), line) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise GraderError.coded("yaml-control-character", (("character", f"{exc.character:04x}"),),
                                str(path), line) from None
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise GraderError.coded("yaml-invalid", (("problem", problem),), str(path)) from None
    except RecursionError:
        raise GraderError.coded("yaml-too-deep", (), str(path)) from None
