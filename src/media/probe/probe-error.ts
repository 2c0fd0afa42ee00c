/** Why a file could not be probed. A value, never thrown: one bad file must not stop a scan. */
export type ProbeErrorKind =
  | "not-found"
  | "not-a-file"
  | "unreadable"
  | "empty"
  | "unrecognized"
  | "malformed"
  | "ffprobe-unavailable"
  | "ffprobe-failed"
  | "ffprobe-timeout"
  | "ffprobe-invalid-output";

export interface ProbeError {
  kind: ProbeErrorKind;
  message: string;
}

export function probeError(kind: ProbeErrorKind, message: string): ProbeError {
  return { kind, message };
}
