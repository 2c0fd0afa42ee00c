#!/usr/bin/env bash
# Regenerates the tiny media corpus in tests/fixtures/media/ used by the probe tests and bench.
# Needs ffmpeg and mkvmerge (mkvtoolnix) for the flags and BCP-47 tags ffmpeg cannot write.
# The output is committed, so CI never runs this.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/fixtures/media"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -f "$out"/*

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
# mkvmerge exits 1 for warnings (e.g. DVB private data it cannot check), 2 for errors.
mkv() { mkvmerge --quiet --deterministic subhound --disable-track-statistics-tags "$@" || [ $? -eq 1 ]; }

# Deterministic output: no encoder strings, no creation dates, no random UIDs.
bitexact=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1)

cat >"$work/a.srt" <<'EOF'
1
00:00:00,000 --> 00:00:00,800
Hello.
EOF

cat >"$work/a.vtt" <<'EOF'
WEBVTT

00:00:00.000 --> 00:00:00.800
Hello.
EOF

cat >"$work/a.ass" <<'EOF'
[Script Info]
ScriptType: v4.00+
PlayResX: 64
PlayResY: 64

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,12,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,2,2,2,2,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.00,0:00:00.80,Default,,0,0,0,,Hello.
EOF

cat >"$work/a.ssa" <<'EOF'
[Script Info]
ScriptType: v4.00

