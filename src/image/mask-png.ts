/**
 * A PNG mask straight to a hole map (1 byte a pixel) and its bounding box,
 * without its RGBA ever existing. The browser's decode of a 12 MP mask holds a
 * 48 MB bitmap, a 48 MB canvas and 48 MB of read-back pixels, and costs
 * 300–600 ms, for one bit of information per pixel. Here the zlib stream is
 * inflated (pako) 64 KB at a time into one buffer, each scanline is unfiltered
 * in one row buffer and thresholded at once: the hole map is the only
 * full-size allocation, and nothing is left for the collector (the platform's
 * `DecompressionStream` made a new buffer of every 64 KB it inflated: 48 MB of
 * garbage for a 12 MP RGBA mask, beside the image's decode at the peak).
 *
 * Same hole map as `holeMapFromRgba(decodeImage(png))`, bit for bit, on what it
 * accepts: 8-bit and 1/2/4-bit greyscale and palette, 8-bit RGB, grey + alpha
 * and RGBA, non-interlaced, every chunk's CRC correct, no chunk that could
 * change the decoded pixels (colour profile, gamma, EXIF orientation,
 * animation), every pixel opaque or fully transparent. Anything else returns
 * null and the caller decodes through the browser, which then decides (a
 * partly transparent pixel's colour goes through the canvas's premultiplied
 * storage there, which this decoder does not imitate). DOM-free: runs in Node.
 */
import type { Rect } from '../shared/rect';
import { HOLE_THRESHOLD_SCALED } from '../shared/pixels';
import { ZStream, Z_BUF_ERROR, Z_NO_FLUSH, Z_OK, Z_STREAM_END, zlibInflate, zlibInflateEnd, zlibInflateInit2 } from 'pako';
import { ascii, crc32, u16be, u32be } from './metadata/bytes';

/** A decoded mask: its hole map (1 = hole), the hole's bounding box (null: no hole) and its pixel count. */
export interface PngHoleMap {
  width: number;
  height: number;
  hole: Uint8Array;
  bounds: Rect | null;
  /** Hole pixels in all. */
  count: number;
}

/** Per sample value or palette index: what the pixel is. */
const KEEP = 0;
const HOLE = 1;
/** Partly transparent, or a palette index past the palette's end: the browser decides. */
const BAIL = 2;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Ancillary chunks that never change the pixels that `decodeImage` reads
 * (`colorSpaceConversion: 'none'` ignores sRGB). A chunk not listed here, such
 * as iCCP, gAMA, cHRM, cICP, eXIf or acTL, sends the mask to the browser.
 */
const PASSIVE_CHUNKS = new Set(['sRGB', 'pHYs', 'tEXt', 'zTXt', 'iTXt', 'tIME', 'bKGD', 'hIST', 'sPLT', 'sBIT']);

/** Inflated bytes a step, in one buffer reused to the end. */
const INFLATE_BYTES = 64 * 1024;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Above this many pixels the browser decides (and likely refuses). */
const MAX_PIXELS = 1 << 28;

interface Header {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  palette?: Uint8Array;
  trns?: Uint8Array;
  idat: Uint8Array[];
}

/**
 * The hole map of a PNG mask, or null when the PNG is not one this decoder
 * reads exactly (see the module's comment); never throws.
 *
 * @example
 * const map = (await pngHoleMap(new Uint8Array(await mask.arrayBuffer()))) ?? (await browserHoleMap(mask));
 */
export async function pngHoleMap(png: Uint8Array): Promise<PngHoleMap | null> {
  // Pixels are read as 16- and 32-bit words, in the byte order of every browser today.
  if (!LITTLE_ENDIAN) return null;
  try {
    const header = readChunks(png);
    return header ? decodeRows(header) : null;
  } catch {
    return null;
  }
}

/** Whether `bytes` starts with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

function readChunks(png: Uint8Array): Header | null {
  if (!isPng(png)) return null;
  let at = 8;
  let header: Header | undefined;
  let ended = false;
  let idatClosed = false;
  while (at + 12 <= png.length) {
    const length = u32be(png, at);
    const type = ascii(png, at + 4, 4);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > png.length) return null;
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== u32be(png, at + 8 + length)) return null;
    const data = png.subarray(at + 8, at + 8 + length);
    at = end;
    if (!header) {
      if (type !== 'IHDR' || length !== 13) return null;
      const [depth, colourType, compression, filter, interlace] = data.subarray(8, 13);
      const width = u32be(data, 0);
      const height = u32be(data, 4);
      if (width === 0 || height === 0 || width * height > MAX_PIXELS) return null;
      if (compression !== 0 || filter !== 0 || interlace !== 0) return null;
      const eightBit = depth === 8 && [0, 2, 3, 4, 6].includes(colourType);
      const subByte = (depth === 1 || depth === 2 || depth === 4) && (colourType === 0 || colourType === 3);
      if (!eightBit && !subByte) return null;
      header = { width, height, depth, colourType, idat: [] };
      continue;
    }
    // IDAT chunks are consecutive, PLTE and tRNS come once each before them (PLTE first):
    // a file that breaks the order is the browser's to judge.
    if (type === 'IDAT') {
      if (header.idat.length > 0 && idatClosed) return null;
      header.idat.push(data);
      continue;
    }
    if (header.idat.length > 0) idatClosed = true;
    if (type === 'PLTE') {
      if (header.palette || header.trns || header.idat.length > 0 || header.colourType === 0 || header.colourType === 4) return null;
      header.palette = data;
    } else if (type === 'tRNS') {
      if (header.trns || header.idat.length > 0) return null;
      header.trns = data;
    } else if (type === 'IEND') {
      ended = true;
      break;
    } else if (!PASSIVE_CHUNKS.has(type)) return null;
  }
  if (!header || !ended || header.idat.length === 0) return null;
  if (header.colourType === 3 && (!header.palette || header.palette.length % 3 !== 0)) return null;
  return header;
}

/** Whether an opaque pixel of this colour is a hole: the threshold of `holeMapFromRgba` at alpha 255. */
function opaqueHole(r: number, g: number, b: number): number {
  return 255 * (299 * r + 587 * g + 114 * b) < HOLE_THRESHOLD_SCALED ? HOLE : KEEP;
}

/**
 * What each sample value (greyscale) or index (palette) means, for the
 * colour types that have one channel: KEEP, HOLE or BAIL.
 */
