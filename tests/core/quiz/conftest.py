"""Quiz fixtures: a small hand-built lesson, the shipped lesson 10, and the shipped scenario facts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.lesson_parser import parse_lesson
from bot.core.lessons import DockerCommand, Lesson, LessonMeta, Section, Table
from bot.core.quiz.registry import GeneratorContext
from bot.core.quiz.scenarios import RegistryFacts, build_registry_facts
from bot.core.references import parse_reference

ROOT = Path(__file__).resolve().parents[3]

ERRORS_TEXT = """Quelques erreurs.

### Erreurs courantes au push

- `denied: requested access to the resource is denied` : tu n'es pas connecté ou le namespace n'est pas
  le tien.
- `unauthorized: authentication required` : le registry exige un `docker login`.
- `invalid reference format: repository name (library/myApp) must be lowercase` : les noms sont en minuscules.
- `Layer already exists` : ce n'est pas une erreur.

### Après
Texte.
"""


def _command(line: int, section: str, *argv: str) -> DockerCommand:
    refs = tuple(parse_reference(a) for a in argv[2:] if not a.startswith("-") and "$" not in a and a != ".")
    return DockerCommand(argv=("docker", *argv), line=line, section=section, references=refs)


def build_mini_lesson() -> Lesson:
    sections = (
        Section("3.1", "Nommage des images", "3-1-nommage", 5, "Le format `registry/namespace/repo:tag`."),
        Section("3.2", "Tags et versions", "3-2-tags", 20, "SemVer, latest, SHA, dates."),
        Section("3.3", "Pousser une image", "3-3-pousser", 40, ERRORS_TEXT),
        Section("3.4", "Registries privés", "3-4-prives", 60, "Comparaison."),
    )
    table = Table(
        header=("Registry", "Avantage", "Inconvénient"),
        rows=(
            ("Docker Hub", "Simple", "Limites de pull"),
            ("Self-hosted", "Contrôle total", "Maintenance"),
            ("AWS ECR", "Intégration AWS", "Payant"),
            ("GitHub GHCR", "Gratuit", "Nécessite GitHub"),
        ),
        line=62,
        section="3.4",
    )
    commands = (
        _command(42, "3.3", "tag", "myapp:v1.0.0", "localhost:5000/myapp:v1.0.0"),
        _command(43, "3.3", "push", "localhost:5000/myapp:v1.0.0"),
        _command(44, "3.3", "pull", "nginx:1.25-alpine"),
    )
    meta = LessonMeta(
        id="03-mini",
        title="Mini leçon",
        description="Pour les tests",
        order=3,
        duration="5 min",
        icon="🧪",
        xp_reward=50,
        objectives=("Comprendre le nommage", "Maîtriser le tagging et le push", "Choisir un registry privé"),
    )
    return Lesson(
        meta=meta,
        path="03-mini.md",
        body="",
        body_line=1,
        sections=sections,
        tables=(table,),
        commands=commands,
    )


def load_shipped_facts() -> RegistryFacts:
    data = yaml.safe_load((ROOT / "content" / "scenarios" / "registries.yaml").read_text(encoding="utf-8"))
    return build_registry_facts(data)


def load_shipped_lesson() -> Lesson:
    path = ROOT / "content" / "10-registries.md"
    parsed = parse_lesson(path.read_bytes(), str(path))
    assert parsed.lesson is not None, [str(p) for p in parsed.problems]
    return parsed.lesson


@pytest.fixture(scope="session")
def mini_lesson() -> Lesson:
    return build_mini_lesson()


@pytest.fixture(scope="session")
def shipped_lesson() -> Lesson:
    return load_shipped_lesson()


@pytest.fixture(scope="session")
def context() -> GeneratorContext:
    return GeneratorContext(registry_facts=load_shipped_facts())


@pytest.fixture(scope="session")
def catalog_context() -> GeneratorContext:
    """The shipped scenario facts and the shipped error catalog."""
    from bot.core.quiz.gen_push_error import error_facts_from_catalog
    from bot.storage.error_catalog import load_error_catalog

    catalog, _ = load_error_catalog(ROOT / "content" / "errors")
    return GeneratorContext(
        registry_facts=load_shipped_facts(), error_facts=error_facts_from_catalog(catalog)
    )