[V4 Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding
Style: Default,Arial,12,16777215,255,0,0,0,0,1,1,0,2,2,2,2,0,1

[Events]
Format: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: Marked=0,0:00:00.00,0:00:00.80,Default,,0000,0000,0000,,Hello.
EOF

# An ASS file whose header (CodecPrivate) is ~40 KB, so Tracks does not fit in a first small read.
{
  sed -n '1,/^Format: Name/p' "$work/a.ass"
  for i in $(seq 1 300); do
    echo "Style: Sign$i,Arial,12,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,2,2,2,2,1"
  done
  sed -n '/^$/,$p' "$work/a.ass" | sed -n '/^\[Events\]/,$p' | sed '1i\\'
} >"$work/big.ass"

# A hand-made PGS (.sup) display set: an 8x2 bitmap in palette colour 1, then a clearing set.
pgs_segment() { # $1 pts (hex, 8 digits) $2 type (hex byte) $3 payload (hex)
  local len=$((${#3} / 2))
  printf '5047%s00000000%s%04x%s' "$1" "$2" "$len" "$3"
}
{
  pgs_segment 00000000 16 "0040004010""0000""80""00""00""01""0000""00""00""0000""0000"
  pgs_segment 00000000 17 "01""00""0000""0000""0008""0002"
  pgs_segment 00000000 14 "00""00""01eb8080ff"
  pgs_segment 00000000 15 "0000""00""c0""000018""0008""0002""01010101010101010000""01010101010101010000"
  pgs_segment 00000000 80 ""
  pgs_segment 00011940 16 "0040004010""0001""00""00""00""00"
  pgs_segment 00011940 17 "01""00""0000""0000""0008""0002"
  pgs_segment 00011940 80 ""
} | xxd -r -p >"$work/a.sup"

video=(-f lavfi -i "color=c=black:s=64x64:d=1:r=5")
audio=(-f lavfi -i "anullsrc=r=8000:cl=mono:d=1")
x264=(-c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p)
opus=(-c:a libopus -b:a 6k)
aac=(-c:a aac -b:a 8k)

# A video-only base that mkvmerge muxes the subtitle tracks onto.
ff "${video[@]}" "${audio[@]}" "${x264[@]}" "${opus[@]}" "${bitexact[@]}" "$work/base.mkv"

# Image-based streams, encoded from the PGS bitmap.
ff -i "$work/a.sup" -c:s copy -f matroska "$work/pgs.mks"
ff -i "$work/a.sup" -c:s dvdsub "${bitexact[@]}" -f matroska "$work/dvd.mks"
ff -i "$work/a.sup" -c:s dvbsub "${bitexact[@]}" -f matroska "$work/dvb.mks"

## Matroska written by ffmpeg
ff "${video[@]}" -i "$work/a.srt" -map 0 -map 1 "${x264[@]}" -c:s srt "${bitexact[@]}" \
  -metadata:s:s:0 language=eng "$out/mkv-srt-eng.mkv"

ff "${video[@]}" "${audio[@]}" -i "$work/a.srt" -i "$work/a.ass" -i "$work/a.srt" \
  -map 0 -map 1 -map 2 -map 3 -map 4 "${x264[@]}" "${opus[@]}" -c:s:0 srt -c:s:1 ass -c:s:2 srt "${bitexact[@]}" \
  -metadata:s:s:0 language=eng -metadata:s:s:0 "title=Signs & Songs" -disposition:s:0 forced \
  -metadata:s:s:1 language=ger -metadata:s:s:1 title=SDH -disposition:s:1 hearing_impaired \
  -metadata:s:s:2 language=jpn -disposition:s:2 default \
  "$out/mkv-ffmpeg-multi.mkv"

ff "${video[@]}" -i "$work/a.srt" -map 0 -map 1 "${x264[@]}" -c:s srt "${bitexact[@]}" "$out/mkv-srt-no-language.mkv"

# A bare tag whose title names the variant, as streaming rips have it.
ff "${video[@]}" -i "$work/a.srt" -map 0 -map 1 "${x264[@]}" -c:s srt "${bitexact[@]}" \
  -metadata:s:s:0 language=por -metadata:s:s:0 title=Brazilian "$out/mkv-srt-por-brazilian.mkv"

ff "${video[@]}" -i "$work/a.vtt" -map 0 -map 1 "${x264[@]}" -c:s webvtt "${bitexact[@]}" \
  -metadata:s:s:0 language=eng "$out/mkv-ffmpeg-webvtt.mkv"

ff "${video[@]}" -i "$work/a.sup" -i "$work/dvd.mks" -i "$work/dvb.mks" -map 0 -map 1 -map 2 -map 3 \
  "${x264[@]}" -c:s copy "${bitexact[@]}" \
  -metadata:s:s:0 language=eng -metadata:s:s:1 language=ger -metadata:s:s:2 language=fre \
  "$out/mkv-image-subs.mkv"

ff "${video[@]}" "${audio[@]}" "${x264[@]}" "${opus[@]}" "${bitexact[@]}" "$out/mkv-no-subs.mkv"

ff -f lavfi -i "color=c=black:s=64x64:d=1:r=5" -i "$work/a.vtt" -map 0 -map 1 \
  -c:v libvpx -b:v 20k -deadline realtime -c:s webvtt "${bitexact[@]}" \
  -metadata:s:s:0 language=ger -metadata:s:s:0 "title=Signs & Songs" "$out/webm-webvtt.webm"

## Matroska written by mkvmerge: absent Language (the "eng" default), BCP-47 tags, flags ffmpeg lacks
mkv -o "$out/mkvmerge-flags.mkv" "$work/base.mkv" \
  --language 0:ger --track-name "0:Signs & Songs" --forced-display-flag 0:yes --default-track-flag 0:no "$work/a.ass" \
  --language 0:eng --hearing-impaired-flag 0:yes --default-track-flag 0:no "$work/a.srt" \
  --language 0:jpn --default-track-flag 0:yes "$work/a.ssa" \
  --language 0:und --default-track-flag 0:no "$work/a.vtt"

mkv -o "$out/mkvmerge-ietf.mkv" "$work/base.mkv" \
  --language 0:pt-BR --track-name "0:Português (Brasil)" "$work/a.srt" \
  --language 0:zh-Hans --default-track-flag 0:no "$work/a.ass" \
  --language 0:es-419 --default-track-flag 0:no "$work/a.srt"

mkv -o "$out/mkvmerge-image-subs.mkv" --attachment-name font.ttf --attachment-mime-type font/ttf \
  --attach-file "$work/a.srt" "$work/base.mkv" \
  --language 0:eng --forced-display-flag 0:yes "$work/pgs.mks" \
  --language 0:ger "$work/dvd.mks" \
  --language 0:jpn "$work/dvb.mks"

mkv -o "$out/mkvmerge-big-ass-header.mkv" "$work/base.mkv" \
  --language 0:eng --track-name "0:Full Subtitles" "$work/big.ass" \
  --language 0:eng --track-name "0:Signs" --forced-display-flag 0:yes "$work/a.ass"

# Subtitle tracks before the audio track, so stream indexes are not "video, audio, subs".
mkv -o "$out/mkvmerge-track-order.mkv" --track-order 0:0,1:0,2:0,0:1 \
  "$work/base.mkv" --language 0:ger "$work/a.srt" --language 0:eng "$work/a.srt"

mkv -o "$out/mka-audio-subs.mka" -D "$work/base.mkv" --language 0:eng "$work/a.srt"
mkv -o "$out/mks-subs-only.mks" --language 0:jpn "$work/a.ass" --language 0:eng "$work/a.srt"

## MP4 / MOV / M4V written by ffmpeg
mp4_subs=(-i "$work/a.srt" -i "$work/a.srt" -i "$work/a.srt" -i "$work/a.srt")
mp4_maps=(-map 0 -map 1 -map 2 -map 3 -map 4 -map 5)
mp4_meta=(
  -metadata:s:s:0 language=eng -metadata:s:s:0 "title=Signs & Songs" -disposition:s:0 forced
  -metadata:s:s:1 language=ger -disposition:s:1 hearing_impaired
  -metadata:s:s:2 language=jpn -disposition:s:2 default
)
ff "${video[@]}" "${audio[@]}" "${mp4_subs[@]}" "${mp4_maps[@]}" "${x264[@]}" "${aac[@]}" -c:s mov_text \
  "${bitexact[@]}" "${mp4_meta[@]}" "$out/mp4-moov-at-end.mp4"
ff "${video[@]}" "${audio[@]}" "${mp4_subs[@]}" "${mp4_maps[@]}" "${x264[@]}" "${aac[@]}" -c:s mov_text \
  "${bitexact[@]}" "${mp4_meta[@]}" -movflags +faststart "$out/mp4-faststart.mp4"
ff "${video[@]}" "${audio[@]}" "${mp4_subs[@]}" "${mp4_maps[@]}" "${x264[@]}" "${aac[@]}" -c:s mov_text \
  "${bitexact[@]}" "${mp4_meta[@]}" "$out/mov-text.mov"
ff "${video[@]}" -i "$work/a.srt" -map 0 -map 1 "${x264[@]}" -c:s mov_text "${bitexact[@]}" \
  -metadata:s:s:0 language=por "$out/m4v-movtext.m4v"
ff "${video[@]}" "${x264[@]}" "${bitexact[@]}" "$out/mp4-no-subs.mp4"
# Fragmented MP4: the sample tables live in moof boxes, the track list still in moov.
ff "${video[@]}" -i "$work/a.srt" -map 0 -map 1 "${x264[@]}" -c:s mov_text "${bitexact[@]}" \
  -metadata:s:s:0 language=eng -movflags +frag_keyframe+empty_moov "$out/mp4-fragmented.mp4"
# TTML (stpp) as FFmpeg muxes it; ffprobe before 6.1 reports it as a data stream.
ff "${video[@]}" -i "$work/a.srt" -map 0 -map 1 "${x264[@]}" -c:s ttml "${bitexact[@]}" \
  -metadata:s:s:0 language=eng "$out/mp4-ttml.mp4"
# An MP4 under a Matroska name: sniffing, not the extension, decides the reader.
cp "$out/m4v-movtext.m4v" "$out/mp4-named-as.mkv"

## Containers only ffprobe reads
ff "${video[@]}" -i "$work/dvb.mks" -map 0 -map 1 -c:v mpeg2video -b:v 50k -c:s copy "${bitexact[@]}" \
  -metadata:s:s:0 language=ger "$out/ts-dvbsub.ts"
# The XSUB encoder rejects the PGS "clear" event and exits 1 after writing the first subtitle.
ff "${video[@]}" "${audio[@]}" -i "$work/a.sup" -map 0 -map 1 -map 2 -c:v mpeg4 -b:v 20k -c:a pcm_u8 -c:s xsub \
  -frames:s 1 "${bitexact[@]}" -metadata:s:s:0 language=ger "$out/avi-xsub.avi" || [ -s "$out/avi-xsub.avi" ]

## MP4 WebVTT (wvtt) and TTML (stpp) tracks with flags, which FFmpeg cannot mux: written box by box
"$root/node_modules/.bin/bun" "$root/scripts/make-mp4-text-fixtures.ts"

ls -l "$out"
du -sh "$out"
