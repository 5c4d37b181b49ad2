"""Dotted paths into a consultation ("people[0].consent.views"): how form fields find their data.

The same paths name fields in the finalise check's problems, so "jump to the field" is a lookup,
not a mapping table that could drift out of step with the record.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, get_args, get_origin, runtime_checkable

from pydantic import BaseModel

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

PathPart = str | int


@runtime_checkable
class BoundField(Protocol):
    """A widget that shows one field of the record: its path names the field."""

    field_path: str


def bound_path(widget: object) -> str:
    """The path of the field a widget shows, or "" for a widget bound to no field."""
    return widget.field_path if isinstance(widget, BoundField) else ""


def bound_member(widget: object) -> str | None:
    """For a tick in a list field (one recipient of several), which member it stands for."""
    member = getattr(widget, "member", None)
    return member if isinstance(member, str) else None


def parse_path(path: str) -> list[PathPart]:
    """ "people[0].consent.views" → ["people", 0, "consent", "views"]."""
    parts: list[PathPart] = []
    for match in _PART.finditer(path):
        name, index = match.groups()
        parts.append(name if name is not None else int(index))
    return parts


def get_at(root: Any, path: str) -> Any:
    value = root
    for part in parse_path(path):
        value = value[part] if isinstance(part, int) else getattr(value, part)
    return value


def set_at(root: Any, path: str, value: Any) -> None:
    """Assign in place: the screen edits one record object, so the App always saves the latest."""
    *parents, last = parse_path(path)
    target = root
    for part in parents:
        target = target[part] if isinstance(part, int) else getattr(target, part)
    if isinstance(last, int):
        target[last] = value
    else:
        setattr(target, last, value)


def list_path_and_index(path: str) -> tuple[str, int] | None:
    """ "facts[2].source" → ("facts", 2): which list row a field belongs to (outermost list)."""
    match = re.match(r"^([A-Za-z_][A-Za-z0-9_.]*)\[(\d+)\]", path)
    if match is None:
        return None
    return match.group(1), int(match.group(2))


def field_description(model: type[BaseModel], path: str) -> str:
    """The record model's own description of a field, used as the first line of F1 help."""
    current: Any = model
    description = ""
    for part in parse_path(path):
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return description
        field = current.model_fields.get(part)
        if field is None:
            return description
        description = field.description or ""
        current = _inner_model(field.annotation)
    return description


def _inner_model(annotation: Any) -> Any:
    """The model inside list[Person] or Person | None, so paths can walk through lists."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is not None or get_args(annotation):
        for arg in get_args(annotation):
            inner = _inner_model(arg)
            if inner is not None:
                return inner
    return None