function sampleTable({ depth, colourType, palette, trns }: Header): Uint8Array {
  const table = new Uint8Array(1 << depth);
  for (let s = 0; s < table.length; s++) {
    if (colourType === 0) {
      const transparent = trns !== undefined && trns.length >= 2 && u16be(trns, 0) === s;
      const grey = (s * 255) / ((1 << depth) - 1);
      table[s] = transparent ? KEEP : opaqueHole(grey, grey, grey);
    } else {
      if (3 * s + 2 >= palette!.length) {
        table[s] = BAIL;
        continue;
      }
      const alpha = trns !== undefined && s < trns.length ? trns[s] : 255;
      table[s] = alpha === 0 ? KEEP : alpha === 255 ? opaqueHole(palette![3 * s], palette![3 * s + 1], palette![3 * s + 2]) : BAIL;
    }
  }
  return table;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function decodeRows(header: Header): PngHoleMap | null {
  const { width, height, depth, colourType } = header;
  const channels = CHANNELS[colourType];
  const stride = Math.ceil((width * channels * depth) / 8);
  const bpp = Math.max(1, (channels * depth) >> 3);
  // Row buffers padded to whole words (the padding stays 0), so rows compare 4 bytes at a time.
  const words = (stride + 3) >> 2;
  let line = new Uint8Array(words * 4);
  let prev = new Uint8Array(words * 4);
  let line32 = new Uint32Array(line.buffer);
  let prev32 = new Uint32Array(prev.buffer);
  const classify = rowClassifier(header);
  const hole = new Uint8Array(width * height);
  let minX = width;
  let maxX = -1;
  let minY = -1;
  let maxY = -1;
  let first = -1;
  let last = -1;
  /** Hole pixels in the last row made (a row copied from it has as many). */
  let rowCount = 0;
  let count = 0;
  let filter = -1;
  let filled = 0;
  let y = 0;

  /** Unfilters `line` against `prev` and writes row `y` of the hole map; false when the browser must decide. */
  const finishRow = (): boolean => {
    const at = y * width;
    // A mask is mostly rows equal to the one above ("Up" with zero differences, or
    // "None" with the same bytes): their hole row is a copy, and `prev` already holds them.
    let same = y > 0 && (filter === 2 ? isZero(line32) : filter === 0 && equal(line32, prev32));
    if (!same) {
      if (!(bpp === 4 && unfilterWords(filter, line32, prev32)) && !unfilter(filter, line, prev, stride, bpp)) return false;
      same = y > 0 && equal(line32, prev32);
    }
    if (same) {
      hole.copyWithin(at, at - width, at);
    } else {
      const row = hole.subarray(at, at + width);
      if (!classify(line, row)) return false;
      first = row.indexOf(HOLE);
      last = row.lastIndexOf(HOLE);
      rowCount = 0;
      for (let x = first; x >= 0 && x <= last; x++) rowCount += row[x];
      [line, prev] = [prev, line];
      [line32, prev32] = [prev32, line32];
    }
    count += rowCount;
    if (first >= 0) {
      if (first < minX) minX = first;
      if (last > maxX) maxX = last;
      if (minY < 0) minY = y;
      maxY = y;
    }
    y++;
    return true;
  };

  // Inflated by pako's zlib into one small buffer, reused: the platform's DecompressionStream
  // hands out each 64 KB of output as a new buffer that only the collector frees, 48 MB
  // of them for a 12 MP RGBA mask, resident beside the image's decode (node bench/lab/twelve-memory.mjs).
  // Raw deflate after the zlib header, read here: the Adler-32 at the end is not checked, as
  // Chromium's decoder does not check it (it decodes a PNG whose Adler-32 is wrong; every chunk's
  // CRC, checked above, covers the same bytes). With the check, pako's inflate took the 12 MP
  // mask's read from 61 to 112 ms (node bench/lab/mask-read.mjs).
  const body = zlibBody(header.idat);
  if (!body) return null;
  const strm = new ZStream();
  if (zlibInflateInit2(strm, -15) !== Z_OK) return null;
  const out = new Uint8Array(INFLATE_BYTES);
  let ended = false;
  /** Bytes after the deflate stream's end: its Adler-32 alone (4) is what a zlib stream has there. */
  let trailing = 0;
  try {
    for (const part of body) {
      if (ended) {
        trailing += part.length;
        continue;
      }
      strm.input = part;
      strm.next_in = 0;
      strm.avail_in = part.length;
      for (;;) {
        strm.output = out;
        strm.next_out = 0;
        strm.avail_out = out.length;
        const status = zlibInflate(strm, Z_NO_FLUSH);
        if (status === Z_STREAM_END) ended = true;
        else if (status !== Z_OK && status !== Z_BUF_ERROR) return null;
        const value = out.subarray(0, strm.next_out);
        let at = 0;
        while (at < value.length) {
          // Data past the last row: the browser decides what that means.
          if (y === height) return null;
          if (filter < 0) {
            filter = value[at++];
            continue;
          }
          const n = Math.min(value.length - at, stride - filled);
          line.set(value.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === stride) {
            if (!finishRow()) return null;
            filled = 0;
            filter = -1;
          }
        }
        if (ended) {
          trailing += strm.avail_in;
          break;
        }
        // This part is used up and the output had room: the next part.
        if (strm.avail_in === 0 && strm.avail_out > 0) break;
      }
    }
  } finally {
    zlibInflateEnd(strm);
  }
  // A stream cut short, or anything but the checksum's 4 bytes after its end: the browser decides what it means.
  if (!ended || trailing !== 4) return null;
  if (y !== height || filter >= 0) return null;
  const bounds = maxX < 0 ? null : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
  return { width, height, hole, bounds, count };
}

/**
 * The IDAT data past a valid 2-byte zlib header (deflate, a window of at most 32 KiB, no preset
 * dictionary: RFC 1950 §2.2), as the parts it is split into (the header's two bytes may lie in
 * different chunks); null when the header is not one.
 */
function zlibBody(idat: Uint8Array[]): Uint8Array[] | null {
  const head: number[] = [];
  let i = 0;
  let at = 0;
  for (; i < idat.length && head.length < 2; i++) {
    for (at = 0; at < idat[i].length && head.length < 2; at++) head.push(idat[i][at]);
  }
  if (head.length < 2) return null;
  const [cmf, flg] = head;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 0x20) return null;
  return [idat[i - 1].subarray(at), ...idat.slice(i)];
}

/** Whether every word is 0: or-ed 16 at a time (one branch a block; a row that differs mostly differs early). */
function isZero(words: Uint32Array): boolean {
  const n = words.length;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    if (
      (words[i] | words[i + 1] | words[i + 2] | words[i + 3] | words[i + 4] | words[i + 5] | words[i + 6] | words[i + 7] |
        words[i + 8] | words[i + 9] | words[i + 10] | words[i + 11] | words[i + 12] | words[i + 13] | words[i + 14] | words[i + 15]) !== 0
    )
      return false;
  }
  for (; i < n; i++) if (words[i] !== 0) return false;
  return true;
}

