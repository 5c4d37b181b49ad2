"""JSON text that is safe to print to a terminal: no raw control characters at all.

`json.dumps` always escapes C0 controls (ESC included) but, with ensure_ascii=False, leaves DEL and
the C1 controls (U+0080–U+009F, among them CSI U+009B) raw, and xterm obeys those when the JSON is
printed. Names stay readable (Zoë, Łukasz) because only those code points are escaped.
"""

from __future__ import annotations

import json
import re
from typing import Any

_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def dumps(value: Any) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _RAW_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
