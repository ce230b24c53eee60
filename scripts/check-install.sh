#!/usr/bin/env bash
# Install a build of libscore into a temporary prefix and use it the way a
# platform developer would: build examples/embed-c against the INSTALLED
# files only (pkg-config and find_package, shared and static), run it on
# the example district, and check that it agrees with the installed CLI.
#
#   scripts/check-install.sh [BUILD_DIR]     (default: build)
#
# The build directory must be a plain (not sanitizer) build, built already.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BUILD=${1:-build}
PY=/usr/bin/python3
RULESET=meihao-xiangcun
DATA=$ROOT/examples/data/district/meihao-xiangcun.csv

fail() {
  echo "check-install: FAIL: $*" >&2
  exit 1
}
step() { echo "check-install: $*"; }

[ -f "$BUILD/CMakeCache.txt" ] || fail "$BUILD is not a configured build directory"
# A sanitizer build's library needs its runtime loaded first, which the
# example programs (built without sanitizers) do not do.
if grep -q '^SCORE_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt"; then
  fail "$BUILD is a sanitizer build (SCORE_SANITIZE=ON): give a plain one"
fi

PREFIX=$(mktemp -d /tmp/score-prefix-XXXXXX)
WORK=$(mktemp -d /tmp/score-check-install-XXXXXX)
trap 'rm -rf "$PREFIX" "$WORK"' EXIT

step "installing $BUILD into $PREFIX"
cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log"

# --- what is installed ----------------------------------------------------
LIBDIR=$(dirname "$(find "$PREFIX" -name libscore.pc -path '*/pkgconfig/*')")
LIBDIR=${LIBDIR%/pkgconfig}
[ -d "$LIBDIR" ] || fail "no libscore.pc installed"
for f in include/score/score.h include/score/score_export.h include/score/score_version.h \
         bin/score share/man/man1/score.1; do
  [ -f "$PREFIX/$f" ] || fail "not installed: $f"
done
for f in libscore.a pkgconfig/libscore.pc cmake/libscore/libscore-config.cmake \
         cmake/libscore/libscore-config-version.cmake; do
  [ -f "$LIBDIR/$f" ] || fail "not installed: ${LIBDIR#"$PREFIX"/}/$f"
done

# One version everywhere: header, run time, pkg-config, CMake, SONAME.
header_version=$(sed -n 's/^#define SCORE_VERSION "\(.*\)"$/\1/p' "$PREFIX/include/score/score_version.h")
major=${header_version%%.*}
[ -n "$header_version" ] || fail "no SCORE_VERSION in the installed score_version.h"
cli_version=$("$PREFIX/bin/score" --version)
[ "$cli_version" = "score $header_version" ] || fail "score --version says '$cli_version', header $header_version"
pc_version=$(PKG_CONFIG_PATH="$LIBDIR/pkgconfig" pkg-config --modversion libscore)
[ "$pc_version" = "$header_version" ] || fail "libscore.pc has version $pc_version, header $header_version"
grep -q "PACKAGE_VERSION \"$header_version\"" "$LIBDIR/cmake/libscore/libscore-config-version.cmake" ||
  fail "libscore-config-version.cmake does not say $header_version"
soname=$(readelf -d "$LIBDIR/libscore.so" | sed -n 's/.*SONAME.*\[\(.*\)\].*/\1/p')
[ "$soname" = "libscore.so.$major" ] || fail "SONAME is '$soname', expected libscore.so.$major"
[ -e "$LIBDIR/$soname" ] || fail "no $soname link installed"
step "version $header_version in header, CLI, pkg-config and CMake package; SONAME $soname"

# True if program $1 loads the installed shared library.
loads_installed_lib() {
  local path
  path=$(ldd "$1" | sed -n "s/^[[:space:]]*libscore\.so\.$major => \(.*\) (0x.*/\1/p")
  [ -n "$path" ] && [ "$(realpath "$path")" = "$(realpath "$LIBDIR/libscore.so.$major")" ]
}

# The installed CLI runs against the installed library.
loads_installed_lib "$PREFIX/bin/score" || fail "the installed score does not load $LIBDIR/libscore.so.$major"
"$PREFIX/bin/score" list | grep -q "^$RULESET	" || fail "score list lacks $RULESET"

