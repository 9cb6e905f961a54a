"""Default answers of the fake Ollama: a valid object for a JSON schema, or a text quoting the context."""

from __future__ import annotations

import re
from typing import Any

DEFAULT_BREED = "Labrador Retriever"


def candidate_breeds(prompt: str) -> list[str]:
    """Breeds listed after "Candidates:" (same line, or the list lines that follow it)."""
    match = re.search(r"Candidates:[ \t]*(.*)", prompt)
    if not match:
        return []
    text = match.group(1).strip()
    if not text:  # a list on the following lines
        rest = prompt[match.end() :].lstrip("\n").splitlines()
        lines = []
        for line in rest:
            if not line.strip():
                break
            lines.append(line)
        text = ",".join(lines)
    names = []
    for item in re.split(r"[,;\n]", text):
        name = re.sub(r"^\s*(?:[-*\u2022]|\d+[.)])\s*", "", item)  # list markers
        name = re.sub(r"\(.*?\)|[:=]\s*[\d.]+%?|\s[\d.]+%?$", "", name).strip(" \t.\"'")
        if name:
            names.append(name)
    return names


def species_of(prompt: str) -> str:
    """The species a pet prompt leads to: "other" when it says the species is unknown (the fake cannot
    look at the photo: an image the classifier doubts is not a pet to it), cat when the candidates say cat."""
    if re.search(r"species is unknown", prompt, re.IGNORECASE):
        return "other"
    match = re.search(r"Candidates:[^\n]*(?:\n(?!\s*\n).*)*", prompt)
    return "cat" if match and re.search(r"\bcats?\b", match.group(0), re.IGNORECASE) else "dog"


def synthesise(fmt: Any, prompt: str) -> Any:
    """A valid value for `format`: a JSON schema, or "json" (a small free-form object)."""
    if not isinstance(fmt, dict):
        return {"response": reply_text(prompt)}
    return _value(fmt, fmt, "", prompt)


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        schema = target
    return schema


def numbered_items(prompt: str) -> list[tuple[int, str]]:
    """The prompt's numbered list ("0. Name (kind): ...") as (number, label) pairs."""
    found = re.findall(r"^[ \t]*(\d+)[.)][ \t]+([^\n]+)", prompt, re.MULTILINE)
    return [(int(number), re.split(r"\s\(|:", line, maxsplit=1)[0].strip()) for number, line in found]


def _texts(items: dict[str, Any], label: str) -> dict[str, str]:
    """The item's free-text fields, naming the list item they are about."""
    props = items.get("properties", {})
    return {
        key: f"fake {key} about {label}"[: sub.get("maxLength", 10_000)]
        for key, sub in props.items()
        if sub.get("type") == "string" and "enum" not in sub and key != "index"
    }


def _value(schema: dict[str, Any], root: dict[str, Any], name: str, prompt: str) -> Any:
    if "$ref" in schema:
        return _value(_resolve(schema, root), root, name, prompt)
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return _value(options[0], root, name, prompt)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    lowered = name.lower()
    if "enum" in schema:
        enum = schema["enum"]
        if lowered == "species":
            wanted = species_of(prompt)
            return wanted if wanted in enum else enum[0]
        return enum[0]
    if kind == "object":
        props = schema.get("properties", {})
        return {key: _value(sub, root, key, prompt) for key, sub in props.items()}
    if kind == "array":
        items = _resolve(schema.get("items", {}), root)
        numbered = numbered_items(prompt) if "index" in items.get("properties", {}) else []
        if numbered:  # "one entry per numbered item": a real model answers each item of the list
            return [
                {**_value(items, root, name, prompt), "index": number, **_texts(items, label)}
                for number, label in numbered
            ]
        count = max(1, int(schema.get("minItems", 1)))
        return [_value(schema.get("items", {}), root, name, prompt) for _ in range(count)]
    if kind in ("number", "integer"):
        return _number(schema, kind == "integer")
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    if lowered == "breed":
        return (candidate_breeds(prompt) or [DEFAULT_BREED])[0]
    if lowered == "species":
        return species_of(prompt)
    text = f"fake {name or 'text'}"
    return text[: schema.get("maxLength", len(text))].ljust(schema.get("minLength", 0), "x")


def _number(schema: dict[str, Any], integer: bool) -> float | int:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    value: float = 1 if integer else 0.85
    if low is not None and high is not None:
        value = low + (high - low) * 0.85
    elif low is not None and value <= low:
        value = low + 1
    elif high is not None and value >= high:
        value = high - 1
    if integer:
        value = round(value)
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            value -= 1
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            value += 1
    return value


# Headings that open the retrieved text: LlamaIndex's default "Context information is below.", or
# a section of the prompt's own ("Passages:", "Sources:", ...).
_CONTEXT_HEADING = re.compile(r"\W*(?:context|passages|sources|documents|excerpts)\b", re.IGNORECASE)
_CITATION_HEADER = re.compile(r"\[(\d+)\](.*)")  # "[1] Title": a numbered passage's header line


def first_context_line(prompt: str) -> str | None:
    """First meaningful line of the prompt's context section; a numbered passage's own text, cited ("... [1]")."""
    lines = prompt.splitlines()
    for index, line in enumerate(lines):
        if not _CONTEXT_HEADING.match(line.strip()):
            continue
        inline = line.split(":", 1)[1].strip() if ":" in line else ""
        if inline:
            return inline
        citation = None
        for following in lines[index + 1 :]:
            stripped = following.strip()
            if not stripped or re.fullmatch(r"[-=_*#]+", stripped):
                continue
            header = _CITATION_HEADER.fullmatch(stripped)
            if header and citation is None:
                citation = header.group(1)
                continue
            if citation is not None and stripped.startswith("#"):  # the passage's markdown heading
                continue
            return f"{stripped} [{citation}]" if citation else stripped
    return None


def reply_text(prompt: str) -> str:
    line = first_context_line(prompt)
    if line is None:
        return "This is a reply from the fake Ollama model; the prompt carried no context."
    return f'According to the provided context: "{line}"'
