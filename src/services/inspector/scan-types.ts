/**
 * Inspector's scan types, as its BatchGetAccountStatus answer keys them (resourceState), with the words
 * watchpost uses for each: read by the scan-types check and by the finding.
 */
export const SCAN_TYPES = {
  ec2: 'EC2 scanning',
  ecr: 'ECR container image scanning',
  lambda: 'Lambda standard scanning',
  lambdaCode: 'Lambda code scanning',
} as const;
export type ScanType = keyof typeof SCAN_TYPES;

/** The words for a scan type a result names (its data.missingScanTypes), or undefined for another key. */
export function scanTypeName(key: string): string | undefined {
  return Object.hasOwn(SCAN_TYPES, key) ? SCAN_TYPES[key as ScanType] : undefined;
}