# The manual page renders, and names every command and option of the
# CLI's own help.
man_page=$PREFIX/share/man/man1/score.1
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$man_page" >"$WORK/man.txt" 2>"$WORK/man.err" || fail "man -l score.1 failed"
  [ ! -s "$WORK/man.err" ] || fail "man -l score.1 warns: $(head -3 "$WORK/man.err")"
  grep -q "EXIT STATUS" "$WORK/man.txt" || fail "score.1 renders without an EXIT STATUS section"
fi
"$PREFIX/bin/score" help >"$WORK/help.txt"
commands=$(sed -n '/^commands:/,/^$/p' "$WORK/help.txt" | sed -n 's/^  \([a-z]\+\) .*/\1/p')
options=$(sed -n 's/^  \(-h, \)\?\(--[a-z]\+\).*/\2/p' "$WORK/help.txt")
[ -n "$commands" ] && [ -n "$options" ] || fail "cannot read the commands and options of score help"
for c in $commands; do
  grep -q "^\.BI\? $c\( \|$\)" "$man_page" || fail "score.1 does not describe the command $c"
done
for o in $options; do
  grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$man_page" || fail "score.1 does not describe the option $o"
done
step "score.1 installed; it renders and covers: $(echo $commands) $(echo $options)"

# --- build the example against the installed files only -------------------
# A copy, so that nothing is written into the source tree; no path of the
# source or build tree is given to either build.
cp -r "$ROOT/examples/embed-c" "$WORK/src"

step "building examples/embed-c with pkg-config (make)"
PKG_CONFIG_PATH="$LIBDIR/pkgconfig" make -s -C "$WORK/src" all >"$WORK/make.log" 2>&1 ||
  { cat "$WORK/make.log" >&2; fail "make against the installed library"; }

step "building examples/embed-c with find_package (cmake)"
{ cmake -S "$WORK/src" -B "$WORK/cmake" -DCMAKE_PREFIX_PATH="$PREFIX" &&
  cmake --build "$WORK/cmake"; } >"$WORK/cmake.log" 2>&1 ||
  { cat "$WORK/cmake.log" >&2; fail "cmake against the installed package"; }

binaries=("$WORK/src/score_csv" "$WORK/src/score_csv_static"
          "$WORK/cmake/score_csv" "$WORK/cmake/score_csv_static")
for b in "${binaries[@]}"; do
  [ -x "$b" ] || fail "not built: ${b#"$WORK"/}"
done
# The shared builds load the installed library, the static ones none.
for b in "$WORK/src/score_csv" "$WORK/cmake/score_csv"; do
  loads_installed_lib "$b" || fail "${b#"$WORK"/} does not load the installed libscore"
done
for b in "$WORK/src/score_csv_static" "$WORK/cmake/score_csv_static"; do
  if readelf -d "$b" | grep -q 'NEEDED.*libscore'; then fail "${b#"$WORK"/} needs libscore.so"; fi
done

# --- run: the four builds agree with each other and with the CLI ----------
for i in "${!binaries[@]}"; do
  "${binaries[$i]}" "$RULESET" "$DATA" >"$WORK/out.$i" 2>"$WORK/err.$i" ||
    fail "${binaries[$i]#"$WORK"/} $RULESET failed: $(cat "$WORK/err.$i")"
  [ ! -s "$WORK/err.$i" ] || fail "${binaries[$i]#"$WORK"/} wrote to stderr: $(cat "$WORK/err.$i")"
  cmp -s "$WORK/out.0" "$WORK/out.$i" || fail "${binaries[$i]#"$WORK"/} differs from the make build"
done

"$PREFIX/bin/score" eval "$RULESET" "$DATA" --format csv >"$WORK/cli.csv"
# Compare row by row (key and tier id), then the example's tier counts
# with counts made from the CLI's tier column.
"$PY" - "$WORK/cli.csv" "$WORK/out.0" <<'EOF' || fail "the example and the CLI disagree"
import collections, csv, sys

with open(sys.argv[1], encoding="utf-8", newline="") as f:
    cli = [(r["id"], r["tier"] or "-") for r in csv.DictReader(f)]
with open(sys.argv[2], encoding="utf-8") as f:
    text = f.read()
rows_part, counts_part = text.split("\ntier counts", 1)
example = [tuple(line.split("\t")[:2]) for line in rows_part.splitlines()
           if line and not line.startswith("#")]
