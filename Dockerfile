# dockcoach — the Discord bot in a small image (what the course teaches: slim base, non-root user, a volume
# for the data, OCI labels, exec-form ENTRYPOINT so `docker stop` reaches the bot as SIGTERM).
#
#   docker build -t dockcoach:0.1.0 .
#   docker run -d --name dockcoach --restart unless-stopped -e DISCORD_TOKEN -v dockcoach-data:/data dockcoach:0.1.0
FROM python:3.11-slim

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="dockcoach" \
      org.opencontainers.image.description="Discord quiz and coaching bot for a French-speaking Docker course" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="docker.io/library/python:3.11-slim"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/dockcoach/bin:$PATH \
    DATA_DIR=/data

# The code, its migrations and pyproject.toml (Alembic's settings) stay together under /app: the package is
# installed in place so the bot finds its migrations and content next to it.
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY migrations ./migrations
RUN python -m venv /opt/dockcoach \
 && pip install --editable '.[postgres]' \
 && groupadd --system --gid 10001 dockcoach \
 && useradd --system --uid 10001 --gid dockcoach --home-dir /app --shell /usr/sbin/nologin dockcoach \
 && mkdir /data \
 && chown dockcoach:dockcoach /data

# Lessons and question banks change more often than the code: their own layers, after the dependencies.
COPY content ./content
COPY quizzes ./quizzes

USER dockcoach
VOLUME /data
ENTRYPOINT ["dockcoach"]
CMD ["run"]
