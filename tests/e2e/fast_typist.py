"""A fast typist in a real terminal: whole consultations typed in bursts, then compared by export.

Each seed makes one consultation's worth of typing (case reference, practitioner, two people, a
fact, purpose with a paste, what is shared, a lock and unlock in the middle) and cuts it into
bursts of 5-40 characters sent with `tmux send-keys -l`, 0-30 ms apart, never waiting for the
screen. One terminal session types several seeds' consultations one after another (ctrl+n
starts the next), starting 0.1 s after launch with the passphrase (twice on first use). After
ctrl+q the records are exported with `consult-tui export --all` and every typed field is
compared with what was meant.

Used by tests/e2e/test_fast_typist.py (a few sessions) and benchmarks/fast_typist.py (200+).
"""

from __future__ import annotations

import json
import os
import random
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.tmux_session import TmuxSession, isolated_env

PASSPHRASE = "lantern orchard quietly river"

# What the terminal sends for these keys (xterm): a typist's keyboard, byte for byte.
ENTER = "\r"
TAB = "\t"
CTRL_N = "\x0e"
CTRL_L = "\x0c"
CTRL_Q = "\x11"
INSERT = "\x1b[2~"

_WORDS = tuple(
    " ".join(
        [
            "mother father child school nurse visit bruise arm said seen home health visitor GP",
            "Zoë Siobhán Łukasz Nguyễn O'Neill Smith-Jones 7 12 2026 concern refer social care",
            "baby teacher police report sister brother grandmother week Monday, morning. quiet",
        ]
    ).split(" ")
)


@dataclass(frozen=True)
class Keys:
    """Keys a terminal sends in one write: never split across bursts (an escape sequence)."""

    text: str


@dataclass(frozen=True)
class Paste:
    """A bracketed paste (tmux paste-buffer -p)."""

    text: str


Segment = str | Keys | Paste


@dataclass
class Plan:
    """One seed's consultation: what is typed, and the record fields it must produce."""

    seed: int
    segments: list[Segment]
    expected: dict[str, str]


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(low, high)))


def consultation_plan(seed: int) -> Plan:
    """Keys for one consultation, typed from the moment ctrl+n is pressed, and what they mean.

    Navigation follows the consultation screen's focus order: case reference, the anonymised
    tick, your name, role, organisation, the people list (Insert: a row; Name, Who, Relation,
    Age, May be told, Why (not) told, Alleged, Would pass it on), the facts list (text, kind,
    source), purpose, what is shared.
    """
    rng = random.Random(seed)
    reference = f"FT-{seed}-{rng.randint(100, 999)}"
    expected: dict[str, str] = {"case_reference": reference}
    segments: list[Segment] = [Keys(CTRL_N), reference]
    name, role, organisation = (_phrase(rng, 1, 3), _phrase(rng, 1, 3), _phrase(rng, 1, 4))
    expected |= {
        "practitioner.name": name,
        "practitioner.role": role,
        "practitioner.organisation": organisation,
    }
    # Tab over the tick box (typing there would tick it), Enter between one-line fields.
    segments += [Keys(TAB), Keys(TAB), name, Keys(ENTER), role, Keys(ENTER), organisation]
    segments += [Keys(TAB)]  # the people list's heading
    for person in range(2):
        person_name = _phrase(rng, 1, 2)
        relation_words = [_phrase(rng, 1, 2), _phrase(rng, 1, 2)]
        expected[f"people[{person}].name"] = person_name
        # Insert, then the name typed straight after it; Tab, Tab past "Who" to Relation.
        segments += [Keys(INSERT), person_name, Keys(TAB), Keys(TAB)]
        if person == 0:
            # A two-line paste into a one-line field: the line break becomes a space.
            segments += [Paste("\n".join(relation_words))]
        else:
            segments += [relation_words[0], " ", relation_words[1]]
        expected[f"people[{person}].relation"] = " ".join(relation_words)
    # Relation → Age → May be told → Why (not) told → Alleged → Would pass it on → the facts
    # list's heading.
    segments += [Keys(TAB)] * 6
    fact_lines = [_phrase(rng, 2, 6), _phrase(rng, 2, 6)]
    source = _phrase(rng, 1, 4)
    segments += [Keys(INSERT), fact_lines[0], Keys(ENTER), fact_lines[1]]
    segments += [Keys(TAB), Keys(TAB), source]  # past "Fact or opinion" to Source
    expected["facts[0].text"] = "\n".join(fact_lines)
    expected["facts[0].source"] = source
    # Source → Purpose: typed, a multi-line paste, typed again, then locked and unlocked with
    # the typing carrying straight on.
    before, pasted, after, unlocked = (
        _phrase(rng, 1, 5),
        f"{_phrase(rng, 2, 6)}\n{_phrase(rng, 2, 6)}\n\n{_phrase(rng, 1, 4)}",
        _phrase(rng, 1, 4),
        _phrase(rng, 1, 5),
    )
    segments += [Keys(TAB), before, " ", Paste(pasted), " ", after]
    segments += [Keys(CTRL_L), PASSPHRASE, Keys(ENTER), " ", unlocked]
    expected["purpose"] = f"{before} {pasted} {after} {unlocked}"
    shared = _phrase(rng, 3, 10)
    segments += [Keys(TAB), shared]
    expected["information_to_share"] = shared
    return Plan(seed, segments, expected)


