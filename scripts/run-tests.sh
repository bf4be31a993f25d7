#!/usr/bin/env bash
# Run the whole test suite, installing what it needs first. Arguments go to pytest.
# pytest's own exit status is kept: 5 (no tests collected) fails like any other.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$repo/scripts/setup-env.sh" test
cd "$repo"
export QT_QPA_PLATFORM=offscreen
exec "$repo/.venv/bin/python" -m pytest "$@"
