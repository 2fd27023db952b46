#!/usr/bin/env bash
# One entry point for a fresh machine: builds .venv on first use, then runs
#   ./dev.sh app    the web app (http://localhost:8501), sample clip one click away
#   ./dev.sh test   the test suite
set -euo pipefail
cd "$(dirname "$0")"
venv=.venv
stamp="$venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet -e ".[dev]"
    rm -f "$venv"/.installed-*
    touch "$stamp"
fi
cmd="${1:-app}"; shift || true
case "$cmd" in
    app)  exec "$venv/bin/python" -m streamlit run app.py "$@" ;;
    test) exec "$venv/bin/python" -m pytest "$@" ;;
    *)    echo "usage: ./dev.sh [app|test] [args...]" >&2; exit 2 ;;
esac
