#!/bin/sh
# ABI hygiene of the shared library:
#  - every exported (dynamic, defined) symbol starts with score_;
#  - the functions the public header declares are exactly those exported;
#  - the SONAME is libscore.so.MAJOR, MAJOR being SCORE_VERSION_MAJOR.
#
#   exported_symbols.sh NM LIBSCORE_SO SCORE_H MAJOR
set -eu
export LC_ALL=C # one collation for sort and comm
NM=$1
LIB=$2
HEADER=$3
MAJOR=$4

exported=$("$NM" -D --defined-only "$LIB" | awk '{ print $NF }' | sort -u)
[ -n "$exported" ] || { echo "no exported symbols in $LIB"; exit 1; }

status=0
strays=$(printf '%s\n' "$exported" | grep -v '^score_' || true)
if [ -n "$strays" ]; then
  echo "exported without the score_ prefix (make them static or hidden):"
  printf '  %s\n' $strays
  status=1
fi

# Declarations span lines; join the header, then take the name before the
# parameter list of every SCORE_EXPORT declaration.
declared=$(tr '\n' ' ' <"$HEADER" | grep -o 'SCORE_EXPORT[^;(]*(' |
           sed 's/.*[^A-Za-z0-9_]\(score_[A-Za-z0-9_]*\)[[:space:]]*($/\1/' | sort -u)
[ -n "$declared" ] || { echo "no SCORE_EXPORT declarations found in $HEADER"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' "$exported" >"$tmp/exported"
printf '%s\n' "$declared" >"$tmp/declared"
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
if [ -n "$missing" ]; then
  echo "declared in score.h but not exported by $(basename "$LIB"):"
  printf '  %s\n' $missing
  status=1
fi

undeclared=$(comm -13 "$tmp/declared" "$tmp/exported" | grep '^score_' || true)
if [ -n "$undeclared" ]; then
  echo "exported by $(basename "$LIB") but not declared in score.h:"
  printf '  %s\n' $undeclared
  status=1
fi

soname=$(readelf -d "$LIB" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$soname" != "libscore.so.$MAJOR" ]; then
  echo "SONAME is '$soname', expected libscore.so.$MAJOR"
  status=1
fi

if [ "$status" = 0 ]; then
  echo "$(printf '%s\n' "$exported" | wc -l) exported symbols, all score_*;" \
       "$(printf '%s\n' "$declared" | wc -l) declared in score.h, all exported; SONAME $soname"
fi
exit $status
