/**
 * The output formats `--format` picks from: each format's files and what they are for. Parsing and help
 * (src/cli/), the writer (src/pipeline/outputs.ts) and the renderers' file names (OUTPUT_FILES) read this
 * one declaration. No imports: `--help` reads it.
 */
export const OUTPUT_FORMATS = {
  md: {
    files: ['finding.md', 'no-finding.md'],
    help: 'finding.md, the finding, and the coverage-<subsection>.svg/.png pictures it links (no-finding.md, a short note, when no gap was proven)',
  },
  html: {
    files: ['report.html'],
    help: 'report.html, one self-contained page: coverage grid, filters, every result, the finding',
  },
  docx: {
    files: ['finding.docx'],
    help: 'finding.docx, the finding for Word, review items as comments (only when there is a finding)',
  },
  json: {
    files: ['results.json', 'evidence.json', 'costs.json'],
    help: 'results.json, one object per result (and evidence.json, for scan and merge); costs.json, the cost estimate (unless --no-costs)',
  },
  ocsf: { files: ['findings.ocsf.json'], help: 'findings.ocsf.json, OCSF 1.3.0 Detection Findings' },
  png: { files: ['coverage.png'], help: 'coverage.png, the region × service grid as a picture' },
  svg: { files: ['coverage.svg'], help: 'coverage.svg, the same picture as SVG' },
} as const satisfies Record<string, { files: readonly [string, ...string[]]; help: string }>;

export type Format = keyof typeof OUTPUT_FORMATS;

/** Every format, in the order help and messages list them. */
export const FORMATS = Object.keys(OUTPUT_FORMATS) as Format[];

/** The (main) file a format is written to. */
export function fileOf<F extends Format>(format: F): (typeof OUTPUT_FORMATS)[F]['files'][0] {
  return OUTPUT_FORMATS[format].files[0];
}
