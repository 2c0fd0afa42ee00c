type FilenameParser = typeof import("@ctrl/video-filename-parser");

let parser: FilenameParser | undefined;

/**
 * The release-name parser, loaded on first use: its 17 modules cost ~7 ms of every start, and a
 * scan of an arr library, the CLI and an idle server never parse a release name.
 */
export function filenameParser(): FilenameParser {
  parser ??= require("@ctrl/video-filename-parser") as FilenameParser;
  return parser;
}