if example != cli:
    diff = [(a, b) for a, b in zip(example, cli) if a != b][:5]
    sys.exit(f"rows differ ({len(example)} vs {len(cli)} rows), first: {diff}")

counts = {}
for line in counts_part.splitlines()[1:]:
    n, tier, _label = line.split("\t")
    counts[tier] = int(n)
expected = collections.Counter(tier for _key, tier in cli)
if {t: n for t, n in counts.items() if n} != dict(expected):
    sys.exit(f"tier counts differ: example {counts}, CLI {dict(expected)}")
awarded = len(cli) - expected.get("-", 0)
print(f"check-install: {len(cli)} rows, {awarded} awarded a tier: " +
      ", ".join(f"{t} {n}" for t, n in counts.items()))
EOF

# Errors reach the embedding program with their position, as the CLI
# prints them: a broken ruleset document, and a bad cell in the data.
broken=$ROOT/tests/cli/data/broken.yaml
if "$WORK/src/score_csv" "$broken" "$DATA" >/dev/null 2>"$WORK/broken.example"; then
  fail "score_csv accepted $broken"
fi
"$PREFIX/bin/score" check "$broken" >/dev/null 2>"$WORK/broken.cli" && fail "score check accepted $broken"
grep -q '^[^:]*broken.yaml:[0-9]\+:[0-9]\+: ' "$WORK/broken.example" || fail "no FILE:LINE:COL error for $broken"
cmp -s "$WORK/broken.example" "$WORK/broken.cli" || fail "score_csv and score check report $broken differently"

# Line 4 of a copy of the data gets a word in its first numeric cell.
"$PY" - "$DATA" "$WORK/bad.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
row = rows[3]
col = next(i for i, v in enumerate(row) if i > 0 and v.replace(".", "", 1).isdigit() and v not in ("0", "1"))
row[col] = "abc"
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
EOF
if "$WORK/cmake/score_csv_static" "$RULESET" "$WORK/bad.csv" >/dev/null 2>"$WORK/bad.example"; then
  fail "score_csv accepted a word in a number column"
fi
"$PREFIX/bin/score" eval "$RULESET" "$WORK/bad.csv" >/dev/null 2>"$WORK/bad.cli" && fail "score eval accepted bad.csv"
grep -q "bad.csv:4:[0-9]\+: " "$WORK/bad.example" || fail "no FILE:4:COL error for the bad cell: $(cat "$WORK/bad.example")"
cmp -s "$WORK/bad.example" "$WORK/bad.cli" || fail "score_csv and score eval report the bad cell differently"
step "errors: $(head -1 "$WORK/broken.example" | sed "s|$ROOT/||")"
step "errors: $(sed "s|$WORK/||" "$WORK/bad.example")"

step "ok: make and CMake builds (shared and static) of examples/embed-c agree with the installed score"

# --- the Python package, installed where Debian's python3 looks -----------
PYDIR=$(dirname "$(ls -d "$PREFIX"/lib/python3*/dist-packages/libscore 2>/dev/null | head -1)")
if grep -q '^SCORE_BUILD_PYTHON:BOOL=ON' "$BUILD/CMakeCache.txt" && [ ! -f "$PYDIR/libscore/__init__.py" ]; then
  fail "the build has the Python binding, but no libscore package was installed"
fi
if [ -f "$PYDIR/libscore/__init__.py" ]; then
  "$PREFIX/bin/score" eval "$RULESET" "$DATA" --format csv >"$WORK/pycli.csv"
  # Run from an empty directory, so that nothing of the source tree is found.
  (cd "$WORK" && PYTHONPATH=$PYDIR /usr/bin/python3 - "$PYDIR" "$DATA" "$WORK/pycli.csv" <<'EOF'
import csv, sys
import libscore
assert libscore.__file__.startswith(sys.argv[1]), libscore.__file__
rows = libscore.load("meihao-xiangcun").evaluate(sys.argv[2]).rows
with open(sys.argv[3], encoding="utf-8") as f:
    cli = [r["tier"] for r in csv.DictReader(f)]
got = ["" if t != t else t for t in rows["tier"].astype(object)]
assert got == cli, "the installed Python package and the CLI disagree"
print(f"check-install: Python: libscore {libscore.__version__} from {libscore.__file__}: "
      f"{len(got)} rows as the CLI")
EOF
  ) || fail "the installed Python package"
else
  step "no Python package installed (SCORE_BUILD_PYTHON=OFF)"
fi
