#!/bin/sh
# dicom-stress.sh — decodes DICOM files N times each with `deepkeygen info`, P processes at a time,
# and counts failures (issue 13: JPEG 2000 decodes failed under load). Not part of CI: run by
# hand, once, on a quiet machine.
#
#   scripts/dicom-stress.sh [-n N] [-p P] [-b BUILD_DIR] FILE…
#
# Prints one line per file: "FILE: OK of N" and the distinct error messages, if any. Exit 1 if
# any decode failed.
set -eu
n=1000
p=4
build=build
while getopts n:p:b: opt; do
  case $opt in
    n) n=$OPTARG ;;
    p) p=$OPTARG ;;
    b) build=$OPTARG ;;
    *) echo "usage: $0 [-n N] [-p P] [-b BUILD_DIR] FILE…" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
cli=$build/src/cli/deepkeygen
[ -x "$cli" ] || { echo "$0: no $cli (build first)" >&2; exit 2; }
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for f in "$@"; do
  : > "$log"
  # each job prints "ok" or its error message
  seq "$n" | xargs -P "$p" -I{} sh -c '"$1" info "$2" >/dev/null 2>"$3.$$" && echo ok || { head -c 300 "$3.$$"; echo; }; rm -f "$3.$$"' _ "$cli" "$f" "$log" >> "$log.out" 2>&1 || true
  ok=$(grep -c '^ok$' "$log.out" || true)
  echo "$f: $ok of $n"
  grep -v '^ok$' "$log.out" | sort | uniq -c | head -5 || true
  [ "$ok" -eq "$n" ] || status=1
  rm -f "$log.out"
done
exit $status
