/**
 * What the editor's model picker says about each registered model: its label
 * (name, download size, cached or not), the notice before a first download,
 * and the form problem for an id that is not registered. Facts come from
 * models/catalog (pure data; the registry would pull the built-in graph builder
 * into the page), cached state from the client's `cachedModelIds()`.
 */
import { MODEL_CATALOG, catalogModel, type CatalogModel } from '../../../models/catalog';
import type { DeviceSupport, ModelSupport } from '../../shared/device-support';
import type { InvalidParam } from '../../shared/errors';

/**
 * Decimal units, as download sizes are quoted (a "2.6 GB" model): one decimal
 * below 100 of a unit, none above.
 *
 * @example
 * formatSize(28_079_181);    // '28.1 MB'
 * formatSize(2_580_085_000); // '2.6 GB'
 */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  // Pick the unit after rounding, so 999 950 B reads "1.0 MB", not "1000 kB".
  const round = (v: number) => (Number(v.toFixed(1)) < 100 ? v.toFixed(1) : v.toFixed(0));
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1e3;
  let unit = 0;
  while (unit < units.length - 1 && Number(round(value)) >= 1000) {
    value /= 1e3;
    unit++;
  }
  return `${round(value)} ${units[unit]}`;
}

/** `'≈ 2.6 GB'` for a model whose file sizes are estimates until the first download, else `'28.1 MB'`. */
export function modelSize(m: CatalogModel): string {
  return `${m.bytesEstimated ? '≈ ' : ''}${formatSize(m.bytes)}`;
}

/**
 * The option text: name, then "built in", the size with "cached", or
 * "downloads" and the size. `cached` undefined (not known yet, or the query
 * failed) leaves the cached marker out. A model the device check (`support`)
 * says cannot run here reads "not on this device" and the plain reason instead.
 *
 * @example
 * modelLabel(catalogModel('sd-turbo')!, new Set()); // 'SD-Turbo (downloads ≈ 2.6 GB)'
 * modelLabel(catalogModel('migan')!, new Set(['migan'])); // 'MI-GAN (28.1 MB, cached)'
 * modelLabel(catalogModel('sd-turbo')!, new Set(), support); // 'SD-Turbo (not on this device: needs a graphics card with 16-bit float support)'
 */
export function modelLabel(m: CatalogModel, cached: ReadonlySet<string> | undefined, support?: DeviceSupport): string {
  const unsupported = support?.models.find((s) => s.model === m.id && !s.runnable);
  if (unsupported) return `${m.name} (not on this device: ${unsupported.reason})`;
  if (m.files === 0) return `${m.name} (built in)`;
  if (!cached) return `${m.name} (${modelSize(m)})`;
  return cached.has(m.id) ? `${m.name} (${modelSize(m)}, cached)` : `${m.name} (downloads ${modelSize(m)})`;
}

/**
 * The one-line notice before Generate for a chosen model that downloads on
 * first use, or undefined (automatic routing, the built-in fill, a cached model).
 * With the cached state unknown the notice shows: a surprise download of
 * gigabytes is worse than a needless line.
 *
 * @example
 * downloadNotice('sd-turbo', new Set()); // 'First use downloads ≈ 2.6 GB (6 files); it is then cached for offline use.'
 */
export function downloadNotice(modelId: string, cached: ReadonlySet<string> | undefined): string | undefined {
  const m = catalogModel(modelId);
  if (!m || m.files === 0 || cached?.has(m.id)) return undefined;
  const files = m.files > 1 ? ` (${m.files} files)` : '';
  return `First use downloads ${modelSize(m)}${files}; it is then cached for offline use.`;
}

/**
 * A problem for a chosen id that is not registered (only the `model` attribute
 * can set one; the picker offers registered ids only), in the API's
 * `invalid_params` shape, listing the valid ids.
 *
 * @example
 * unknownModel('lama-xl')?.reason; // 'is "lama-xl"; expected one of builtin-fill, migan, …, or leave it out for automatic routing'
 */
export function unknownModel(modelId: string): InvalidParam | undefined {
  const id = modelId.trim();
  if (!id || catalogModel(id)) return undefined;
  const valid = MODEL_CATALOG.map((m) => m.id).join(', ');
  return { name: 'model', reason: `is "${id}"; expected one of ${valid}, or leave it out for automatic routing` };
}

/**
 * A problem for a chosen model the device check says cannot run here (the picker disables
 * such a model; only the `model` attribute can choose one), before any download.
 *
 * @example
 * unrunnableModel('sd-turbo', support)?.reason; // 'is "sd-turbo", which this device cannot run: it needs a graphics card with 16-bit float support'
 */
export function unrunnableModel(modelId: string, support: DeviceSupport | undefined): InvalidParam | undefined {
  const s = unsupportedModel(modelId.trim(), support);
  return s ? { name: 'model', reason: `is "${s.model}", which this device cannot run: it ${s.reason}` } : undefined;
}

/** The device check's entry for a model that cannot run here, or undefined. */
export function unsupportedModel(modelId: string, support: DeviceSupport | undefined): ModelSupport | undefined {
  return support?.models.find((m) => m.model === modelId && !m.runnable);
}
