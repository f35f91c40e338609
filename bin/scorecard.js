#!/usr/bin/env node
'use strict';
// The command is compiled from src/cli by `npm install` (the prepare script) or `npm run build:cli`.
// A reader that stops early (`scorecard check … | head -1`) closes the pipe: that is not an error. What is
// left to print is dropped, and the command still finishes and exits with its own code (check: 0 or 1).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED')) return;
    throw e;
  });
}
let cli;
try {
  cli = require('../lib/cli/main.js');
} catch {
  process.stderr.write(
    'scorecard: 尚未建置，請先在專案目錄執行 npm ci / not built yet; run `npm ci` (or `npm run build:cli`) in the repository first.\n'
  );
  process.exit(2);
}
cli.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
