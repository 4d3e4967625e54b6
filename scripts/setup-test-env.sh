#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine: a virtualenv with kg and its test extras
# (Playwright for Python among them), and Debian's Chromium at /usr/bin/chromium, which Playwright
# drives as it is (no `playwright install`: no browser download).
#
# On a developer's machine a Chromium that cannot be installed is a warning (the browser tests are
# then skipped). In CI (CI=true) it is an error: the script exits 1, as the browser tests would fail.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM=/usr/bin/chromium

in_ci() { case "${CI:-}" in "" | 0 | false | False | FALSE | no) return 1 ;; *) return 0 ;; esac; }

no_browser() {  # the reason, then fail in CI or warn elsewhere
  if in_ci; then
    echo "setup: ERROR: $1; the browser tests must run in CI (CI=${CI})" >&2
    exit 1
  fi
  echo "setup: warning: $1; the browser tests will be skipped" >&2
}

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet '.[test]'

if [ ! -x "$CHROMIUM" ] && command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
  ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null) || true
fi
if [ ! -x "$CHROMIUM" ]; then
  no_browser "could not install chromium ($CHROMIUM is missing; apt-get install chromium)"
elif ! .venv/bin/python - "$CHROMIUM" <<'EOF'
import sys
from playwright.sync_api import sync_playwright

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=sys.argv[1], args=["--headless", "--no-sandbox", "--disable-gpu"])
    page = browser.new_page()
    page.set_content("<p id=ok>ok</p>")
    assert page.text_content("#ok") == "ok"
    browser.close()
EOF
then
  no_browser "Playwright cannot drive $CHROMIUM"
else
  echo "setup: Playwright drives $CHROMIUM" >&2
fi
