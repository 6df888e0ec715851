#!/usr/bin/env node
// Builds dist/ with esbuild (`npm run build` typechecks with tsc first): one ES-module bundle of the CLI,
// split into chunks so that `--help` loads almost nothing and each command loads only what it uses.
//
// Why a bundle: the AWS SDK's CommonJS entry points carry every operation of a service (client-ec2 alone
// took ~0.9 s to load). Bundled from the SDK's ES modules, only the commands watchpost sends are kept.
//
// - dist/cli/bin.js is the entry point (package `bin`); the chunks sit directly in dist/, so code that
//   finds package.json at `<its folder>/..` (src/version.ts) finds the package's own.
// - Native addons stay external (@resvg/resvg-js loads its platform binary from node_modules).
// - Source maps (dist/**/*.js.map, sources not inlined) point to src/; bin.ts turns them on for --debug
//   and WATCHPOST_DEBUG_STACK=1.
// - Identifiers are not minified. The allow-list middleware compares command names, which the SDK
//   sets from string literals: bundling does not change what the gateway can send.
// - The HTML report's browser script is bundled first (scripts/build-client.mjs), into
//   src/render/html-client.generated.ts, which the CLI bundle then takes in like any module.
//
// Usage: node scripts/build.mjs [--clean] [--analyze]
//   --clean    remove every file of earlier builds from dist/ (they are otherwise kept for 30 minutes)
//   --analyze  print the largest packages in each output file
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { writeClient } from './build-client.mjs';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
/**
 * Chunk names carry a content hash, so a rebuild replaces them with new names. A CLI still running from
 * the previous build (tests in another terminal; a long scan) loads some chunks late (the renderers, at
 * the end of a scan), so files of earlier builds are kept for this long before they are removed
 * (`--clean`: removed at once, e.g. before packing).
 */
const KEEP_SUPERSEDED_MS = process.argv.includes('--clean') ? 0 : 30 * 60 * 1000;

/**
 * The SDK's generated schema modules key some object literals by constants (`{ [_xN]: "Name" }` with
 * `const _xN = "xmlName"`). esbuild counts a computed key as a possible side effect, so every schema
 * holding one was kept, used or not (client-ec2: ~1 MB of its ~1.3 MB). Writing the constant's string in
 * place (`{ "xmlName": "Name" }`) builds the same object and lets tree-shaking drop the unused schemas.
 */
const sdkSchemaKeys = {
  name: 'sdk-schema-keys',
  setup(build) {
    const filter = /[\\/]@aws-sdk[\\/].*[\\/]dist-es[\\/](.*[\\/])?schemas[\\/]schemas_\d+\.js$/;
    build.onLoad({ filter }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const strings = new Map();
      for (const m of text.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)) strings.set(m[1], m[2]);
      const contents = text.replace(/([{,]\s*)\[(_\w+)\]:/g, (all, before, name) => {
        const value = strings.get(name);
        return value === undefined ? all : `${before}${value}:`;
      });
      return { contents, loader: 'js' };
    });
  },
};

if (await writeClient()) {
  console.log('build: rewrote src/render/html-client.generated.ts from src/render/html-client/ (commit it)');
}

const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: { 'cli/bin': 'src/cli/bin.ts' },
  outdir: DIST,
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The SDK's ES modules (dist-es), not its CommonJS bundles: only ES modules can be tree-shaken.
  mainFields: ['module', 'main'],
  external: ['@resvg/resvg-js'],
  // CommonJS dependencies (yaml) require() Node built-ins; an ES module has no `require` of its own.
  banner: {
    js: "import { createRequire as __watchpostCreateRequire } from 'node:module'; const require = __watchpostCreateRequire(import.meta.url);",
  },
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  plugins: [sdkSchemaKeys],
  write: false,
  logLevel: 'warning',
});
install(result.outputFiles);

/**
 * Writes the new files into dist/, each through a temporary name and a rename (no reader sees half a
 * file), the entry point last (it only appears once its chunks are there); then removes the files of
 * earlier builds that are old enough.
 */
function install(outputFiles) {
  const entry = join(DIST, 'cli', 'bin.js');
  const order = [
    ...outputFiles.filter((f) => !f.path.startsWith(entry)),
    ...outputFiles.filter((f) => f.path.startsWith(entry)),
  ];
  for (const file of order) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents, { mode: file.path === entry ? 0o755 : 0o644 });
    renameSync(temporary, file.path);
  }
  const current = new Set(outputFiles.map((f) => relative(DIST, f.path)));
  const cutoff = Date.now() - KEEP_SUPERSEDED_MS;
  for (const file of walk(DIST)) {
    if (!current.has(file) && !file.endsWith('.tmp') && statSync(join(DIST, file)).mtimeMs < cutoff)
      rmSync(join(DIST, file));
  }
  for (const dir of walkDirs(DIST).reverse())
    if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}

function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name), base) : [relative(base, join(dir, d.name))],
  );
}

function walkDirs(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => [join(dir, d.name), ...walkDirs(join(dir, d.name))]);
}

// The entry point must run and find its version (chunks in another folder would print 0.0.0).
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const version = execFileSync(process.execPath, [join(DIST, 'cli', 'bin.js'), '--version'], {
  encoding: 'utf8',
}).trim();
if (version !== `watchpost ${pkg.version}`) {
  console.error(`build: dist/cli/bin.js --version printed ${JSON.stringify(version)}`);
  process.exit(1);
}

const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
const total = outputs.reduce((n, [, o]) => n + o.bytes, 0);
console.log(`build: ${outputs.length} JavaScript files in dist/, ${(total / 2 ** 20).toFixed(1)} MiB`);
if (process.argv.includes('--analyze')) {
  for (const [file, o] of outputs.sort((a, b) => b[1].bytes - a[1].bytes)) {
    const byPackage = new Map();
    for (const [input, { bytesInOutput }] of Object.entries(o.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = m ? m[1] : input.split('/').slice(0, 2).join('/');
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
    const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const name = relative(DIST, join(ROOT, file));
    console.log(
      `${(o.bytes / 1024).toFixed(0).padStart(6)} KiB ${name}: ${top.map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}`).join(', ')}`,
    );
  }
}
