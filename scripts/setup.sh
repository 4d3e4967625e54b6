#!/usr/bin/env bash
# Set up kg on a fresh machine: a virtualenv in .venv with kg installed from this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .
