"""Quiet when nothing is wrong: chat, success logs, Dockerfiles, compose files, errors already solved."""

from __future__ import annotations

import pytest

from bot.core.explainer.explain import Status, explain
from tests.core.explainer_support import shipped_catalog

CHAT = [
    "Salut tout le monde, quelqu'un a fini l'exercice 10.7 ?",
    "Bonjour ! Je débute avec Docker, vous conseillez quel cours ?",
    "merci pour l'aide d'hier, c'était top",
    "Je push mon image ce soir après le boulot",
    "C'est quoi la différence entre une image et un conteneur ?",
    "docker.io c'est le registry par défaut non ?",
    "Quelqu'un sait si GHCR est gratuit pour les repos publics ?",
    "J'ai enfin compris le tag latest, ça ne veut pas dire la dernière version",
    "On se fait une session de révision jeudi ?",
    "Je préfère Podman mais bon, le cours est sur Docker",
    "lol mon chat a marché sur le clavier",
    "Bravo pour ton quiz, 10/10 !",
    "Est-ce que docker tag copie l'image ou crée juste un alias ?",
    "Tu peux m'expliquer le semver ? 1.2.3 c'est majeur.mineur.patch ?",
    "Ça marche chez moi avec docker compose up -d",
    "Le registry privé avec registry:2 c'est cool pour tester en local",
    "Pourquoi on met le SHA du commit dans le tag ?",
    "J'ai un rendez-vous, je reviens dans une heure",
    "Quelle commande pour voir mes images ? docker images ?",
    "Je n'ai pas encore eu d'erreur, je croise les doigts",
    "Hello everyone, who finished the lesson on registries?",
    "Thanks a lot, that was really helpful!",
    "How do I choose between Docker Hub and GHCR?",
    "I'll push my image tonight and share the link",
    "What's the difference between docker pull and docker run?",
    "Is there a free tier for private repositories on Docker Hub?",
    "Good morning! Coffee first, containers later.",
    "Can someone review my Dockerfile later today?",
    "The quiz about tags was tricky but fun",
    "Does docker login store my password somewhere?",
    "I love multi-stage builds, my image went from 1GB to 80MB",
    "Anyone going to the meetup next week?",
    "ok",
    "👍",
    "+1",
    "haha",
    "What does the 'library/' prefix mean in image names?",
    "I think semantic versioning is the way to go for our team",
    "BTW the exercise page link is broken in the lesson",
    "Should I use latest in production? Probably not, right?",
    "Where are my credentials stored after docker login?",
    "My image is 300 MB, is that a lot?",
    "My connection timed out during the video call, sorry",
    "Le plombier est venu pour un broken pipe, je suis en retard",
    "The quiz website said too many requests, I'll try later",
    "Is there no such host as a free lunch? 😄",
    "Our wifi connection refused to work all morning",
    "Le serveur du lycée est down, c'est la galère",
    "I got access denied at the library door, forgot my badge",
    "Qui a un exemple de .dockerignore ?",
    "",
    "   \n\n  ",
]

SUCCESS_PUSH = """$ docker push johndoe/api:1.0
The push refers to repository [docker.io/johndoe/api]
5f70bf18a086: Layer already exists
a3ed95caeb02: Pushed
1.0: digest: sha256:1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e size: 1570"""

SUCCESS_LOGIN = """$ echo $TOKEN | docker login -u johndoe --password-stdin
WARNING! Your password will be stored unencrypted in /home/johndoe/.docker/config.json.
Configure a credential helper to remove this warning. See
https://docs.docker.com/engine/reference/commandline/login/#credentials-store

Login Succeeded"""

SUCCESS_PULL = """$ docker pull nginx:1.25
1.25: Pulling from library/nginx
a2abf6c4d29d: Already exists
a9edb18cadd1: Pull complete
Digest: sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
Status: Downloaded newer image for nginx:1.25
docker.io/library/nginx:1.25"""

