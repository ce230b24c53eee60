#!/usr/bin/env bash
# Install the Debian packages that libscore needs to build and test, but
# only those that are missing: nothing is done when all are installed.
set -euo pipefail

# Why each is here: README.md, section "Dependencies". In short, the last
# line: chromium renders and prints the HTML report in its test,
# poppler-utils (pdfinfo, pdftotext) reads the PDF it prints, and
# fonts-noto-cjk gives that PDF its Chinese glyphs. The database extensions
# (db/): postgresql-15 and its server headers build and test the PostgreSQL
# one, libsqlite3-dev and the sqlite3 shell the SQLite one.
SCORE_DEB_PACKAGES="gcc g++ libc6-dev make cmake pkg-config libyaml-dev libzip-dev libexpat1-dev
  libxlsxwriter-dev
  libcmocka-dev python3-openpyxl python3-xlsxwriter
  swig python3-dev python3-numpy python3-pandas python3-pytest python3-matplotlib
  python3-dask python3-distributed default-jdk-headless junit4
  fonts-wqy-microhei clang libclang-rt-dev valgrind time
  chromium poppler-utils fonts-noto-cjk
  postgresql-15 postgresql-server-dev-15 libsqlite3-dev sqlite3"

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "deps: not a Debian system; make sure these (or their equivalents) are installed:" >&2
  echo "deps:   $SCORE_DEB_PACKAGES" >&2
  exit 0
fi

missing=()
for pkg in $SCORE_DEB_PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
echo "deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
