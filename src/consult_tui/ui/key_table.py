"""The keys a screen offers now, read once for the footer, the command palette and F1 help.

The table is Textual's own: each screen's, widget's and the App's ``BINDINGS`` (with ids,
descriptions and tooltips), as the screen sees them at this moment: after the practitioner's
keymap (``[keys]`` in the config), without what ``check_action`` hides, and marked where it
dims. Reading it in one place is what keeps the three from disagreeing: a key the footer offers
is one the palette lists and F1 names, under the same key after a remap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.actions import parse
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from .. import compat

PALETTE_ACTIONS = frozenset({"command_palette", "app.command_palette"})

_KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "slash": "/",
    "insert": "Ins",
    "delete": "Del",
    "space": "Space",
    "tab": "Tab",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "question_mark": "?",
}


def key_name(key: str) -> str:
    """How a key is written in the footer, the palette and F1: "^n", "F9", "Esc", "j"."""
    key = key.split(",")[0].strip()
    *modifiers, last = key.split("+")
    last = _KEY_NAMES.get(last, last.upper() if _is_function_key(last) else last)
    words = [{"ctrl": "^"}.get(m, m.capitalize() + "+") for m in modifiers]
    return "".join(words) + last


def _is_function_key(key: str) -> bool:
    return key.startswith("f") and key[1:].isdigit()


def binding_key_name(binding: Binding) -> str:
    """The key as shown for one binding: its own display unless a keymap moved it."""
    return binding.key_display or key_name(binding.key)


@dataclass(frozen=True, slots=True)
class OfferedAction:
    """One thing the practitioner can do on a screen now, with every key that does it."""

    binding: Binding
    node: DOMNode
    keys: tuple[str, ...]
    enabled: bool
    # Its key is taken by the focused widget (Enter in a table opens the row there), so the
    # footer leaves it out; the palette still lists it.
    shadowed: bool = False

    @property
    def key_label(self) -> str:
        return " / ".join(self.keys)

    @property
    def help(self) -> str:
        """The words for it in the palette and F1: the tooltip, which names it in full."""
        return self.binding.tooltip or self.binding.description


def actions_on_offer(screen: Screen) -> list[OfferedAction]:
    """Everything ``screen`` offers now, one entry per action, in a fixed order.

    The order is the screen's keys as it declares them, then the App's, then the focused
    widgets' (rather than Textual's focus-first order), so a footer made from it stays still
    while the practitioner moves from field to field. An action ``check_action`` turns off
    (False) is not here; one it dims (None) is here with ``enabled`` False.
    """
    declared = [b.action for b in _declared(screen)]
    found: dict[tuple[int, str], OfferedAction] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.action in PALETTE_ACTIONS:
            continue
        where = _where(active.node, binding.action)
        earlier = found.get(where)
        if earlier is None:
            found[where] = OfferedAction(
                binding, active.node, (binding_key_name(binding),), active.enabled
            )
        elif binding_key_name(binding) not in earlier.keys:
            keys = (*earlier.keys, binding_key_name(binding))
            found[where] = OfferedAction(earlier.binding, earlier.node, keys, earlier.enabled)

    # The screen's own keys that a focused widget takes for itself still name an action here.
    for binding in remapped(_own(screen), screen):
        where = _where(screen, binding.action)
        if where in found or binding.action in PALETTE_ACTIONS:
            continue
        state = _state(screen, binding.action)
        if state is not False:
            found[where] = OfferedAction(
                binding, screen, (binding_key_name(binding),), bool(state), shadowed=True
            )

    def place(entry: tuple[int, OfferedAction]) -> tuple[int, int]:
        position, offered = entry
        action = offered.binding.action
        return (declared.index(action) if action in declared else len(declared), position)

    return [offered for _, offered in sorted(enumerate(found.values()), key=place)]


def _where(node: DOMNode, action: str) -> tuple[int, str]:
    """One action, wherever it is declared: "app.quit" on a screen is the App's "quit"."""
    if action.startswith("app."):
        return (id(node.app), action.removeprefix("app."))
    return (id(node), action)


def _own(node: DOMNode) -> list[Binding]:
    return [b for b in type(node).BINDINGS if isinstance(b, Binding)]


def _state(node: DOMNode, action: str) -> bool | None:
    """What ``check_action`` says of an action declared on ``node`` ("app.quit" asks the App)."""
    namespace, name, parameters = parse(action)
    target = node.app if namespace == "app" else node
    return target.check_action(name, parameters)


def _declared(screen: Screen) -> Iterable[Binding]:
    for owner in (type(screen), type(screen.app)):
        yield from (b for b in owner.BINDINGS if isinstance(b, Binding))


def remapped(bindings: Iterable[Binding], screen_or_app: DOMNode) -> list[Binding]:
    """``bindings`` with the keys the practitioner's keymap gives them, in the same order.

    For the key lines that list a screen's keys once rather than following the focus.
    """
    keymap = compat.keymap_of(screen_or_app.app)
    result: list[Binding] = []
    for binding in bindings:
        keys = keymap.get(binding.id) if binding.id else None
        result.append(binding.with_key(keys, key_display=None) if keys else binding)
    return result
