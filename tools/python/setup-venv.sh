#!/usr/bin/env bash
# Builds <repo>/.venv with the real Python tools soce is tested against: torch (CPU), transformers,
# safetensors, tokenizers, datasets and lm-evaluation-harness 0.4.13. Packages come from the local
# package mirror only (SOCE_PIP_INDEX / SOCE_PIP_EXTRA_INDEX / SOCE_PIP_FIND_LINKS override it); the
# public index is never asked. Idempotent: a venv already built from these requirements is kept and
# the script returns in about a second.
#
# lm-eval is installed without its dependencies plus those the mirror serves. Missing are evaluate
# (only for metrics fetched from the Hugging Face hub), rouge-score and word2number (a few tasks),
# sqlitedict (--use_cache) and pytablewriter (the CLI's closing table: see
# examples/lm-eval/lm_eval_no_table.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/.venv"
requirements="$root/tools/python/requirements.txt"
lm_eval_version=0.4.13
stamp="$venv/.soce-requirements"
want="$(cat "$requirements") lm-eval==$lm_eval_version"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
  && "$venv/bin/python" -c 'import importlib.metadata as m; [m.version(p) for p in ("lm-eval", "torch", "transformers", "datasets")]' 2>/dev/null; then
  echo "python tools: $venv is up to date"
  exit 0
fi

python=${PYTHON:-python3}
"$python" -c 'import sys; assert sys.version_info >= (3, 10), "lm-eval needs Python 3.10 or later"'
rm -rf "$venv"
"$python" -m venv "$venv"

pip_args=(
  --disable-pip-version-check --no-input --quiet --progress-bar off
  --index-url "${SOCE_PIP_INDEX:-file:///opt/pypi/simple}"
  --extra-index-url "${SOCE_PIP_EXTRA_INDEX:-file:///opt/pypi-more/simple}"
  --find-links "${SOCE_PIP_FIND_LINKS:-/opt/wheels}"
)
# The mirror's index lists packages it lacks; pip warns once per such page. The warnings say
# nothing a reader of the set-up log can act on.
pip() { "$venv/bin/python" -m pip "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }; return "${PIPESTATUS[0]}"; }

echo "python tools: building $venv from the local package mirror"
pip install "${pip_args[@]}" -r "$requirements"
pip install "${pip_args[@]}" --no-deps "lm-eval==$lm_eval_version"
"$venv/bin/python" -c 'import lm_eval, torch, transformers, datasets, safetensors, tokenizers; print("python tools: torch", torch.__version__, "transformers", transformers.__version__, "datasets", datasets.__version__)'
printf '%s' "$want" > "$stamp"
