/** LibreOffice for the Word tests: converts a .docx to PDF (a file it cannot load gives no PDF) and reads its text. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** The libreoffice executable, or '' when it is not on PATH. */
export const LIBREOFFICE = spawnSync('sh', ['-c', 'command -v libreoffice'], {
  encoding: 'utf8',
}).stdout.trim();

/** Skip reason for tests that need LibreOffice. */
export const libreOfficeMissing: string | false = LIBREOFFICE ? false : 'libreoffice is not on PATH';

/**
 * Converts `docx` to PDF in `outDir` with a throw-away LibreOffice profile. Returns the PDF's path (null when
 * LibreOffice wrote none: it could not load the file), its text from pdftotext (null without pdftotext) and
 * LibreOffice's output, for messages.
 */
export function docxToPdf(
  docx: string,
  outDir: string,
): { pdf: string | null; text: string | null; log: string } {
  const profile = mkdtempSync(join(tmpdir(), 'wp-lo-'));
  try {
    const res = spawnSync(
      LIBREOFFICE,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        outDir,
        docx,
      ],
      { encoding: 'utf8', timeout: 110_000 },
    );
    const pdf = join(outDir, basename(docx).replace(/\.docx$/, '.pdf'));
    if (!existsSync(pdf)) return { pdf: null, text: null, log: `${res.stdout} ${res.stderr}` };
    const txt = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    return { pdf, text: txt.status === 0 ? txt.stdout : null, log: `${res.stdout} ${res.stderr}` };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
