/**
 * Test fixtures: an EXIF (TIFF) block as a camera writes it, built byte by
 * byte: IFD0 with Make, Model and Orientation, an EXIF IFD with
 * DateTimeOriginal, a GPS IFD with latitude and longitude; and an XMP packet
 * with orientation and GPS properties. DOM-free, for unit and browser tests.
 */

export const CAMERA = { make: 'LocalInpaintCam', model: 'Test Body 1', date: '2024:05:06 07:08:09' };
/** 48° 51′ 24″ N, 2° 21′ 7″ E: recognisable rationals to search the bytes for. */
export const GPS = { lat: [48, 51, 24], lon: [2, 21, 7] };

type Entry = { tag: number; type: 1 | 2 | 3 | 4 | 5; values: number[] | string };

const SIZES = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8 } as const;

function entryBytes(e: Entry): number {
  const n = typeof e.values === 'string' ? e.values.length + 1 : e.values.length;
  return SIZES[e.type] * (e.type === 5 ? n / 2 : n);
}

/**
 * Writes IFDs one after the other, each followed by its out-of-line values.
 * `pointers` are IFD0 LONG entries whose value is the offset of a later IFD.
 */
function writeTiff(ifds: Entry[][], pointers: { tag: number; ifd: number }[], le: boolean): Uint8Array {
  const sizeOf = (entries: Entry[]) => 2 + entries.length * 12 + 4 + entries.reduce((n, e) => n + (entryBytes(e) > 4 ? entryBytes(e) : 0), 0);
  const all = ifds.map((entries, i) => (i === 0 ? [...entries, ...pointers.map((p) => ({ tag: p.tag, type: 4 as const, values: [0] }))] : entries));
  const offsets: number[] = [];
  let at = 8;
  for (const entries of all) {
    offsets.push(at);
    at += sizeOf(entries);
  }
  const out = new Uint8Array(at);
  const v = new DataView(out.buffer);
  out.set(le ? [0x49, 0x49] : [0x4d, 0x4d]);
  v.setUint16(2, 42, le);
  v.setUint32(4, 8, le);
  all.forEach((unsorted, i) => {
    const entries = [...unsorted].sort((a, b) => a.tag - b.tag);
    const base = offsets[i];
    let data = base + 2 + entries.length * 12 + 4;
    v.setUint16(base, entries.length, le);
    entries.forEach((e, k) => {
      const p = base + 2 + k * 12;
      const pointer = pointers.find((q) => q.tag === e.tag && i === 0);
      const values = pointer ? [offsets[pointer.ifd]] : e.values;
      const count = typeof values === 'string' ? values.length + 1 : e.type === 5 ? values.length / 2 : values.length;
      v.setUint16(p, e.tag, le);
      v.setUint16(p + 2, e.type, le);
      v.setUint32(p + 4, count, le);
      const size = entryBytes({ ...e, values });
      let w = size > 4 ? data : p + 8;
      if (size > 4) {
        v.setUint32(p + 8, data, le);
        data += size;
      }
      const list = typeof values === 'string' ? [...values].map((c) => c.charCodeAt(0)).concat(0) : values;
      for (const x of list) {
        if (e.type === 1 || e.type === 2) v.setUint8(w, x);
        else if (e.type === 3) v.setUint16(w, x, le);
        else v.setUint32(w, x, le);
        w += e.type === 1 || e.type === 2 ? 1 : e.type === 3 ? 2 : 4;
      }
    });
    v.setUint32(base + 2 + entries.length * 12, 0, le);
  });
  return out;
}

const rational = (dms: number[]) => dms.flatMap((x) => [x, 1]);

/**
 * A camera's EXIF block: Make, Model, Orientation `orientation`, DateTimeOriginal
 * and (unless `gps: false`) a GPS IFD.
 * @example
 * const tiff = cameraExif({ orientation: 6 });
 */
export function cameraExif(options: { orientation?: number; gps?: boolean; byteOrder?: 'II' | 'MM' } = {}): Uint8Array {
  const ifd0: Entry[] = [
    { tag: 0x010f, type: 2, values: CAMERA.make },
    { tag: 0x0110, type: 2, values: CAMERA.model },
    { tag: 0x0112, type: 3, values: [options.orientation ?? 1] },
  ];
  const exifIfd: Entry[] = [{ tag: 0x9003, type: 2, values: CAMERA.date }];
  const gpsIfd: Entry[] = [
    { tag: 0x0000, type: 1, values: [2, 3, 0, 0] },
    { tag: 0x0001, type: 2, values: 'N' },
    { tag: 0x0002, type: 5, values: rational(GPS.lat) },
    { tag: 0x0003, type: 2, values: 'E' },
    { tag: 0x0004, type: 5, values: rational(GPS.lon) },
  ];
  const withGps = options.gps !== false;
  return writeTiff(
    withGps ? [ifd0, exifIfd, gpsIfd] : [ifd0, exifIfd],
    withGps ? [{ tag: 0x8769, ifd: 1 }, { tag: 0x8825, ifd: 2 }] : [{ tag: 0x8769, ifd: 1 }],
    (options.byteOrder ?? 'II') === 'II',
  );
}

/** An XMP packet with a creator tool, orientation and GPS properties (attribute and element forms). */
export function cameraXmp(orientation = 6): Uint8Array {
  return new TextEncoder().encode(
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
      `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" ` +
      `xmp:CreatorTool="${CAMERA.model}" tiff:Orientation="${orientation}" exif:GPSLatitude="48,51.4N">` +
      `<exif:GPSLongitude>2,21.116667E</exif:GPSLongitude></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`,
  );
}

/** True when `needle` occurs in `hay`. */
export function containsBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/** The latitude rationals as stored (little-endian): what must not survive `strip-location`. */
export function latitudeBytes(le = true): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  rational(GPS.lat).forEach((x, i) => v.setUint32(i * 4, x, le));
  return b;
}
