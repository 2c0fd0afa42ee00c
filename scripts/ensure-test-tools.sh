#!/usr/bin/env bash
# Runs before `npm test` (the `pretest` script): the browser tests (tests/web) drive Debian's
# chromium and the subtitle sync tests (tests/sync) decode a committed clip with Debian's ffmpeg.
# What is missing is installed with one apt-get (as root, or through sudo when that needs no
# password); otherwise the script says exactly what to run, and fails.
set -euo pipefail
chromium="${SUBHOUND_CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
[ ${#missing[@]} -eq 0 ] && exit 0
present() { [ -x "$chromium" ] && command -v ffmpeg >/dev/null; }
if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    as_root=""
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
  else
    as_root="unavailable"
  fi
  if [ "$as_root" != "unavailable" ]; then
    echo "${missing[*]} missing (the browser and sync tests need them): installing with apt-get" >&2
    $as_root apt-get update -qq
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    present && exit 0
  fi
fi
echo "the tests need ${missing[*]}: run \`sudo apt-get install ${missing[*]}\` (chromium is looked for at $chromium; SUBHOUND_CHROMIUM moves it)" >&2
exit 1
