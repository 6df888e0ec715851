/**
 * The order of a result's region wherever results are listed: "global" (account-level results) first,
 * then "*" (every region, when the region list could not be read), then region names. Names compare by
 * their characters (code units), not by the machine's locale, so every output lists them alike everywhere;
 * for AWS region names (lower-case letters, digits, hyphens) that is also the alphabetical order.
 */
export function compareRegions(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function rank(region: string): number {
  return region === 'global' ? 0 : region === '*' ? 1 : 2;
}
