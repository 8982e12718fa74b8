#!/usr/bin/env bash
# Sets a fresh Debian/Ubuntu machine up for soce: the system packages the GPU tests and the report
# screenshot need, a one-node Slurm cluster, then the npm workspace (which also builds the CLI
# through `prepare`), then the Python tools the lm-eval tests run (.venv, from the local package mirror).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# libvulkan1 + chromium-common: SwiftShader, a Vulkan implementation on the CPU, so WebGPU
# (Dawn under Node, navigator.gpu under Deno) runs on machines without a GPU.
# mesa-vulkan-drivers: lavapipe, Deno's default software adapter. chromium: renders report.html.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libvulkan1 chromium-common chromium mesa-vulkan-drivers ca-certificates >/dev/null
# A one-node Slurm cluster (slurm-wlm, munge) for the Slurm tests; quick when it is already up.
$SUDO bash tools/slurm/start-cluster.sh

npm ci --no-audit --no-fund

# The Python tools our users benchmark with (lm-evaluation-harness, transformers, torch on the CPU),
# in .venv, for the tests that run them for real.
bash tools/python/setup-venv.sh
