"""Pictures where people would rather look than read: the rank card and the mastery chart (Pillow).

Pure functions: values in, PNG bytes out, the same bytes for the same values (no timestamps, no randomness).
Both pictures are an opaque dark card with a coloured border, so they read the same in Discord's light and
dark themes; every text colour has a contrast ratio of at least 4.5:1 on the card (WCAG AA).
Fonts: no font file is bundled. DejaVu Sans (free licence; Debian/Ubuntu ``fonts-dejavu-core``) is used
when installed, or any TrueType file given as :class:`Fonts`; otherwise Pillow's own default font
(``ImageFont.load_default(size=...)``, Aileron, CC0), which has no accented letters, so text is then folded to
plain letters ("Série" → "Serie") rather than drawn as boxes. Rendering is CPU work: front ends call these
in a thread (``asyncio.to_thread``).
Each picture has a text fallback for when images cannot be sent or are turned off.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.core.coaching.mastery import MasteryLevel, ObjectiveMastery
from bot.core.text import Lang

RANK_CARD_SIZE = (800, 240)
CHART_WIDTH = 800
CHART_ROW_HEIGHT = 44
CHART_MAX_ROWS = 12

CARD = (30, 34, 51)  # #1E2233
TRACK = (58, 63, 85)
BORDER = (114, 137, 218)  # contrast >= 3:1 with both white and Discord dark (#313338)
TEXT = (242, 243, 245)
MUTED = (185, 190, 205)
ACCENT = (142, 161, 255)
XP_FILL = (87, 242, 135)
LEVEL_COLOURS: dict[MasteryLevel, tuple[int, int, int]] = {
    MasteryLevel.MASTERED: (87, 242, 135),
    MasteryLevel.LEARNING: (254, 231, 92),
    MasteryLevel.WEAK: (255, 115, 115),
    MasteryLevel.NOT_STARTED: (142, 148, 168),
}
TEXT_COLOURS = (TEXT, MUTED, ACCENT, *LEVEL_COLOURS.values())

_WORDS = {
    "level": ("Niveau", "Level"),
    "rank": ("Rang", "Rank"),
    "streak": ("Série", "Streak"),
    "days": ("jours", "days"),
    "day": ("jour", "day"),
    "unranked": ("non classé", "unranked"),
    "of": ("sur", "of"),
    "next": ("avant le niveau", "to level"),
    "title": ("Maîtrise par objectif", "Mastery per objective"),
    "more": ("autres objectifs", "more objectives"),
    "empty": ("Aucun objectif pour l'instant.", "No objective yet."),
    MasteryLevel.MASTERED: ("maîtrisé", "mastered"),
    MasteryLevel.LEARNING: ("en cours", "learning"),
    MasteryLevel.WEAK: ("fragile", "weak"),
    MasteryLevel.NOT_STARTED: ("pas commencé", "not started"),
}


def _t(key: object, lang: str | Lang) -> str:
    fr, en = _WORDS[key]  # type: ignore[index]
    return en if str(lang) == Lang.EN else fr


@dataclass(frozen=True, slots=True)
class RankCard:
    name: str
    level: int
    xp: int
    xp_into_level: int
    xp_for_next_level: int
    rank: int | None  # None: no XP yet
    members: int  # learners ranked in the community
    streak: int

    @property
    def progress(self) -> float:
        if self.xp_for_next_level <= 0:
            return 0.0
        return min(1.0, max(0.0, self.xp_into_level / self.xp_for_next_level))


@dataclass(frozen=True, slots=True)
class MasteryBar:
    label: str
    score: float  # 0..1
    level: MasteryLevel


@dataclass(frozen=True, slots=True)
class MasteryChart:
    title: str  # "Leçon 10 — Docker Hub et Registries"
    bars: tuple[MasteryBar, ...]


def chart_from_masteries(title: str, masteries: Iterable[ObjectiveMastery]) -> MasteryChart:
    return MasteryChart(title, tuple(MasteryBar(m.ref.title, m.score, m.level) for m in masteries))


DEJAVU_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)


@dataclass(frozen=True, slots=True)
class Fonts:
    """TrueType files for regular and bold text; ``None`` means Pillow's default font."""

    regular: str | None = None
    bold: str | None = None

    @property
    def name(self) -> str:
        return Path(self.regular).stem if self.regular else "pillow-default"

    def get(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return _load(self.bold if bold and self.bold else self.regular, size)


@lru_cache(maxsize=1)
def default_fonts() -> Fonts:
    """DejaVu Sans when installed, else Pillow's default font."""
    for folder in DEJAVU_DIRS:
        regular = Path(folder) / "DejaVuSans.ttf"
        if regular.is_file():
            bold = regular.with_name("DejaVuSans-Bold.ttf")
            return Fonts(str(regular), str(bold) if bold.is_file() else None)
    return Fonts()


@lru_cache(maxsize=64)
def _load(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size=size)


@lru_cache(maxsize=8192)
def _has_glyph(char: str, path: str | None) -> bool:
    """False for characters the font draws as its 'missing glyph' box."""
    if char.isspace():
        return True
    return _glyph_pixels(char, path) != _glyph_pixels("\U0010fffd", path)


@lru_cache(maxsize=8192)
def _glyph_pixels(char: str, path: str | None) -> bytes:
    image = Image.new("L", (48, 48))
    ImageDraw.Draw(image).text((12, 12), char, font=_load(path, 24), fill=255)
    return image.tobytes()


_FOLDS = {"—": "-", "–": "-", "’": "'", "œ": "oe", "Œ": "OE", "æ": "ae", "«": '"', "»": '"', "…": "..."}


def drawable(text: str, fonts: Fonts) -> str:
    """``text`` with what the font cannot draw folded to plain letters ("é" → "e") or dropped
    (emoji, scripts it lacks); spaces collapsed; "?" if nothing is left."""
    kept: list[str] = []
    for char in text:
        if not char.isprintable():
            continue
        if _has_glyph(char, fonts.regular):
            kept.append(char)
            continue
        folded = _FOLDS.get(char) or unicodedata.normalize("NFKD", char)
        kept.extend(c for c in folded if not unicodedata.combining(c) and _has_glyph(c, fonts.regular))
    return " ".join("".join(kept).split()) or "?"


def _number(n: int, lang: str | Lang) -> str:
    return f"{n:,}".replace(",", " " if str(lang) != Lang.EN else ",")


def _streak(days: int, lang: str | Lang) -> str:
    unit = _t("day" if days == 1 else "days", lang)
    colon = ":" if str(lang) == Lang.EN else " :"
    return f"{_t('streak', lang)}{colon} {days} {unit}"


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


Colour = tuple[int, int, int]


class _Pen:
    """Draws on an opaque card with a border; text goes through :func:`drawable` and is fitted to a width."""

    def __init__(self, width: int, height: int, fonts: Fonts) -> None:
        self.image = Image.new("RGB", (width, height), BORDER)
        self.draw = ImageDraw.Draw(self.image)
        self.draw.rectangle((4, 4, width - 5, height - 5), fill=CARD)
        self.fonts = fonts

    def text(
        self,
        xy: tuple[int, int],
        text: str,
        size: int,
        fill: Colour,
        *,
        bold: bool = False,
        anchor: str = "la",
        width: int | None = None,
    ) -> int:
        """Draw ``text``; returns its width in pixels."""
        font = self.fonts.get(size, bold)
        text = drawable(text, self.fonts)
        if width is not None and font.getlength(text) > width:
            while text and font.getlength(text + "…") > width:
                text = text[:-1]
            text = text.rstrip() + drawable("…", self.fonts)
        self.draw.text(xy, text, font=font, fill=fill, anchor=anchor)
        return int(font.getlength(text))

    def bar(self, box: tuple[int, int, int, int], share: float, colour: Colour) -> None:
        """A rounded track filled from the left to ``share`` (0..1)."""
        radius = (box[3] - box[1]) // 2
        self.draw.rounded_rectangle(box, radius=radius, fill=TRACK)
        end = box[0] + round((box[2] - box[0]) * min(1.0, max(0.0, share)))
        if end - box[0] >= 2 * radius:
            self.draw.rounded_rectangle((box[0], box[1], end, box[3]), radius=radius, fill=colour)
        elif end > box[0]:
            self.draw.ellipse((box[0], box[1], box[0] + 2 * radius, box[3]), fill=colour)

    def png(self) -> bytes:
        return _png(self.image)


def _initials(name: str) -> str:
    letters = [w[0] for w in name.split() if w and w[0].isalnum()]
    return ("".join(letters[:2]) or name[:1] or "?").upper()


def _avatar(pen: _Pen, name: str, box: tuple[int, int, int, int]) -> None:
    colours = (BORDER, (71, 82, 196), (35, 110, 62), (140, 52, 110))
    pen.draw.ellipse(box, fill=colours[sum(ord(c) for c in name) % len(colours)], outline=TEXT, width=3)
    centre = ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2)
    pen.text(centre, _initials(name), 56, TEXT, bold=True, anchor="mm")


