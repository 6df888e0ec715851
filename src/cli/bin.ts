#!/usr/bin/env node
// Entry point. Settings that must exist before the AWS SDK loads are made here, then the CLI is
// imported: static imports would evaluate the SDK first.

// The SDK warns about Node 20 on every run; watchpost supports Node >= 20 deliberately.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('./main.js');
