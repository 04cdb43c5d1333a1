#!/usr/bin/env bash
# Sets up everything outreach needs on a Debian or Ubuntu machine, then stops:
#   - system packages: Pango and the HarfBuzz subsetter for WeasyPrint (without
#     libharfbuzz-subset0 PDFs are several times slower to make and not reproducible),
#     fonts for every script theme/fonts.toml chooses a face for: fonts-noto-core (42 MB)
#     holds Latin, Cyrillic, Greek, Arabic (with Urdu Nastaliq), Hebrew, Armenian, Georgian,
#     Devanagari, Gurmukhi, Bengali, Ethiopic, Myanmar, Khmer, Lao and Thai; fonts-noto-cjk
#     (89 MB) Chinese, Japanese and Korean; fonts-dejavu-core (3 MB) a last resort,
#     fontconfig (outreach doctor looks fonts up with it), GNU gettext (msgfmt checks catalogs);
#   - with --test: Chromium (HTML is tested in a real browser) and poppler-utils;
#   - a virtual environment in .venv holding exactly the Python packages pinned in uv.lock
#     (versions and hashes), with outreach installed in it (editable).
#
#   bash scripts/setup.sh            # to build kits
#   bash scripts/setup.sh --test     # to build kits and run the test suite
#   bash scripts/setup.sh --newest   # .venv-newest: the newest versions pyproject.toml allows,
#                                    # with the test tools, to see drift before users do
#
# Safe to run again: it installs only what is missing, and removes from .venv whatever the lock
# does not list.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=false
newest=false
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=true ;;
    --newest) with_tests=true; newest=true ;;
    *) echo "setup: unknown option $arg (use --test or --newest)" >&2; exit 2 ;;
  esac
done

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
if [ ! -x .venv/bin/uv ]; then
  # uv is itself pinned in uv.lock (the `dev` group); pip installs that exact file, checked
  # against the lock's hashes, and from then on uv keeps .venv in step with the lock.
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  requirement=$(.venv/bin/python - <<'PY'
import tomllib
lock = tomllib.load(open("uv.lock", "rb"))
(uv,) = [p for p in lock["package"] if p["name"] == "uv"]
hashes = [w["hash"] for w in uv.get("wheels", [])] + ([uv["sdist"]["hash"]] if "sdist" in uv else [])
print(f"uv=={uv['version']} " + " ".join(f"--hash={h}" for h in hashes))
PY
)
  echo "$requirement" > .venv/uv-requirement.txt
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
    --require-hashes --only-binary :all: -r .venv/uv-requirement.txt
fi

groups=()
$with_tests && groups+=(--group test)
# --frozen: install exactly what uv.lock says, never re-resolve.
.venv/bin/uv sync --quiet --frozen --python .venv/bin/python "${groups[@]}"

if $newest; then
  # Not from the lock: what a person installing the wheel today would get.
  .venv/bin/uv venv --quiet --allow-existing --python .venv/bin/python .venv-newest
  .venv/bin/uv pip install --quiet --python .venv-newest/bin/python --resolution highest \
    --reinstall-package outreach -e . --group test
fi
