#!/usr/bin/env bash
# Start the trainer, installing what it needs first. Arguments go to `trainer`
# (for example --content DIR or --data-dir DIR).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$repo/scripts/setup-env.sh" app
exec "$repo/.venv/bin/trainer" "$@"
