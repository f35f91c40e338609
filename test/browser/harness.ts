import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import webpack from 'webpack';

/** What the browser suites share: the built dist/ served on 127.0.0.1, and the fake office.js as one script. */

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml',
};

/** test/browser/fakeOffice.ts → one classic script, with webpack's Node API and ts-loader. */
export async function bundleFakeOffice(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-office-'));
  const compiler = webpack({
    mode: 'development',
    devtool: false,
    target: ['web', 'es2020'],
    context: ROOT,
    entry: path.join(__dirname, 'fakeOffice.ts'),
    output: { path: out, filename: 'office.js', iife: true },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: path.join(ROOT, 'tsconfig.json'),
              compilerOptions: { module: 'esnext', moduleResolution: 'bundler', rootDir: ROOT, sourceMap: false },
            },
          },
        },
      ],
    },
    infrastructureLogging: { level: 'error' },
  });
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    compiler.run((err, s) => (err ? reject(err) : s ? resolve(s) : reject(new Error('webpack: no stats'))))
  );
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors()) throw new Error(`bundling the fake office.js failed:\n${stats.toString('errors-only')}`);
  const code = fs.readFileSync(path.join(out, 'office.js'), 'utf8');
  fs.rmSync(out, { recursive: true, force: true });
  return code;
}

/** Serves dist/ on 127.0.0.1:<random>, with no CSP header of its own; records what it could not serve. */
export function serveDist(): Promise<{ server: http.Server; origin: string; missing: string[] }> {
  const missing: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end(); // browsers ask for it; an add-in has none
      return;
    }
    const file = path.resolve(DIST, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(DIST + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      missing.push(url.pathname);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${port}`, missing });
    })
  );
}
