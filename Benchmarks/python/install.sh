#!/bin/sh
# Installs XlsxWriter and pandas (requirements.txt) into a virtual environment VENV for
# nkbench's Python rows, unless it already has them. A venv, not `pip install --user`: it
# leaves the system's Python alone (Debian refuses --user installs, PEP 668) and `make clean`
# removes it with .build/. Never fails `make bench`: when it cannot install, it says so and
# nkbench skips the Python rows with a note.
# Usage: Benchmarks/python/install.sh VENV
set -u
venv=${1:?usage: install.sh VENV}
requirements=$(dirname "$0")/requirements.txt
python=${PYTHON:-python3}

if "$venv/bin/python" -c 'import xlsxwriter, pandas' 2>/dev/null; then
  exit 0
fi
skip() {
  echo "install.sh: $1: nkbench will skip the Python rows" >&2
  exit 0
}
command -v "$python" >/dev/null 2>&1 || skip "no $python"
echo "install.sh: installing XlsxWriter and pandas into $venv (for nkbench's Python rows)"
if ! "$python" -m venv "$venv" 2>/dev/null; then
  # Debian's python3 has venv without ensurepip until python3-venv is installed.
  if command -v apt-get >/dev/null 2>&1; then
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    { $sudo apt-get update -qq &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; } >/dev/null 2>&1
  fi
  rm -rf "$venv"
  "$python" -m venv "$venv" || skip "cannot create the virtual environment $venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" ||
  skip "pip could not install $requirements"
