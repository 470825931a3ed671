"""Rank card and mastery chart pictures: they decode, have the expected size, stay readable in Discord's
light and dark themes, are deterministic, and match small golden images within a tolerance.

Golden images live in ``tests/core/golden/`` and were rendered with DejaVu Sans (Debian's
``fonts-dejavu-core``). After an intended layout change, regenerate them with::

    DOCKCOACH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/core/test_pictures.py

then look at the new PNGs before committing them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageStat

from bot.core.coaching.mastery import MasteryLevel, ObjectiveMastery, ObjectiveRef
from bot.core.pictures import (
    BORDER,
    CARD,
    CHART_MAX_ROWS,
    CHART_WIDTH,
    RANK_CARD_SIZE,
    TEXT_COLOURS,
    Fonts,
    MasteryBar,
    MasteryChart,
    RankCard,
    chart_from_masteries,
    chart_height,
    contrast_ratio,
    default_fonts,
    drawable,
    mastery_chart_text,
    rank_card_text,
    render_mastery_chart,
    render_rank_card,
)

GOLDEN = Path(__file__).parent / "golden"
DISCORD_LIGHT, DISCORD_DARK = (255, 255, 255), (49, 51, 56)
CARD_SAMPLE = RankCard("Élodie Martin", 12, 5234, 734, 1420, 3, 42, 5)
CHART_SAMPLE = MasteryChart(
    "Leçon 10 — Docker Hub et Registries",
    (
        MasteryBar("Comprendre le nommage des images", 0.92, MasteryLevel.MASTERED),
        MasteryBar("Choisir une stratégie de tags", 0.61, MasteryLevel.LEARNING),
        MasteryBar("Pousser vers un registre privé", 0.3, MasteryLevel.WEAK),
        MasteryBar("Se connecter avec docker login", 0.0, MasteryLevel.NOT_STARTED),
    ),
)


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    return image


class TestRankCard:
    def test_decodes_with_expected_size_and_no_transparency(self) -> None:
        image = decode(render_rank_card(CARD_SAMPLE))
        assert image.size == RANK_CARD_SIZE and image.mode == "RGB"

    def test_deterministic(self) -> None:
        assert render_rank_card(CARD_SAMPLE) == render_rank_card(CARD_SAMPLE)
        assert render_rank_card(CARD_SAMPLE, "en") != render_rank_card(CARD_SAMPLE, "fr")

    def test_xp_bar_fill_follows_progress(self) -> None:
        def green_pixels(into: int) -> int:
            image = decode(render_rank_card(RankCard("A", 1, 0, into, 100, 1, 1, 0))).crop(
                (220, 178, 765, 203)
            )
            raw = image.tobytes()
            return sum(1 for i in range(0, len(raw), 3) if raw[i : i + 3] == bytes((87, 242, 135)))

        assert green_pixels(0) == 0 < green_pixels(25) < green_pixels(50) < green_pixels(100)

    @settings(max_examples=25, deadline=None)
    @given(
        name=st.text(min_size=0, max_size=80),
        level=st.integers(0, 10_000),
        into=st.integers(-5, 10**7),
        rank=st.one_of(st.none(), st.integers(1, 10**6)),
    )
    def test_any_input_renders(self, name: str, level: int, into: int, rank: int | None) -> None:
        card = RankCard(name, level, into, into, 1000, rank, 10**6, level)
        assert decode(render_rank_card(card)).size == RANK_CARD_SIZE
        assert 0.0 <= card.progress <= 1.0


class TestMasteryChart:
    def test_decodes_with_expected_size(self) -> None:
        image = decode(render_mastery_chart(CHART_SAMPLE))
        assert image.size == (CHART_WIDTH, chart_height(4)) and image.mode == "RGB"

    @pytest.mark.parametrize("rows", [0, 1, CHART_MAX_ROWS, CHART_MAX_ROWS + 5])
    def test_height_grows_with_rows_up_to_a_cap(self, rows: int) -> None:
        bars = tuple(MasteryBar(f"Objectif {i}", i / 20, MasteryLevel.LEARNING) for i in range(rows))
        image = decode(render_mastery_chart(MasteryChart("", bars), "en"))
        assert image.size == (CHART_WIDTH, chart_height(rows))
        assert chart_height(CHART_MAX_ROWS + 5) == chart_height(CHART_MAX_ROWS + 1)

    def test_from_masteries(self) -> None:
        mastery = ObjectiveMastery(
            ObjectiveRef("10", "o", "Nommer"), 3, 3, 0.8, 0.9, 0.85, MasteryLevel.MASTERED
        )
        chart = chart_from_masteries("T", [mastery])
        assert chart.bars == (MasteryBar("Nommer", 0.85, MasteryLevel.MASTERED),)


class TestReadability:
    def test_text_colours_contrast_with_the_card(self) -> None:
        assert min(contrast_ratio(c, CARD) for c in TEXT_COLOURS) >= 4.5

    @pytest.mark.parametrize("background", [DISCORD_LIGHT, DISCORD_DARK])
    def test_card_edge_stands_out_in_both_themes(self, background: tuple[int, int, int]) -> None:
        assert contrast_ratio(BORDER, background) >= 3.0
        for data in (render_rank_card(CARD_SAMPLE), render_mastery_chart(CHART_SAMPLE)):
            image = decode(data)
            assert image.getpixel((0, 0)) == BORDER
            assert image.getpixel((10, image.height // 2)) == CARD


class TestFonts:
    def test_pillow_default_font_folds_accents_instead_of_drawing_boxes(self) -> None:
        assert drawable("Série — Élodie 🔥", Fonts()) == "Serie - Elodie"
        assert drawable("🔥🔥", Fonts()) == "?"
        image = decode(render_rank_card(CARD_SAMPLE, fonts=Fonts()))
        assert image.size == RANK_CARD_SIZE

    @pytest.mark.skipif(default_fonts().regular is None, reason="DejaVu Sans is not installed")
    def test_dejavu_keeps_accents(self) -> None:
        assert drawable("Série — Élodie 🔥", default_fonts()) == "Série — Élodie"


class TestTextFallback:
    def test_rank_card_text(self) -> None:
        text = rank_card_text(CARD_SAMPLE)
        assert (
            "Niveau 12" in text
            and "#3 sur 42" in text
            and "734 / 1 420 XP" in text
            and "Série : 5 jours" in text
        )
        assert "Streak: 5 days" in rank_card_text(CARD_SAMPLE, "en")
        assert "non classé" in rank_card_text(RankCard("A", 0, 0, 0, 100, None, 3, 0))

    def test_mastery_chart_text(self) -> None:
        lines = mastery_chart_text(CHART_SAMPLE).splitlines()
        assert lines[1].startswith("█████████░  92 %") and lines[1].endswith("(maîtrisé)")
        assert "(not started)" in mastery_chart_text(CHART_SAMPLE, "en")
        assert "Aucun objectif" in mastery_chart_text(MasteryChart("T", ()))


def _compare_with_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("DOCKCOACH_UPDATE_GOLDEN"):
        path.write_bytes(data)
    expected, actual = decode(path.read_bytes()).convert("RGB"), decode(data).convert("RGB")
    assert actual.size == expected.size
    diff = ImageChops.difference(actual, expected)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    red, green, blue = diff.split()
    strongest = ImageChops.lighter(red, ImageChops.lighter(green, blue))
    changed = strongest.point(lambda v: 255 if v > 48 else 0).histogram()[255] / (
        actual.width * actual.height
    )
    assert mean <= 1.0 and changed <= 0.005, f"{name}: mean diff {mean:.2f}, {changed:.2%} pixels changed"


@pytest.mark.skipif(
    Path(default_fonts().regular or "").stem != "DejaVuSans", reason="golden images use DejaVu Sans"
)
class TestGolden:
    def test_rank_card(self) -> None:
        _compare_with_golden("rank_card.png", render_rank_card(CARD_SAMPLE))

    def test_mastery_chart(self) -> None:
        _compare_with_golden("mastery_chart.png", render_mastery_chart(CHART_SAMPLE))

    def test_a_layout_change_is_caught(self) -> None:
        moved = RankCard("Élodie Martin", 12, 5234, 1400, 1420, 3, 42, 5)
        with pytest.raises(AssertionError, match="pixels changed"):
            _compare_with_golden("rank_card.png", render_rank_card(moved))
