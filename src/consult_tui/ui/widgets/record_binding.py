"""Dotted paths into a consultation ("people[0].consent.views"): how form fields find their data.

Paths are parsed once, by ``domain.draft_editor.field_path``; the edits themselves are made by
the draft editor.

The same paths name fields in the finalise check's problems, so "jump to the field" is a lookup,
not a mapping table that could drift out of step with the record.
"""

from __future__ import annotations

from typing import Any, Protocol, get_args, get_origin, runtime_checkable

from pydantic import BaseModel

from ...domain.draft_editor import PathPart, field_path


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
    return list(field_path(path).parts)


def get_at(root: Any, path: str) -> Any:
    return field_path(path).get(root)


def set_at(root: Any, path: str, value: Any) -> None:
    """Assign in place (tests and tools; the screen's edits go through the draft editor)."""
    field_path(path).set(root, value)


def list_path_and_index(path: str) -> tuple[str, int] | None:
    """ "facts[2].source" → ("facts", 2): which list row a field belongs to (outermost list)."""
    return field_path(path).row


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
