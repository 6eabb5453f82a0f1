#!/usr/bin/env bash
# Installs from Debian what the test suite needs on this machine: Chromium for the
# Playwright browser tests (Playwright's own browser download is not reachable), fonts, so
# screenshots show readable text, and PostgreSQL's server binaries for the relay's scale-out
# tests (each test starts its own throwaway cluster). Idempotent: does nothing when
# everything is present.
set -euo pipefail

missing=()
if ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi
if ! command -v fc-list >/dev/null 2>&1; then
  missing+=(fontconfig)
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
for font_pkg in fonts-dejavu-core fonts-liberation; do
  if ! dpkg-query -W -f='${Status}' "$font_pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$font_pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system deps: chromium ($(command -v chromium)), fonts and PostgreSQL already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system deps: missing ${missing[*]}, and apt-get is not available; install them by hand" >&2
  exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "system deps: missing ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "system deps: installing ${missing[*]} from Debian"
echo "+ apt-get update"
"${sudo_cmd[@]}" apt-get update -q
echo "+ apt-get install -y --no-install-recommends ${missing[*]}"
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

if ! command -v chromium >/dev/null 2>&1; then
  echo "system deps: chromium is still missing after the install" >&2
  exit 1
fi
echo "system deps: done ($(chromium --version 2>/dev/null || echo chromium))"
