#!/usr/bin/env bash
# Regenerates the legacy-encoding subtitle corpus in tests/fixtures/subtitles/encodings/ from the
# UTF-8 originals in its source/ folder (the ground truth), with glibc iconv. Each output is named
# <language>.<encoding>.srt; the decoding test reads the language and encoding back from the name.
# Windows-1256 has no Persian yeh (U+06CC), so source/fa.srt is written with the Arabic yeh (U+064A)
# that Persian files in that code page carry. The output is committed, so CI never runs this.
set -euo pipefail

dir="$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/subtitles/encodings"
rm -f "$dir"/*.srt

encode() { # $1 language, $2 iconv charset, $3 name in the file name
  iconv -f UTF-8 -t "$2" "$dir/source/$1.srt" >"$dir/$1.$3.srt"
}

encode ru CP1251 windows-1251
encode ru KOI8-R koi8-r
encode ru CP866 ibm866
encode ru ISO-8859-5 iso-8859-5
encode ru UTF-16LE utf-16le
encode ru UTF-16BE utf-16be
encode uk KOI8-U koi8-u
encode uk CP1251 windows-1251
encode bg CP866 ibm866
encode bg CP1251 windows-1251
encode th CP874 windows-874
encode th TIS-620 tis-620
encode fa CP1256 windows-1256
encode ar CP1256 windows-1256
encode ar ISO-8859-6 iso-8859-6
encode fr ISO-8859-15 iso-8859-15
encode fr CP1252 windows-1252
encode de CP1252 windows-1252
encode de ISO-8859-1 iso-8859-1
encode es CP1252 windows-1252
encode pt CP1252 windows-1252
encode pl CP1250 windows-1250
encode pl ISO-8859-2 iso-8859-2
encode cs CP1250 windows-1250
encode cs ISO-8859-2 iso-8859-2
encode hu CP1250 windows-1250
encode hr CP1250 windows-1250
encode hr ISO-8859-2 iso-8859-2
encode sk ISO-8859-2 iso-8859-2
encode sk CP1250 windows-1250
encode el CP1253 windows-1253
encode el ISO-8859-7 iso-8859-7
encode el-GR ISO-8859-7 iso-8859-7
encode el-GR CP1253 windows-1253
encode he CP1255 windows-1255
encode he ISO-8859-8 iso-8859-8
encode tr CP1254 windows-1254
encode lt CP1257 windows-1257
encode lt ISO-8859-13 iso-8859-13
encode ja SHIFT_JIS shift_jis
encode ja EUC-JP euc-jp
encode ko EUC-KR euc-kr
encode zh-Hans GB18030 gb18030
encode zh-Hans GBK gbk
encode zh-Hant BIG5 big5
encode ko UTF-16LE utf-16le
encode ja UTF-16BE utf-16be
encode th UTF-16LE utf-16le
encode zh-Hans UTF-16BE utf-16be
encode en UTF-16LE utf-16le
encode en UTF-16BE utf-16be
