#!/usr/bin/env bash
# Runs the Firefox tests as on a machine where Firefox never ran: a new HOME (no ~/.mozilla, no
# ~/.cache/mozilla or fontconfig cache), a new TMPDIR (puppeteer makes its profile there, so no
# profile of an earlier run is reused, and other people's running profiles in /tmp are left
# alone), and Firefox's own files dropped from the page cache (read from disk again, as after a
# boot). Usage: bash tests/firefox/cold-start.sh [runs] (default 1); each run starts cold again.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-1}"
firefox_dir="$(dirname "$(readlink -f "${FIREFOX_PATH:-/usr/bin/firefox-esr}")")"
for run in $(seq 1 "$runs"); do
  scratch="$(mktemp -d /tmp/flagtab-cold-firefox.XXXXXX)"
  mkdir -p "$scratch/home" "$scratch/tmp"
  # POSIX_FADV_DONTNEED on every file of the install: only Firefox's pages leave the cache.
  python3 - "$firefox_dir" <<'PY'
import os, sys
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        try:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
PY
  echo "› cold Firefox run $run/$runs (HOME=$scratch/home TMPDIR=$scratch/tmp)"
  started=$(date +%s)
  status=0
  env -u XDG_CACHE_HOME -u XDG_CONFIG_HOME -u XDG_DATA_HOME HOME="$scratch/home" TMPDIR="$scratch/tmp" \
    npx vitest run --project firefox tests/firefox/smoke.test.ts || status=$?
  echo "› cold Firefox run $run/$runs: exit $status after $(( $(date +%s) - started )) s"
  rm -rf "$scratch"
  [ "$status" -eq 0 ] || exit "$status"
done
