#!/usr/bin/env node
/*
 * Draws the add-in's icons into assets/icon-<size>.png: an Excel-green rounded square holding a white
 * score sheet with two score lines and a check mark. No dependencies: shapes are rasterised with 8×8
 * supersampling and written as RGBA PNG with node:zlib.
 *
 *   node scripts/draw-icons.js            # all sizes into assets/
 *   node scripts/draw-icons.js --out DIR  # somewhere else
 *
 * Geometry is laid out on a 16-unit grid so that edges fall on whole pixels at 16, 32, 48, 64, 80 and 128 px.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZES = [16, 20, 24, 32, 40, 48, 64, 80, 128];
const SUPERSAMPLE = 8;

const GREEN = [0x10, 0x7c, 0x41];
const WHITE = [0xff, 0xff, 0xff];
const LINE = [0x9f, 0xcf, 0xb3]; // the green at ~40 % on white: score lines that do not compete with the check

/** Is (x, y) inside the rounded rectangle [x0, x1] × [y0, y1] with corner radius r? */
function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Distance from (x, y) to the segment a–b. */
function segmentDistance(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Is (x, y) on the polyline drawn with the given width and round caps/joins? */
function onStroke(x, y, points, width) {
  for (let i = 1; i < points.length; i++) {
    if (segmentDistance(x, y, points[i - 1], points[i]) <= width / 2) return true;
  }
  return false;
}

/** Layers, bottom to top, in 16-unit coordinates. Each returns true where it covers the point. */
const LAYERS = [
  { color: GREEN, covers: (x, y) => inRoundRect(x, y, 0, 0, 16, 16, 3) },
  { color: WHITE, covers: (x, y) => inRoundRect(x, y, 3, 2, 13, 14, 1) },
  { color: LINE, covers: (x, y) => inRoundRect(x, y, 5, 4, 11, 5, 0.5) },
  { color: LINE, covers: (x, y) => inRoundRect(x, y, 5, 6, 9, 7, 0.5) },
  {
    color: GREEN,
    covers: (x, y) =>
      onStroke(
        x,
        y,
        [
          [5.6, 10.2],
          [7.4, 12],
          [10.8, 8.6],
        ],
        1.7
      ),
  },
];

/** RGBA pixels (not premultiplied) for one size. */
function render(size) {
  const px = Buffer.alloc(size * size * 4);
  const unit = 16 / size;
  const n = SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let pxi = 0; pxi < size; pxi++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (pxi + (sx + 0.5) / n) * unit;
          const y = (py + (sy + 0.5) / n) * unit;
          let color = null;
          for (const layer of LAYERS) if (layer.covers(x, y)) color = layer.color;
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 1;
          }
        }
      }
      const o = (py * size + pxi) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
        px[o + 3] = Math.round((255 * a) / (n * n));
      }
    }
  }
  return px;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encode RGBA pixels as a PNG (8-bit, colour type 6, no filtering: these files are tiny anyway). */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function main() {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? path.resolve(process.argv[i + 1]) : path.resolve(__dirname, '..', 'assets');
  fs.mkdirSync(outDir, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(outDir, `icon-${size}.png`);
    fs.writeFileSync(file, encodePng(size, render(size)));
    console.log(`wrote ${path.relative(process.cwd(), file)} (${size}×${size})`);
  }
}

if (require.main === module) main();

module.exports = { render, encodePng, SIZES };
