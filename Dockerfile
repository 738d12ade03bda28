# syntax=docker/dockerfile:1
# check=skip=InvalidDefaultArgInFrom
#
# Image for the source-tiktok-shop Airbyte connector.
# Follows the layout of Airbyte's shared Python connector template
# (docker-images/Dockerfile.python-connector): a builder stage installs the
# package into /usr/local, and the final stage copies /usr/local over a clean
# base image and runs as the non-root `airbyte` user.
#
# Build:  docker build --platform linux/amd64 -t <registry>/<you>/source-tiktok-shop:1.0.0 .
# Run:    docker run --rm <registry>/<you>/source-tiktok-shop:1.0.0 spec
# (not the airbyte/ namespace: it is Airbyte's own; the label below names the
# connector as Airbyte's registry knows it, metadata.yaml's dockerRepository)

# Keep in sync with metadata.yaml -> data.connectorBuildOptions.baseImage.
ARG BASE_IMAGE=docker.io/airbyte/python-connector-base:4.0.2@sha256:9fdb1888c4264cf6fee473649ecb593f56f58e5d0096a87ee0b231777e2e3e73

FROM ${BASE_IMAGE} AS builder

WORKDIR /airbyte/integration_code

# Only what the wheel needs: no sandbox package, no tests, no secrets.
COPY pyproject.toml poetry.lock README.md ./
COPY source_tiktok_shop ./source_tiktok_shop

RUN pip install --no-cache-dir .

FROM ${BASE_IMAGE}

WORKDIR /airbyte/integration_code

COPY --from=builder /usr/local /usr/local

LABEL io.airbyte.name=airbyte/source-tiktok-shop
LABEL io.airbyte.version=1.0.0

ENV AIRBYTE_ENTRYPOINT="source-tiktok-shop"
ENTRYPOINT ["source-tiktok-shop"]

# Non-root user provided by python-connector-base (uid 1000).
USER airbyte
