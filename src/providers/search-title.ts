const YEAR_SUFFIX = /\s*\((?:19|20)\d{2}\)\s*$/;

/**
 * The title to type into a provider's text search. Sonarr tells apart series of the same name by
 * a year in the title ("Doctor Who (2005)", "Hunter x Hunter (2011)"); the providers' own titles
 * have none, so a keyword search with it finds nothing and a title comparison never matches.
 * The year is asked separately where the provider takes one. As Bazarr's refiner does.
 */
export function searchTitle(title: string): string {
  const stripped = title.replace(YEAR_SUFFIX, "").trim();
  return stripped === "" ? title.trim() : stripped;
}
