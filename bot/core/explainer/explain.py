"""``explain(text, catalog)``: what went wrong in a paste, the root cause first, and what to type next."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.core.explainer import advice_more  # noqa: F401  (registers the remaining advisors)
from bot.core.explainer.advice import AdviceStep, tailored_advice
from bot.core.explainer.catalog import ErrorCatalog, ErrorEntry, ErrorSeverity
from bot.core.explainer.context import PasteContext, extract_context
from bot.core.explainer.detect import Detection, detect
from bot.core.explainer.normalize import clean_line, normalize_text
from bot.core.explainer.patterns import ascii_lower

MAX_CHAT_LINES = 8
MAX_CHAT_CHARS = 4000
MAX_ERROR_LOOKUPS = 40


class Status(StrEnum):
    QUIET = "quiet"  # nothing to say (chat, success log, an error already solved)
    DIAGNOSED = "diagnosed"  # at least one known error or warning
    INFO = "info"  # only informational lines, and the learner asks about them
    UNRECOGNISED = "unrecognised"  # looks like an error, but none we know


@dataclass(frozen=True, slots=True)
class Finding:
    """A known error found in the paste, with the steps tailored to it."""

    entry: ErrorEntry
    line: int
    text: str
    advice: tuple[AdviceStep, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    status: Status
    findings: tuple[Finding, ...]  # in paste order
    primary: Finding | None
    context: PasteContext
    unrecognised_line: str | None = None

    @property
    def severity(self) -> ErrorSeverity | None:
        return self.primary.entry.severity if self.primary else None

    @property
    def is_quiet(self) -> bool:
        return self.status is Status.QUIET

    @property
    def secondary(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f is not self.primary)


_RESOLVED = re.compile(
    r"\b(?:fixed|solved|resolved|sorted it|figured it out|works now|working now|it works|"
    r"r[ée]solu|r[ée]gl[ée]|corrig[ée]|[çc]a marche|[çc]a fonctionne|c'est bon|trouv[ée] la solution|"
    r"plus d'erreur|no more error|no longer)\b"
)
_NEGATED = re.compile(
    r"\b(?:not|never|still|didn't|doesn't|hasn't|isn't|pas|toujours|jamais|but now|mais maintenant|"
    r"now i get|maintenant j'ai|new error|nouvelle erreur|another|autre erreur|again|encore|how)\b|\?"
)
_QUESTION = re.compile(
    r"\?|\b(?:grave|normal|pourquoi|why|mean|means|signifie|veut dire|probl[eè]me|problem|inqui[eè]t|"
    r"worr(?:y|ied)|bad|souci|bug|explain|explique)\b"
)
_SUCCESS = (
    re.compile(r"digest: sha256:[0-9a-f]{64} size: \d{1,12}"),
    re.compile(r"Login Succeeded"),
    re.compile(r"[0-9a-f]{12}: Pushed\b"),
    re.compile(r"Successfully (?:built|tagged|pushed)"),
    re.compile(r"Status: (?:Downloaded newer image|Image is up to date)"),
    re.compile(r"pushing manifest for [^\n]{1,300} done"),
    re.compile(r"naming to [^\n]{1,300} done"),
)
_ERROR_WORDS = (
    "error",
    "erreur",
    "failed",
    "fatal",
    "denied",
    "unauthorized",
    "refused",
    "cannot",
    "unable to",
)
_ERROR_LINE = re.compile(
    r"^(?:error|erreur|fatal|failed|denied|unauthorized|unknown|docker: |\[error\]|err )"
    r"|error response from daemon|failed to (?:solve|push|pull|build|copy|do request|fetch|resolve)"
    r"|exit (?:code|status):? [1-9]|exited with code [1-9]"
)
_DOCKERISH = (
    "docker",
    "registry",
    "image",
    "container",
    "daemon",
    "manifest",
    "buildx",
    "compose",
    "podman",
    "/v2/",
)


def explain(text: str, catalog: ErrorCatalog) -> Explanation:
    """Diagnose a paste (already redacted). Pure: no I/O, linear in the length of ``text``."""
    normalized = normalize_text(text)
    detections = detect(normalized, catalog)
    if not detections:
        line = _unrecognised_line(normalized)
        status = Status.UNRECOGNISED if line else Status.QUIET
        context = extract_context(normalized) if line else PasteContext()
        return Explanation(status=status, findings=(), primary=None, context=context, unrecognised_line=line)
    if _already_solved(normalized):
        return Explanation(status=Status.QUIET, findings=(), primary=None, context=PasteContext())
    serious = [d for d in detections if d.entry.severity is not ErrorSeverity.INFO]
    if serious:
        kept, status = serious, Status.DIAGNOSED
    elif _asks_about(normalized, detections) or not _looks_successful(normalized):
        kept, status = detections, Status.INFO
    else:
        return Explanation(status=Status.QUIET, findings=(), primary=None, context=PasteContext())
    primary_detection = min(kept, key=lambda d: (d.entry.severity.rank, d.offset))
    context = extract_context(normalized, anchor=primary_detection.offset)
    findings = tuple(_finding(d, context) for d in kept)
    primary = next(f for f, d in zip(findings, kept, strict=True) if d is primary_detection)
    return Explanation(status=status, findings=findings, primary=primary, context=context)


def _finding(detection: Detection, context: PasteContext) -> Finding:
    steps = tailored_advice(detection.entry.id, detection.text, context)
    return Finding(entry=detection.entry, line=detection.line, text=detection.text, advice=steps)


def _already_solved(text: str) -> bool:
    """A short chat message saying an error is solved ("I fixed the denied error, thanks")."""
    lines = [line for line in text.split("\n", MAX_CHAT_LINES + 1) if line.strip()]
    if len(lines) > MAX_CHAT_LINES or len(text) > MAX_CHAT_CHARS:
        return False
    lowered = text.lower().replace("\u2019", "'")
    return bool(_RESOLVED.search(lowered)) and not _NEGATED.search(lowered)


def _asks_about(text: str, detections: list[Detection]) -> bool:
    """The learner asks about an informational line rather than pasting a whole log."""
    lines = [line for line in text.split("\n", MAX_CHAT_LINES + 1) if line.strip()]
    if len(lines) > MAX_CHAT_LINES or len(text) > MAX_CHAT_CHARS:
        return False
    chat = "\n".join(line for line in lines if all(d.text != clean_line(line) for d in detections))
    return bool(_QUESTION.search((chat or text).lower()))


def _looks_successful(text: str) -> bool:
    return any(pattern.search(text) for pattern in _SUCCESS)


def _unrecognised_line(text: str) -> str | None:
    """The first line that looks like a Docker error (bounded number of lookups), or None."""
    lowered = ascii_lower(text)
    if not any(word in lowered for word in _DOCKERISH):
        return None
    best: tuple[int, str] | None = None
    for word in _ERROR_WORDS:
        pos, lookups = lowered.find(word), 0
        while pos >= 0 and lookups < MAX_ERROR_LOOKUPS and (best is None or pos < best[0]):
            lookups += 1
            start = lowered.rfind("\n", 0, pos) + 1
            end = lowered.find("\n", pos)
            end = len(lowered) if end < 0 else end
            line = clean_line(text[start:end])
            if _ERROR_LINE.search(ascii_lower(line)):
                best = (start, line)
                break
            pos = lowered.find(word, end)
    return best[1] if best else None
