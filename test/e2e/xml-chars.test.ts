/**
 * Characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF, lone surrogates) in resource names read from
 * the audited account and in the consultant's template: `report` through the built CLI must write a
 * finding.docx that LibreOffice opens (before: "source file could not be loaded"), a well-formed
 * coverage.svg and a report.html without them, while evidence.json keeps the names exactly.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { accountEvidence, bundle, ok, wafEvidence } from '../fixtures/evidence.js';
import { XML_FORBIDDEN_CHAR, XML_FORBIDDEN_NAME } from '../render/synthetic.js';
import { cliBuilt, runCli, tempDir } from '../support/cli.js';
import { docxToPdf, libreOfficeMissing } from '../support/office.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

/** Template text can hold what a UTF-8 file can: controls, U+FFFE and U+FFFF (not lone surrogates). */
const T_BAD = '\uFFFE\uFFFF\u0001\u001F';
const TEMPLATE = `---
title: "Finding ${T_BAD} title"
---
### Security services ${T_BAD} heading
Intro ${T_BAD} words {==to review ${T_BAD}==}{>>why ${T_BAD}<<}.

{==WAF==}
{==AUTO==}
{==SCREENSHOT==}
`;

describe('e2e: characters XML forbids, in names and the template', { skip }, () => {
  let dir: string;
  let out: string;
  let code: number;
  let stderr: string;

  before(async () => {
    dir = tempDir('watchpost-xmlchars-');
    const waf = wafEvidence();
    waf.cognito['us-east-1'] = ok({
      userPools: [
        {
          id: 'us-east-1_abc',
          arn: 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_abc',
          name: XML_FORBIDDEN_NAME,
          webAcl: ok({ webAclArn: null }),
        },
      ],
    });
    const evidence = join(dir, 'evidence.json');
    writeFileSync(evidence, JSON.stringify(bundle([accountEvidence({ waf })])));
    const template = join(dir, 'template.md');
    writeFileSync(template, TEMPLATE);
    out = join(dir, 'out');
    const run = await runCli(['report', evidence, '--template', template, '--out', out, '--quiet'], {});
    code = run.code;
    stderr = run.stderr;
  });

  test('the report is written (the pool without a web ACL fails)', () => {
    assert.equal(code, 3, stderr);
    assert.equal(stderr, '');
    assert.ok(readFileSync(join(out, 'finding.md'), 'utf8').includes('pool-'));
  });

  test('finding.docx: no part holds a forbidden character', () => {
    const files = unzipSync(readFileSync(join(out, 'finding.docx')));
    const parts = Object.keys(files).filter((n) => /\.(xml|rels)$/.test(n));
    assert.ok(parts.includes('word/document.xml') && parts.includes('word/comments.xml'));
    for (const name of parts) assert.doesNotMatch(strFromU8(files[name]!), XML_FORBIDDEN_CHAR, name);
    const documentXml = strFromU8(files['word/document.xml']!);
    assert.ok(documentXml.includes('pool-\uFFFD-\uFFFD-'), 'the name is shown, cleaned');
    assert.ok(documentXml.includes('end 😀'), 'a valid surrogate pair is kept');
    assert.ok(strFromU8(files['word/comments.xml']!).includes('why \uFFFD\uFFFD'));
  });

  test('coverage.svg, every subsection picture and report.html hold no forbidden character', () => {
    const pictures = readdirSync(out).filter((f) => /^coverage.*\.svg$/.test(f));
    assert.ok(pictures.length > 1, pictures.join(', '));
    for (const f of pictures) assert.doesNotMatch(readFileSync(join(out, f), 'utf8'), XML_FORBIDDEN_CHAR, f);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.doesNotMatch(html, XML_FORBIDDEN_CHAR);
    assert.ok(html.includes('pool-\uFFFD-'));
  });

  test('LibreOffice opens finding.docx and the PDF carries the name and the template text', {
    skip: libreOfficeMissing,
    timeout: 120_000,
  }, () => {
    const { pdf, text, log } = docxToPdf(join(out, 'finding.docx'), dir);
    assert.ok(pdf, `LibreOffice wrote no PDF: ${log}`);
    if (text !== null) {
      assert.match(text, /Security services .* heading/);
      assert.match(text, /pool-.*end/);
    }
  });
});