def render_rank_card(card: RankCard, lang: str | Lang = Lang.FR, fonts: Fonts | None = None) -> bytes:
    """A 800×240 PNG: initials, name, level, rank, streak and the XP bar to the next level."""
    pen = _Pen(*RANK_CARD_SIZE, fonts or default_fonts())
    name = drawable(card.name, pen.fonts)
    _avatar(pen, name, (36, 45, 186, 195))
    pen.text((220, 36), name, 38, TEXT, bold=True, width=330)
    pen.text((220, 92), f"{_t('level', lang)} {card.level}", 30, ACCENT)
    pen.text((764, 32), f"#{card.rank}" if card.rank is not None else "—", 46, TEXT, bold=True, anchor="ra")
    members = f"{_t('of', lang)} {_number(card.members, lang)}" if card.rank else _t("unranked", lang)
    pen.text((764, 90), members, 20, MUTED, anchor="ra")
    pen.text((764, 118), _streak(card.streak, lang), 20, ACCENT, anchor="ra")
    xp = f"{_number(card.xp_into_level, lang)} / {_number(card.xp_for_next_level, lang)} XP"
    remaining = max(0, card.xp_for_next_level - card.xp_into_level)
    pen.text((220, 146), xp, 20, TEXT)
    pen.text(
        (764, 146),
        f"{_number(remaining, lang)} XP {_t('next', lang)} {card.level + 1}",
        20,
        MUTED,
        anchor="ra",
    )
    pen.bar((220, 178, 764, 202), card.progress, XP_FILL)
    return pen.png()


