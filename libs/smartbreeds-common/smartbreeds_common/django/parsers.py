"""The JSON request parser both Django services use: malformed or deeply nested bodies are a 400
VALIDATION_ERROR (DRF's ParseError, mapped by the envelope handler), never a 500 with a traceback.

Python's json module raises RecursionError (not ValueError) on a body nested thousands of levels deep,
which DRF's own parser lets through; and a body nested a few hundred levels parses but is no request
any of our serializers accepts, while it costs recursion in everything that walks it afterwards.
"""

import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32  # nesting levels (objects and arrays); our deepest body (pet preferences) needs 3-4


def nesting_exceeds(value: Any, limit: int) -> bool:
    """True when `value` nests objects/arrays deeper than `limit` (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


class LimitedJSONParser(JSONParser):
    """JSONParser that refuses malformed JSON and nesting deeper than MAX_JSON_DEPTH with ParseError."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(stream.read().decode(encoding), parse_constant=_refuse_constant)
        except RecursionError as exc:
            raise ParseError("JSON parse error - nested too deeply.") from exc
        except ValueError as exc:  # malformed JSON, bad encoding, NaN/Infinity
            raise ParseError("JSON parse error - the body is not valid JSON.") from exc
        if nesting_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
