"""The plain-language scanner: abbreviations, jargon and long sentences in text about to be shared.

The Common Core tips warn that others may read professional terms and abbreviations differently
and that inference can open a gap between what was said and what was understood. The scanner marks
the places in the text to be shared where that is likely, with a suggestion for each, so that the
practitioner can choose plainer words before the text leaves the building. It suggests; it never
rewrites on its own.

Spans never overlap. A long sentence usually contains other marks (an abbreviation, a jargon
phrase), so its span covers the longest stretch of the sentence that holds no other mark — the
whole sentence when there is none. Its ``suggestion`` gives the sentence's word count.

An abbreviation is not marked where the text already explains it: ``CAMHS (Child and Adolescent
Mental Health Services)`` or ``Child in Need (CIN)``. Once explained, later uses of the same
abbreviation in the text are not marked either, as in ordinary good writing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .guidance import GuidancePack, default_pack


class SpanKind(StrEnum):
    ACRONYM = "acronym"  # a glossary abbreviation: the expansion is offered
    UNKNOWN_CAPITALS = "unknown_capitals"  # capitals the pack doesn't know: may be misread
    JARGON = "jargon"  # a professional phrase: plainer wording is offered
    LONG_SENTENCE = "long_sentence"  # over the pack's word limit: consider splitting


@dataclass(frozen=True, slots=True)
class Span:
    """One marked place in the text. ``text`` is always ``original[start:end]``."""

    start: int
    end: int
    kind: SpanKind
    text: str
    suggestion: str  # expansion / plainer wording / advice
    term: str = ""  # the glossary term or jargon phrase the span matched, as the pack spells it

    @property
    def can_apply(self) -> bool:
        """Whether ``apply_expansion`` can act on this span (abbreviations and jargon only)."""
        return self.kind in (SpanKind.ACRONYM, SpanKind.JARGON)


# Letters, digits and & make up an abbreviation token (A&E); lookarounds stand in for \b so that
# tokens touching & or digits are treated as one word.
_NOT_TOKEN_BEFORE = r"(?<![\w&])"
_NOT_TOKEN_AFTER = r"(?![\w&])"
_CAPITALS = re.compile(_NOT_TOKEN_BEFORE + r"[A-Z][A-Z0-9&]*[A-Z0-9](?:s)?" + _NOT_TOKEN_AFTER)
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
# "TERM (Several Words ...)" or "Several words (TERM)": the writer may have explained the term.
_TOKEN_THEN_BRACKET = re.compile(_NOT_TOKEN_BEFORE + r"([A-Za-z0-9&]+)[ \t]*\(([^()\n]{3,160})\)")
_BRACKETED_TOKEN = re.compile(r"\(([A-Za-z0-9&]+)\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n\s*")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

_UNKNOWN_ADVICE = (
    "Others may read {token} differently: write it out in full, or explain it, the first time "
    "you use it."
)
_LONG_ADVICE = (
    "This sentence has {words} words; over {limit} is hard to read. Consider splitting it so "
    "that it cannot be misread."
)


class _CompiledPack:
    """The pack's glossary and jargon as regexes, built once per pack (the scanner runs often)."""

    def __init__(self, pack: GuidancePack) -> None:
        self.pack = pack
        self.by_key: dict[str, str] = {}  # folded term -> term as the pack spells it
        spellings: set[str] = set()
        for term in pack.glossary:
            self.by_key[term.casefold()] = term
            spellings.add(term)
            if not term.isupper():  # s47 and DfE are also written S47 and DFE
                spellings.update({term.upper(), term.lower(), term[:1].upper() + term[1:]})
        # Plain literals only, with no inline flags and no lookbehind, so that the regex engine
        # can skip ahead by first letter (several times faster on long text); scan() checks the
        # character before each match instead.
        alternatives = [re.escape(t) for t in sorted(spellings, key=lambda t: (-len(t), t))]
        self.glossary = (
            re.compile("(" + "|".join(alternatives) + ")s?" + _NOT_TOKEN_AFTER)
            if alternatives
            else None
        )
        self.jargon_by_key: dict[str, str] = {}
        phrases: list[str] = []
        for phrase in sorted(pack.jargon, key=len, reverse=True):
            self.jargon_by_key[" ".join(phrase.casefold().split())] = phrase
            phrases.append(r"\s+".join(re.escape(w) for w in phrase.lower().split()))
        pattern = r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)"
        # Matching lower-cased text is several times faster than IGNORECASE; the IGNORECASE form
        # is kept for text whose lower-case form changes length (offsets would not line up).
        self.jargon_lower = re.compile(pattern) if phrases else None
        self.jargon_any_case = re.compile(pattern, re.IGNORECASE) if phrases else None
        self.plain_capitals = frozenset(w.upper() for w in pack.plain_capitals)


