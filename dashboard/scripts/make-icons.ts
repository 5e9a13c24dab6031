// Renders the app icons (a calm teal disc inside a soft ring on the night background) as PNGs,
// with plain zlib, so no image tooling is needed. Run: npm run icons -w @breath-master/dashboard
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const background = [11, 18, 32];
const teal = [94, 234, 212];
const indigo = [129, 140, 248];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** Coverage of a pixel by a disc edge, for anti-aliasing (1 inside, 0 outside). */
const cover = (distance: number, radius: number) => Math.max(0, Math.min(1, radius - distance + 0.5));

function render(size: number, safeZone: number): Buffer {
  const rows: Buffer[] = [];
  const c = size / 2;
  const scale = (size / 2) * safeZone;
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      let [r, g, b] = background as [number, number, number];
      const ring = cover(d, scale * 0.92) * (1 - cover(d, scale * 0.84));
      const mix = (col: number[], a: number) => {
        r = r * (1 - a) + (col[0] as number) * a;
        g = g * (1 - a) + (col[1] as number) * a;
        b = b * (1 - a) + (col[2] as number) * a;
      };
      mix(indigo, ring * 0.7);
      const t = Math.min(1, d / (scale * 0.6));
      const disc = [teal[0] as number, (teal[1] as number) - 30 * t, (teal[2] as number) + 20 * t];
      mix(disc, cover(d, scale * 0.6));
      row.writeUInt8(Math.round(r), 1 + x * 4);
      row.writeUInt8(Math.round(g), 2 + x * 4);
      row.writeUInt8(Math.round(b), 3 + x * 4);
      row.writeUInt8(255, 4 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), render(192, 0.95));
writeFileSync(new URL('icon-512.png', out), render(512, 0.95));
// Maskable icons keep their content inside the central 80% safe zone.
writeFileSync(new URL('icon-512-maskable.png', out), render(512, 0.72));
writeFileSync(
  new URL('icon.svg', out),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><title>Breath Master</title><rect width="64" height="64" rx="14" fill="#0b1220"/><circle cx="32" cy="32" r="26" fill="none" stroke="#818cf8" stroke-opacity=".7" stroke-width="3"/><circle cx="32" cy="32" r="17" fill="#5eead4"/></svg>\n`,
);
