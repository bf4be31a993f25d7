#!/usr/bin/env bash
# Prepare everything the trainer needs on a Debian or Ubuntu machine, then stop.
# Sourced by run-app.sh and run-tests.sh; safe to run again (it only does what is missing).
#   $1: "app" for the app alone, "test" to add the test tools.
set -euo pipefail

want="${1:-app}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.venv"

# Debian libraries Qt 6 loads at run time (offscreen and on an X11/Wayland desktop).
qt_libs=(
  libgl1 libegl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 libxkbcommon0
  libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1
  fonts-dejavu-core
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${qt_libs[@]}"; do
    # Ubuntu 24.04 renamed some libraries with a t64 suffix; either name will do.
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" && continue
    dpkg-query -W -f='${Status}' "${pkg}t64" 2>/dev/null | grep -q "ok installed" && continue
    missing+=("$pkg")
  done
  if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=(python3-venv)
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system libraries: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Please install as root: apt-get install ${missing[*]}" >&2; exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"The trainer needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
PY

if [ ! -x "$venv/bin/python" ]; then
  echo "Creating the virtual environment in .venv"
  python3 -m venv "$venv"
fi

extras=""
[ "$want" = "test" ] && extras="[dev]"
stamp="$venv/.installed-$want-$(sha256sum "$repo/pyproject.toml" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing the trainer and its Python packages into .venv"
  # Build-backend deprecation notices are not for newcomers; errors still show.
  export PYTHONWARNINGS=ignore
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -e "$repo$extras"
  touch "$stamp"
fi