def chart_height(rows: int) -> int:
    shown = min(rows, CHART_MAX_ROWS) + (1 if rows > CHART_MAX_ROWS or rows == 0 else 0)
    return 76 + CHART_ROW_HEIGHT * shown + 44


def render_mastery_chart(
    chart: MasteryChart, lang: str | Lang = Lang.FR, fonts: Fonts | None = None
) -> bytes:
    """An 800-pixel-wide PNG: one horizontal bar per objective (score and level), then a legend."""
    bars = chart.bars[:CHART_MAX_ROWS]
    pen = _Pen(CHART_WIDTH, chart_height(len(chart.bars)), fonts or default_fonts())
    pen.text((28, 22), chart.title or _t("title", lang), 28, TEXT, bold=True, width=744)
    y = 76
    for bar in bars:
        pen.text((28, y + 8), bar.label, 20, TEXT, width=340)
        colour = LEVEL_COLOURS[bar.level]
        pen.bar((384, y + 8, 690, y + 32), bar.score, colour)
        pen.text((772, y + 8), f"{_percent(bar.score)} %", 20, colour, anchor="ra")
        y += CHART_ROW_HEIGHT
    hidden = len(chart.bars) - len(bars)
    if hidden > 0 or not chart.bars:
        pen.text((28, y + 8), f"+ {hidden} {_t('more', lang)}" if hidden else _t("empty", lang), 20, MUTED)
        y += CHART_ROW_HEIGHT
    x = 28
    for level in (MasteryLevel.MASTERED, MasteryLevel.LEARNING, MasteryLevel.WEAK, MasteryLevel.NOT_STARTED):
        pen.draw.rectangle((x, y + 13, x + 14, y + 27), fill=LEVEL_COLOURS[level])
        x += 22 + pen.text((x + 22, y + 8), _t(level, lang), 18, MUTED) + 28
    return pen.png()


def _bar_text(score: float, width: int = 10) -> str:
    filled = round(min(1.0, max(0.0, score)) * width)
    return "█" * filled + "░" * (width - filled)


def rank_card_text(card: RankCard, lang: str | Lang = Lang.FR) -> str:
    """The rank card as text (no image)."""
    rank = (
        f"#{card.rank} {_t('of', lang)} {_number(card.members, lang)}" if card.rank else _t("unranked", lang)
    )
    return "\n".join(
        [
            f"**{card.name}** — {_t('level', lang)} {card.level} · {_t('rank', lang)} {rank}",
            f"{_bar_text(card.progress)} {_number(card.xp_into_level, lang)} / "
            f"{_number(card.xp_for_next_level, lang)} XP",
            _streak(card.streak, lang),
        ]
    )


def mastery_chart_text(chart: MasteryChart, lang: str | Lang = Lang.FR) -> str:
    """The mastery chart as text: one line per objective."""
    lines = [f"**{chart.title or _t('title', lang)}**"]
    lines += [
        f"{_bar_text(b.score)} {_percent(b.score):>3} % {b.label} ({_t(b.level, lang)})" for b in chart.bars
    ]
    if not chart.bars:
        lines.append(_t("empty", lang))
    return "\n".join(lines)


def _percent(score: float) -> int:
    return round(min(1.0, max(0.0, score)) * 100)


def contrast_ratio(a: Sequence[int], b: Sequence[int]) -> float:
    """WCAG 2 contrast ratio between two sRGB colours."""

    def luminance(rgb: Sequence[int]) -> float:
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
