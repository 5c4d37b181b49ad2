"""The domain layer stays pure: no Textual, no database, so it can be reasoned about and reused."""

from __future__ import annotations

import subprocess
import sys

DOMAIN_MODULES = (
    "consult_tui.domain.record",
    "consult_tui.domain.finalise",
    "consult_tui.domain.guidance",
    "consult_tui.domain.assessment",
    "consult_tui.domain.scanner",
    "consult_tui.domain.examples",
)
FORBIDDEN = ("textual", "sqlmodel", "sqlalchemy", "sqlcipher3", "keyring")


def test_the_domain_imports_neither_textual_nor_the_database() -> None:
    """Every module in consult_tui.domain, imported and used in a fresh interpreter."""
    program = "\n".join(
        [
            "import importlib, pkgutil, sys",
            *(f"import {name}" for name in DOMAIN_MODULES),
            "import consult_tui.domain as domain",
            "for module in pkgutil.iter_modules(domain.__path__, 'consult_tui.domain.'):",
            "    importlib.import_module(module.name)",
            "from consult_tui.domain.assessment import assess",
            "from consult_tui.domain.examples import all_examples",
            "from consult_tui.domain.scanner import scan",
            "for record in all_examples():",
            "    assess(record)",
            "    scan(record.information_to_share)",
            f"loaded = sorted(m for m in {FORBIDDEN!r} if m in sys.modules)",
            "print(','.join(loaded))",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"the domain loaded: {result.stdout.strip()}"