@dataclass
class Burst:
    """What one tmux command sends: literal keys, or a bracketed paste."""

    text: str
    paste: bool = False


def bursts(segments: Sequence[Segment], rng: random.Random) -> list[Burst]:
    """Cut the keys into bursts of 5-40 characters (escape sequences kept whole)."""
    out: list[Burst] = []
    current = ""
    target = rng.randint(5, 40)
    for segment in segments:
        if isinstance(segment, Paste):
            if current:
                out.append(Burst(current))
                current, target = "", rng.randint(5, 40)
            out.append(Burst(segment.text, paste=True))
            continue
        if isinstance(segment, Keys):
            current += segment.text
        else:
            for character in segment:
                current += character
                if len(current) >= target:
                    out.append(Burst(current))
                    current, target = "", rng.randint(5, 40)
        if len(current) >= target:
            out.append(Burst(current))
            current, target = "", rng.randint(5, 40)
    if current:
        out.append(Burst(current))
    return out


@dataclass
class SessionResult:
    seeds: list[int]
    differences: list[str] = field(default_factory=list)
    bursts: int = 0
    screen: str = ""

    def report(self) -> str:
        lines = [f"seeds {self.seeds}: {len(self.differences)} difference(s)"]
        lines += self.differences
        if self.differences:
            lines += ["last screen:", self.screen]
        return "\n".join(lines)


def _field(record: dict[str, object], path: str) -> object:
    value: object = record
    for part in path.replace("]", "").replace("[", ".").split("."):
        if isinstance(value, list):
            value = value[int(part)] if int(part) < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def compare(plans: Sequence[Plan], records: Sequence[dict[str, object]]) -> list[str]:
    """Every field each plan meant, against the exported records: one line per difference."""
    by_reference = {record.get("case_reference"): record for record in records}
    differences: list[str] = []
    for plan in plans:
        record = by_reference.get(plan.expected["case_reference"])
        if record is None:
            found = sorted(str(r) for r in by_reference)
            differences.append(
                f"seed {plan.seed}: no record with case reference "
                f"{plan.expected['case_reference']!r} (found {found})"
            )
            continue
        for path, meant in plan.expected.items():
            got = _field(record, path)
            if got != meant:
                differences.append(f"seed {plan.seed}: {path}: meant {meant!r}, got {got!r}")
    return differences


def app_command() -> list[str]:
    return [sys.executable, "-m", "consult_tui.cli"]


def export_records(env: dict[str, str]) -> list[dict[str, object]]:
    result = subprocess.run(
        [*app_command(), "export", "--all", "--format", "json"],
        env={**os.environ, **env, "CONSULT_TUI_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return list(json.loads(result.stdout)["records"])


def type_session(
    home: Path,
    seeds: Sequence[int],
    *,
    start: Callable[[dict[str, str]], TmuxSession] | None = None,
    first_use: bool,
    gap_seconds: tuple[float, float] = (0.0, 0.030),
    exit_timeout: float = 120.0,
) -> SessionResult:
    """Launch the app, type the seeds' consultations as bursts, quit, export and compare."""
    env = isolated_env(home)
    rng = random.Random(f"bursts {list(seeds)}")
    plans = [consultation_plan(seed) for seed in seeds]
    opening: list[Segment] = [PASSPHRASE, Keys(ENTER)]
    if first_use:
        opening += [PASSPHRASE, Keys(ENTER)]
    segments = [*opening, *(s for plan in plans for s in plan.segments), Keys(CTRL_Q)]
    to_send = bursts(segments, rng)
    session = start(env) if start is not None else TmuxSession(app_command(), env)
    result = SessionResult(list(seeds), bursts=len(to_send))
    try:
        time.sleep(0.1)
        pid = session.pid()
        app_is_up = False
        for burst in to_send:
            if burst.paste:
                if not app_is_up:
                    # A terminal brackets a paste only once the program in it has asked for
                    # that; pasted before the program has even started (over ssh, the login
                    # takes longer than the typing), its line breaks are Enter by the terminal's
                    # own rules. So a paste waits until the app has painted once.
                    session.wait_for("consult-tui", timeout=30)
                    app_is_up = True
                session.paste(burst.text)
            else:
                session.type(burst.text)
            time.sleep(rng.uniform(*gap_seconds))
        if not session.wait_until_exited(pid, timeout=exit_timeout):
            result.screen = session.screen()
            result.differences.append(f"the app did not quit within {exit_timeout:.0f}s")
            return result
        result.screen = session.screen()
    finally:
        session.close()
    result.differences += compare(plans, export_records(env))
    return result


def seeds_command(seeds: Sequence[int]) -> str:
    """How to run these seeds again by hand."""
    return "uv run python benchmarks/fast_typist.py --seeds " + shlex.join(map(str, seeds))
