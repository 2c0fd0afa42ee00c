#!/usr/bin/env bash
# Runs before `npm test` (the `pretest` script): the browser tests (tests/web) drive Debian's
# chromium. When it is missing, install it with apt (as root, or through sudo when that needs no
# password); otherwise say exactly what to run, and fail.
set -euo pipefail
chromium="${SUBHOUND_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    as_root=""
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
  else
    as_root="unavailable"
  fi
  if [ "$as_root" != "unavailable" ]; then
    echo "chromium is missing (the browser tests need it): installing it with apt-get" >&2
    $as_root apt-get update -qq
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    [ -x "$chromium" ] && exit 0
  fi
fi
echo "the browser tests need chromium at $chromium: run \`sudo apt-get install chromium\` (or set SUBHOUND_CHROMIUM)" >&2
exit 1
