#!/usr/bin/env bash
# Regenerates the tiny archives and encoded subtitles in tests/fixtures/archives/ used by
# tests/subtitles. Needs zip, 7z (p7zip-full), xz, gzip and iconv. The output is committed.
# RAR cannot be made here (rar is non-free): the tests hand-build a stored RAR 4.x instead.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/fixtures/archives"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -f "$out"/*

# Fixed timestamps so that re-running changes no bytes that do not have to change.
stamp() { touch -d "2024-01-01 00:00:00 UTC" "$@"; }

cue() { # cue <episode label>
  printf '1\n00:00:01,000 --> 00:00:02,500\n%s line one\n\n2\n00:00:03,000 --> 00:00:04,000\n%s line two\n' "$1" "$1"
}

mkdir -p "$work/pack/__MACOSX" "$work/pack/Season 02"
cue "S01E01" >"$work/pack/Show.S01E01.720p.WEB.srt"
cue "S01E02" >"$work/pack/Show.S01E02.720p.WEB.srt"
cue "S01E03" >"$work/pack/Show.S01E03.720p.WEB.srt"
cue "S02E02" >"$work/pack/Season 02/Show.S02E02.720p.WEB.srt"
cue "resource fork" >"$work/pack/__MACOSX/._Show.S01E02.720p.WEB.srt"
cue "hidden" >"$work/pack/.Show.S01E02.srt"
printf 'Downloaded from somewhere\n' >"$work/pack/readme.txt"
find "$work/pack" -exec touch -d "2024-01-01 00:00:00 UTC" {} +
(cd "$work/pack" && zip -q -X -r "$out/season-pack.zip" .)

cue "Movie" >"$work/movie.en.srt"
stamp "$work/movie.en.srt"
xz -9 -c "$work/movie.en.srt" >"$out/movie.en.srt.xz"
gzip -9 -n -c "$work/movie.en.srt" >"$out/movie.en.srt.gz"
(cd "$work" && 7z a -bd -bso0 -mtm=off -mtc=off -mta=off "$out/movie.7z" movie.en.srt)
(cd "$work" && 7z a -bd -bso0 -p'secret' "$out/encrypted.7z" movie.en.srt)
(cd "$work/pack" && zip -q -X "$work/inner.zip" Show.S01E01.720p.WEB.srt Show.S01E02.720p.WEB.srt)
xz -9 -c "$work/inner.zip" >"$out/pack.zip.xz"

# Legacy encodings, as old subtitle sites still serve them.
printf '1\n00:00:01,000 --> 00:00:02,000\nCaf\351 f\374r 5 \200, s\351ance r\351serv\351e\n\n2\n00:00:03,000 --> 00:00:04,000\nGr\374\337e aus M\374nchen, d\351j\340 vu\n' \
  >"$out/windows-1252.srt"
printf '1\r\n00:00:01,000 --> 00:00:02,000\r\nHello, wörld — “quoted”\r\n' | iconv -f UTF-8 -t UTF-16LE >"$work/utf16.body"
{ printf '\377\376'; cat "$work/utf16.body"; } >"$out/utf-16le-bom.srt"
printf '1\n00:00:01,000 --> 00:00:02,000\nこんにちは、世界。今日はいい天気ですね。\n\n2\n00:00:03,000 --> 00:00:04,000\n私の名前は田中です。よろしくお願いします。\n' |
  iconv -f UTF-8 -t SHIFT_JIS >"$out/shift-jis.srt"

ls -l "$out"
