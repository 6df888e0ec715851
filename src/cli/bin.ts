#!/usr/bin/env node
// Entry point. Settings that must exist before the AWS SDK loads are made here, then the CLI is
// imported: static imports would evaluate the SDK first.

// The SDK warns about Node 20 on every run; watchpost supports Node >= 20 deliberately.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// dist/ is a bundle (scripts/build.mjs): stack traces point to src/ through its source maps. Reading the
// maps costs start-up time, so only the paths that may print a stack trace turn them on.
if (process.env.WATCHPOST_DEBUG_STACK === '1' || process.argv.includes('--debug')) {
  process.setSourceMapsEnabled(true);
}
// The same script runs the worker threads of an organization scan (pipeline/org-workers.ts).
// (Checked here, not by importing that module: --help must not load the AWS SDK.)
const { isMainThread, workerData } = await import('node:worker_threads');
if (!isMainThread && (workerData as { watchpost?: string } | null)?.watchpost === 'org-worker') {
  (await import('../pipeline/org-workers.js')).runOrgWorker();
} else {
  await import('./main.js');
}
