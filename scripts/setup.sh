#!/usr/bin/env bash
# Sets up everything outreach needs on a Debian or Ubuntu machine, then stops:
#   - system packages: Pango and the HarfBuzz subsetter for WeasyPrint (without
#     libharfbuzz-subset0 PDFs are several times slower to make and not reproducible),
#     fonts for every script the sample kit publishes (Latin, Cyrillic, Han, Hangul, Arabic),
#     fontconfig (outreach doctor looks fonts up with it), GNU gettext (msgfmt checks catalogs);
#   - with --test: Chromium (HTML is tested in a real browser) and poppler-utils;
#   - a virtual environment in .venv with outreach installed in it (editable).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=false
[ "${1:-}" = "--test" ] && with_tests=true

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-core
          fonts-noto-cjk fonts-dejavu-core gettext)
$with_tests && packages+=(chromium poppler-utils)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
      || missing+=("$package")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "setup: please install these packages as root, then run this again: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
extra=""
$with_tests && extra="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
