"""Start consult-tui with a bug planted in it, to watch a crash in a real terminal.

The bug: once the case reference holds a "!", re-weighing the consultation raises an error whose
message quotes the case reference, with the case reference in a local variable too — the worst
kind of crash for privacy. Used only by tests/e2e/test_crash_in_terminal.py; the app itself has
no switch that crashes it.

Usage: python tests/e2e/crash_driver.py [consult-tui arguments]
"""

from __future__ import annotations

import sys

from consult_tui.cli import main
from consult_tui.ui.screens.consultation import ConsultationScreen

_weigh_again = ConsultationScreen._record_changed


def _record_changed_with_a_bug(self: ConsultationScreen) -> None:
    case_reference = self.record.case_reference
    if "!" in case_reference:
        raise ValueError(f"could not weigh the consultation for {case_reference}")
    _weigh_again(self)


ConsultationScreen._record_changed = _record_changed_with_a_bug  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