_COMPILED: dict[int, _CompiledPack] = {}


def _compiled(pack: GuidancePack) -> _CompiledPack:
    found = _COMPILED.get(id(pack))
    if found is not None and found.pack is pack:
        return found
    if len(_COMPILED) >= 8:  # packs are few; never let a long run grow this without bound
        _COMPILED.clear()
    found = _CompiledPack(pack)
    _COMPILED[id(pack)] = found
    return found


def scan(text: str, pack: GuidancePack | None = None) -> list[Span]:
    """Mark abbreviations, unknown capitals, jargon and long sentences: sorted, no overlaps."""
    if not text or not text.strip():
        return []
    compiled = _compiled(pack or default_pack())
    explained = _explained_terms(text)

    candidates: list[tuple[int, int, int, Span]] = []  # (start, -length, priority, span)

    def offer(span: Span, priority: int) -> None:
        candidates.append((span.start, span.start - span.end, priority, span))

    if compiled.jargon_lower is not None and compiled.jargon_any_case is not None:
        lowered = text.lower()
        if len(lowered) == len(text):
            jargon_matches = compiled.jargon_lower.finditer(lowered)
        else:
            jargon_matches = compiled.jargon_any_case.finditer(text)
        for match in jargon_matches:
            found = text[match.start() : match.end()]
            phrase = compiled.jargon_by_key.get(" ".join(found.casefold().split()), found)
            offer(
                Span(
                    match.start(),
                    match.end(),
                    SpanKind.JARGON,
                    found,
                    compiled.pack.jargon.get(phrase, ""),
                    phrase,
                ),
                0,
            )
    known_starts: set[int] = set()
    if compiled.glossary is not None:
        for match in compiled.glossary.finditer(text):
            if match.start() and _is_token_char(text[match.start() - 1]):
                continue  # the tail of a longer word, e.g. "CIN" in "XCIN"
            term = compiled.by_key[match.group(1).casefold()]
            known_starts.add(match.start())
            if term.casefold() in explained:
                continue
            offer(
                Span(
                    match.start(),
                    match.end(),
                    SpanKind.ACRONYM,
                    match.group(0),
                    compiled.pack.glossary[term].meaning,
                    term,
                ),
                1,
            )
    for match in _CAPITALS.finditer(text):
        token = match.group(0)
        if match.start() in known_starts:
            continue
        bare = token[:-1] if token.endswith("s") else token
        if (
            sum(1 for c in bare if c.isupper()) < 2
            or _ROMAN.fullmatch(bare)
            or bare in compiled.plain_capitals
            or bare.casefold() in explained
        ):
            continue
        offer(
            Span(
                match.start(),
                match.end(),
                SpanKind.UNKNOWN_CAPITALS,
                token,
                _UNKNOWN_ADVICE.format(token=bare),
            ),
            2,
        )

    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    spans: list[Span] = []
    reached = 0
    for _, _, _, span in candidates:
        if span.start >= reached:
            spans.append(span)
            reached = span.end

    limit = compiled.pack.long_sentence_words
    long_spans = [
        span
        for start, end in _sentences(text)
        if (span := _long_sentence_span(text, start, end, limit, spans)) is not None
    ]
    if long_spans:
        spans = sorted([*spans, *long_spans], key=lambda s: s.start)
    return spans