function equal(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Writes one unfiltered row's hole map (1 = hole); false on a pixel the browser
 * must decide. A pixel equal to the one before it takes its decision.
 */
function rowClassifier(header: Header): (line: Uint8Array, row: Uint8Array) => boolean {
  const { depth, colourType, trns } = header;
  if (colourType === 0 || colourType === 3) {
    const table = sampleTable(header);
    const mask = (1 << depth) - 1;
    return (line, row) => {
      for (let x = 0; x < row.length; x++) {
        const bit = x * depth;
        const v = table[depth === 8 ? line[x] : (line[bit >> 3] >> (8 - depth - (bit & 7))) & mask];
        if (v === BAIL) return false;
        row[x] = v;
      }
      return true;
    };
  }
  if (colourType === 2) {
    const key = trns && trns.length >= 6 ? [u16be(trns, 0), u16be(trns, 2), u16be(trns, 4)] : [-1, -1, -1];
    return (line, row) => {
      for (let x = 0, p = 0; x < row.length; x++, p += 3) {
        const r = line[p];
        const g = line[p + 1];
        const b = line[p + 2];
        row[x] = r === key[0] && g === key[1] && b === key[2] ? KEEP : opaqueHole(r, g, b);
      }
      return true;
    };
  }
  // Grey + alpha and RGBA: one 16- or 32-bit word per pixel (the row buffer is word-aligned).
  const decide = (px: number): number => {
    const [r, g, b, a] = colourType === 4 ? [px & 0xff, px & 0xff, px & 0xff, (px >>> 8) & 0xff] : [px & 0xff, (px >>> 8) & 0xff, (px >>> 16) & 0xff, px >>> 24];
    return a === 255 ? opaqueHole(r, g, b) : a === 0 ? KEEP : BAIL;
  };
  return (line, row) => {
    const pixels = colourType === 4 ? new Uint16Array(line.buffer, 0, row.length) : new Uint32Array(line.buffer, 0, row.length);
    let last = -1;
    let v = KEEP;
    for (let x = 0; x < row.length; x++) {
      const px = pixels[x];
      if (px !== last) {
        v = decide(px);
        if (v === BAIL) return false;
        last = px;
      }
      row[x] = v;
    }
    return true;
  };
}

/**
 * Sub and Up for 4-byte pixels (8-bit RGBA, the canvas's masks), a pixel a
 * step: four bytes added at once, each mod 256 (the low seven bits of each
 * byte added, the top bit by xor, so no carry crosses a byte). Same bytes as
 * {@link unfilter}, a quarter of the steps; false for the other filters. The
 * row buffers are whole words, their padding 0 (it stays 0: 0 + 0).
 */
function unfilterWords(type: number, line: Uint32Array, prev: Uint32Array): boolean {
  if (type === 1) {
    let left = 0;
    for (let i = 0; i < line.length; i++) left = line[i] = addBytes(line[i], left);
    return true;
  }
  if (type === 2) {
    for (let i = 0; i < line.length; i++) line[i] = addBytes(line[i], prev[i]);
    return true;
  }
  return false;
}

function addBytes(a: number, b: number): number {
  return (((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080)) >>> 0;
}

/** Undoes a scanline's filter in place (PNG 3 §7.3, §9); false for an unknown filter type. */
function unfilter(type: number, line: Uint8Array, prev: Uint8Array, stride: number, bpp: number): boolean {
  switch (type) {
    case 0:
      return true;
    case 1:
      for (let i = bpp; i < stride; i++) line[i] += line[i - bpp];
      return true;
    case 2:
      for (let i = 0; i < stride; i++) line[i] += prev[i];
      return true;
    case 3:
      for (let i = 0; i < bpp; i++) line[i] += prev[i] >> 1;
      for (let i = bpp; i < stride; i++) line[i] += (line[i - bpp] + prev[i]) >> 1;
      return true;
    case 4:
      for (let i = 0; i < bpp; i++) line[i] += prev[i];
      for (let i = bpp; i < stride; i++) {
        const a = line[i - bpp];
        const b = prev[i];
        const c = prev[i - bpp];
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        line[i] += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      return true;
    default:
      return false;
  }
}
