#!/usr/bin/env bash
# The benchmark's own venv with the tools it compares against (not project dependencies).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install -q -r "$here/requirements.txt"
