"""Everything we ship loads without a single problem, and lesson 10 teaches what the course export teaches."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.core.banks import AcceptMode, BankQuestionType
from bot.settings import DEFAULT_CONTENT_DIR, DEFAULT_QUIZZES_DIR
from bot.storage.catalog import CatalogSnapshot, load_catalog

# The course export lives in shared/, beside the repository (in CI too).
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_e266ad50935fb685.txt"


@pytest.fixture(scope="module")
def shipped() -> CatalogSnapshot:
    return load_catalog(DEFAULT_CONTENT_DIR, DEFAULT_QUIZZES_DIR)


def test_everything_shipped_loads_without_problems(shipped: CatalogSnapshot) -> None:
    report = "\n".join(str(p) for p in shipped.problems)
    assert shipped.problems == (), f"problems in shipped content:\n{report}"
    assert shipped.lessons, "no lesson shipped"


def test_lesson_10_structure(shipped: CatalogSnapshot) -> None:
    lesson = shipped.lesson("10-registries")
    assert lesson is not None
    meta = lesson.meta
    assert (meta.title, meta.icon, meta.order, meta.xp_reward) == ("Docker Hub et Registries", "📦", 10, 200)
    assert len(meta.objectives) == 3
    assert [s.number for s in lesson.sections] == [f"10.{n}" for n in range(1, 8)]
    (table,) = lesson.tables
    assert table.section == "10.6" and len(table.rows) == 5
    assert [row[0].split(" ")[0] for row in table.rows] == [
        "Docker",
        "Auto-hébergé",
        "AWS",
        "GitHub",
        "Google",
    ]


def test_lesson_10_commands_cover_the_course(shipped: CatalogSnapshot) -> None:
    lesson = shipped.lesson("10-registries")
    assert lesson is not None
    subcommands = Counter(c.subcommand for c in lesson.commands)
    for sub in ("tag", "push", "pull", "login", "logout", "build", "run", "search"):
        assert subcommands[sub], sub
    canonical = {r.canonical for r in lesson.references}
    for expected in (
        "localhost:5000/myapp:v1.0.0",
        "gcr.io/my-project/myapp:v1.0.0",
        "myregistry.azurecr.io/myapp:v1.0.0",
        "ghcr.io/username/myapp:v1.0.0",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp:v1.0.0",
        "docker.io/library/registry:2",
        "docker.io/library/httpd:2",
    ):
        assert expected in canonical, expected
    login_hosts = {c.argv[-1] for c in lesson.commands if c.subcommand == "login"}
    assert {
        "localhost:5000",
        "registry.example.com",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    } <= login_hosts
    assert any("ghcr.io" in c.argv for c in lesson.commands if c.subcommand == "login")
    body = lesson.body
    facts = ["gcloud auth configure-docker", "az acr login", "/var/lib/registry", "REGISTRY_AUTH=htpasswd"]
    facts += ["~/.docker/config.json", "credsStore", "library/", "org.opencontainers.image.source"]
    for fact in facts:
        assert fact in body, fact


def test_lesson_10_push_errors_subsection(shipped: CatalogSnapshot) -> None:
    lesson = shipped.lesson("10-registries")
    assert lesson is not None
    section = lesson.section("10.5")
    assert section is not None
    part = section.text.split("### Erreurs courantes au push", 1)[1].split("\n## ", 1)[0]
    errors = re.findall(r"^- `([^`]+)`", part, flags=re.MULTILINE)
    assert "denied: requested access to the resource is denied" in errors
    assert "invalid reference format: repository name (library/myApp) must be lowercase" in errors
    assert len(errors) >= 5


def test_lesson_10_bank(shipped: CatalogSnapshot) -> None:
    questions = shipped.questions_for("10-registries")
    assert len(questions) >= 25
    assert set(Counter(q.type for q in questions)) == set(BankQuestionType)
    assert {q.objective for q in questions} == {0, 1, 2}
    assert {q.accept.mode for q in questions if q.accept} == set(AcceptMode)
    assert {q.difficulty for q in questions} == {1, 2, 3}
    ids = " ".join(q.id for q in questions)
    for topic in ("token", "credentials", "volume", "htpasswd", "tag", "ecr", "gcr", "acr", "ghcr"):
        assert topic in ids, topic
    assert all(q.prompt.en and q.explanation.en for q in questions), "every shipped question has English too"


@pytest.mark.skipif(not SEED.exists(), reason="the course export is not available")
def test_course_export_loads_alone(tmp_path: Path) -> None:
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    snapshot = load_catalog(tmp_path)
    assert snapshot.errors == ()
    assert [p.severity.value for p in snapshot.problems] == ["warning"]
    (lesson,) = snapshot.lessons
    assert lesson.meta.title == "Docker Hub et Registries" and lesson.meta.icon == "📦"
    assert len(lesson.tables[0].rows) == 5