def apply_expansion(text: str, span: Span) -> str:
    """Accept a hint: write an abbreviation out after it, or put the plainer wording in place.

    ``"CAMHS"`` becomes ``"CAMHS (Child and Adolescent Mental Health Services)"``. A jargon phrase
    is replaced by the pack's plainer wording, keeping a capital letter at the start of a sentence.
    """
    if not (0 <= span.start <= span.end <= len(text)) or text[span.start : span.end] != span.text:
        raise ValueError(
            "The text has changed since this hint was made; scan the text again and retry."
        )
    if span.kind is SpanKind.ACRONYM:
        return f"{text[: span.end]} ({span.suggestion}){text[span.end :]}"
    if span.kind is SpanKind.JARGON:
        plainer = span.suggestion
        if span.text[:1].isupper() and plainer:
            plainer = plainer[0].upper() + plainer[1:]
        return f"{text[: span.start]}{plainer}{text[span.end :]}"
    raise ValueError(
        "This hint cannot be applied automatically: reword the text yourself "
        "(for an abbreviation, write it out in full)."
    )


# ---------------------------------------------------------------------------------------------


def _is_token_char(char: str) -> bool:
    return char.isalnum() or char in "_&"


def _explained_terms(text: str) -> set[str]:
    """Abbreviations the text itself explains, folded: they are not marked anywhere in it."""
    explained: set[str] = set()
    if "(" not in text:
        return explained
    for match in _TOKEN_THEN_BRACKET.finditer(text):
        _note_if_explained(explained, match.group(1), match.group(2))
    for match in _BRACKETED_TOKEN.finditer(text):
        token = match.group(1)
        before = _WORD.findall(text[max(0, match.start() - 200) : match.start()])
        window = " ".join(before[-(len(token) + 3) :])
        _note_if_explained(explained, token, window)
    return explained


def _note_if_explained(explained: set[str], token: str, words: str) -> None:
    if _explains(token, words):
        explained.add(token.casefold())
    elif len(token) > 2 and token.endswith("s") and _explains(token[:-1], words):
        explained.add(token[:-1].casefold())  # a plural: "CPPs (child protection plans)"


def _explains(token: str, inside: str) -> bool:
    """Whether the bracketed words could be this abbreviation written out.

    The token's letters must appear, in order, among the words' initials ("Child and Adolescent
    Mental Health Services" explains CAMHS; "Dr Patel" does not explain GP). Digits in a token such
    as s47 must appear in the bracket.
    """
    words = _WORD.findall(inside)
    if len(words) < 2:
        return False
    digits = "".join(c for c in token if c.isdigit())
    if digits and digits not in inside:
        return False
    initials = "".join(w[0] for w in words).casefold()
    position = 0
    for letter in (c for c in token.casefold() if c.isalpha()):
        position = initials.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split after . ! ? and at line breaks."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def _long_sentence_span(
    text: str, start: int, end: int, limit: int, marks: list[Span]
) -> Span | None:
    if text.count(" ", start, end) + text.count("\t", start, end) < limit:
        return None  # fewer gaps than the limit means no more words than it: skip the count
    sentence = text[start:end]
    words = len(_WORD.findall(sentence))
    if words <= limit:
        return None
    # The gaps between marks inside the sentence; the longest one carries the long-sentence mark.
    inner = [s for s in marks if s.start < end and s.end > start]
    gaps: list[tuple[int, int]] = []
    cursor = start
    for mark in inner:
        if mark.start > cursor:
            gaps.append((cursor, mark.start))
        cursor = max(cursor, mark.end)
    if cursor < end:
        gaps.append((cursor, end))
    best: tuple[int, int] | None = None
    for gap_start, gap_end in gaps:
        piece = text[gap_start:gap_end]
        stripped_start = gap_start + (len(piece) - len(piece.lstrip()))
        stripped_end = gap_end - (len(piece) - len(piece.rstrip()))
        if stripped_end <= stripped_start or not _WORD.search(text[stripped_start:stripped_end]):
            continue
        if best is None or stripped_end - stripped_start > best[1] - best[0]:
            best = (stripped_start, stripped_end)
    if best is None:
        return None
    return Span(
        best[0],
        best[1],
        SpanKind.LONG_SENTENCE,
        text[best[0] : best[1]],
        _LONG_ADVICE.format(words=words, limit=limit),
    )
