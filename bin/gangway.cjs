#!/usr/bin/env node
'use strict';
// The CLI is bundled by `npm run build` (run automatically by `npm install`).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli', 'gangway.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write(
    'gangway: the CLI is not built yet; run `npm run build` in ' + path.dirname(__dirname) + '\n',
  );
  process.exit(2);
}
require('./code-cache.cjs').runBundleWithCodeCache(bundle, process.argv[2]);
