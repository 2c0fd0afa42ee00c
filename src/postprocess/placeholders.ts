import { PLACEHOLDER_PATTERN, POST_PROCESSING_PLACEHOLDERS } from "../config/schema.ts";

/**
 * The `{{name}}` placeholders of `postProcessing.command` (the config schema lists them and refuses
 * unknown ones). Each is replaced inside one argument, so its value becomes part of that argument
 * however it is spelled: there is no shell to read it again.
 */
export type PlaceholderName = keyof typeof POST_PROCESSING_PLACEHOLDERS;
export type PlaceholderValues = Record<PlaceholderName, string>;
export const PLACEHOLDER_NAMES = Object.keys(POST_PROCESSING_PLACEHOLDERS) as PlaceholderName[];

const isPlaceholderName = (name: string): name is PlaceholderName =>
  Object.hasOwn(POST_PROCESSING_PLACEHOLDERS, name);

/**
 * The argument with each placeholder replaced by its value, in one pass: a value that itself holds
 * `{{…}}` (a title, a file name) stays as it is.
 */
export function substitutePlaceholders(argument: string, values: PlaceholderValues): string {
  return argument.replace(PLACEHOLDER_PATTERN, (whole, name: string) =>
    isPlaceholderName(name) ? values[name] : whole,
  );
}

/**
 * The environment variable carrying a placeholder's value: lower-case `subhound_<name>`, like
 * Sonarr's `sonarr_*` script variables. Not `SUBHOUND_*`: Subhound reads those as its own settings,
 * so a command that runs the subhound CLI would fail to start with "unknown key".
 */
export const placeholderVariable = (name: PlaceholderName) => `subhound_${name}`;