DOCKERFILE = """FROM node:20-alpine AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
RUN <<EOF
echo "building"
EOF

FROM nginx:1.25-alpine
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 80
HEALTHCHECK CMD wget -q -O- http://localhost/ || exit 1"""

COMPOSE = """services:
  web:
    image: johndoe/web:1.2.0
    ports:
      - "8080:80"
    restart: on-failure
    depends_on:
      - db
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    volumes:
      - db-data:/var/lib/postgresql/data
volumes:
  db-data:"""

SOLVED = [
    "I fixed the denied error, thanks!",
    "J'ai réglé l'erreur denied: requested access to the resource is denied, c'était le namespace, merci !",
    "Résolu : j'avais oublié docker login, plus d'erreur « unauthorized: authentication required » 🎉",
    "ok c'est bon, le toomanyrequests venait de la CI, ça marche maintenant",
    "Solved it: 'no basic auth credentials' was an expired ECR token",
]


@pytest.mark.parametrize("message", CHAT)
def test_chat_is_quiet(message: str) -> None:
    result = explain(message, shipped_catalog())
    assert result.status is Status.QUIET, (message, result.findings)
    assert result.primary is None


def test_the_chat_corpus_is_large_enough() -> None:
    assert len([m for m in CHAT if m.strip()]) >= 40


PARTIAL_PUSH = "a3ed95caeb02: Pushed\n5f70bf18a086: Layer already exists\nc1d2e3f4a5b6: Layer already exists"


@pytest.mark.parametrize(
    "paste", [SUCCESS_PUSH, SUCCESS_LOGIN, SUCCESS_PULL, PARTIAL_PUSH, DOCKERFILE, COMPOSE]
)
def test_success_logs_and_files_are_quiet(paste: str) -> None:
    assert explain(paste, shipped_catalog()).status is Status.QUIET


@pytest.mark.parametrize("message", SOLVED)
def test_an_error_already_solved_is_quiet(message: str) -> None:
    assert explain(message, shipped_catalog()).status is Status.QUIET


@pytest.mark.parametrize(
    "message",
    [
        "I fixed the denied error but now I get: unauthorized: authentication required",
        "J'ai corrigé le nom mais maintenant j'ai toomanyrequests: You have reached your pull rate limit",
        "not fixed yet: denied: requested access to the resource is denied",
    ],
)
def test_a_new_or_unsolved_error_is_not_taken_for_solved(message: str) -> None:
    assert explain(message, shipped_catalog()).status is Status.DIAGNOSED


@pytest.mark.parametrize(
    "question",
    [
        "c'est grave, Layer already exists ?",
        "Layer already exists partout, normal ?",
        "why does docker say Layer already exists?",
    ],
)
def test_a_question_about_an_info_line_gets_the_info_entry(question: str) -> None:
    result = explain(question, shipped_catalog())
    assert result.status is Status.INFO
    assert result.primary is not None and result.primary.entry.id == "layer_exists"
    assert str(result.severity) == "info"


def test_info_lines_around_an_error_are_not_the_root_cause() -> None:
    paste = SUCCESS_PUSH.rsplit("\n", 1)[0] + "\ndenied: requested access to the resource is denied"
    result = explain(paste, shipped_catalog())
    assert result.primary is not None and result.primary.entry.id == "denied_access"
    assert [f.entry.id for f in result.findings] == ["denied_access"]


@pytest.mark.parametrize(
    "paste",
    [
        "$ docker push johndoe/app:1\nError response from daemon: something odd happened to the frobnicator",
        'ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2\n'
        "(docker buildx build)",
    ],
)
def test_unknown_errors_are_reported_honestly(paste: str) -> None:
    result = explain(paste, shipped_catalog())
    assert result.status is Status.UNRECOGNISED
    assert result.primary is None and result.unrecognised_line


def test_chat_mentioning_errors_in_general_is_not_unrecognised() -> None:
    message = "I get an error every time I push, any idea? I'm using docker desktop"
    assert explain(message, shipped_catalog()).status is Status.QUIET
