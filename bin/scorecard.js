#!/usr/bin/env node
'use strict';
// The command is compiled from src/cli by `npm install` (the prepare script) or `npm run build:cli`.
let cli;
try {
  cli = require('../lib/cli/main.js');
} catch (e) {
  process.stderr.write('scorecard: not built yet; run `npm ci` (or `npm run build:cli`) in the repository first.\n');
  process.exit(2);
}
cli.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
