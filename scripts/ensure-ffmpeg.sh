#!/usr/bin/env bash
# Runs before `npm test` (the `pretest` script), beside ensure-chromium.sh: the subtitle sync tests
# (tests/sync) decode a committed clip with Debian's ffmpeg. When it is missing, install it with apt
# (as root, or through sudo when that needs no password); otherwise say exactly what to run, and fail.
set -euo pipefail
command -v ffmpeg >/dev/null && exit 0
if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    as_root=""
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
  else
    as_root="unavailable"
  fi
  if [ "$as_root" != "unavailable" ]; then
    echo "ffmpeg is missing (the sync tests need it): installing it with apt-get" >&2
    $as_root apt-get update -qq
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
    command -v ffmpeg >/dev/null && exit 0
  fi
fi
echo "the subtitle sync tests need ffmpeg on PATH: run \`sudo apt-get install ffmpeg\`" >&2
exit 1
