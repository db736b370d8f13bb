/**
 * Property tests of the request contract's bad-input rule: a valid request
 * with any of its fields replaced by any JSON-like value (or several at once)
 * is either accepted or refused with one `InpaintError('invalid_request')`
 * whose `invalid_params` name only the fields that were replaced (a field, an
 * index or a member path below it), each with a reason that says what was
 * wrong and what is valid. Never another error, never a problem blamed on a
 * field that was not touched. URLs go to a fetch that answers 404, so nothing
 * leaves the machine. Fixed seed; `FC_SEED=…` explores others.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InpaintError } from '../shared/errors';
import { encodePng } from './test-images';
import { validateRequest } from './validate';
import { validateExpandRequest } from './validate-expand';

const FC = { numRuns: 400, seed: Number(process.env.FC_SEED ?? 20261207) };

/** Every field of the contract (the hosted API's table plus ours), as a request may carry it. */
const FIELDS = [
  'image',
  'mask',
  'prompt',
  'rendering_speed',
  'magic_prompt',
  'style_type',
  'style_codes',
  'style_reference_images',
  'character_reference_images',
  'color_palette',
  'seed',
  'webhook_url',
  'num_images',
  'output_format',
  'metadata',
  'background',
  'model',
] as const;

const png = (w: number, h: number): Blob => new Blob([encodePng(w, h) as BlobPart], { type: 'image/png' });

/** Values a JSON body, a form or a careless caller may send; near-misses of valid ones included. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, withBoxedValues: false, withNullPrototype: true, withObjectString: true }),
  fc.constantFrom('', ' ', 'TURBO', 'turbo', 'AUTO', 'ON', 'REALISTIC', '#FF8800', '#ff8800', '#FFF', 'FF8800', '1a2b3c4d', 'https://example.com/a.png', 'http://localhost/x', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'png', 'webp', 'keep', 'strip-location', 'migan', '\u0000', '\uD800'),
  fc.constantFrom(-1, 0, 1, 4, 5, 2147483647, 2147483648, 0.5, Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.constantFrom([], [{}], [{ color_hex: '#FF8800', color_weight: 2 }], { name: 'EMBER' }, { name: 'EMBER', members: [] }, { members: [{ color_hex: '#FFF' }] }, ['1a2b3c4d', 'xyz'], [png(5, 3)], new Array(9).fill(png(5, 3))),
  fc.constant(png(5, 3)),
  fc.constant(png(6, 3)),
  fc.constant(new Blob([new Uint8Array([1, 2, 3])])),
);

/** A fetch that answers every URL with 404, and counts. */
function notFound(): { fetch: typeof fetch; calls: number } {
  const state = { calls: 0, fetch: (async () => {
    state.calls++;
    return new Response('no', { status: 404 });
  }) as typeof fetch };
  return state;
}

/** The field that an `invalid_params` name points into: `color_palette.members[0].color_hex` → `color_palette`. */
const fieldOf = (name: string): string => name.split(/[.[]/)[0];

async function outcome(run: () => Promise<unknown>): Promise<{ ok: true } | { ok: false; error: InpaintError }> {
  try {
    await run();
    return { ok: true };
  } catch (err) {
    if (err instanceof InpaintError) return { ok: false, error: err };
    throw err;
  }
}

function expectBlamesOnly(error: InpaintError, changed: readonly string[]): void {
  expect(error.code).toBe('invalid_request');
  expect(error.invalid_params?.length).toBeGreaterThan(0);
  for (const p of error.invalid_params!) {
    expect(changed, `${p.name}: ${p.reason}`).toContain(fieldOf(p.name));
    // Says what was wrong and what is valid, in words.
    expect(p.reason.length, p.name).toBeGreaterThan(12);
    expect(p.reason, p.name).toMatch(/expected|must|at most|allowed|required|not|cannot|is \d+x\d+|failed|HTTP|refused|[Nn]o /);
  }
}

describe('validateRequest with fields replaced by arbitrary values', () => {
  it('one field: accepted, or refused naming that field alone with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), value, async (field, v) => {
        const body: Record<string, unknown> = { image: png(5, 3), mask: png(5, 3), prompt: 'a red door', [field]: v };
        const result = await outcome(() => validateRequest(body, { fetch: notFound().fetch }));
        if (!result.ok) expectBlamesOnly(result.error, field === 'image' ? [field, 'mask'] : [field]);
      }),
      FC,
    );
  });

  it('several fields at once: every problem is listed in one answer, each naming a replaced field', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 2, maxLength: 6 }), fc.array(value, { minLength: 6, maxLength: 6 }), async (fields, values) => {
        const body: Record<string, unknown> = { image: png(5, 3), mask: png(5, 3), prompt: 'a red door' };
        fields.forEach((f, i) => (body[f] = values[i]));
        const result = await outcome(() => validateRequest(body, { fetch: notFound().fetch }));
        if (!result.ok) {
          refused++;
          // A new image of another size makes the (untouched) mask the wrong size: that problem is the mask's.
          expectBlamesOnly(result.error, fields.includes('image') ? [...fields, 'mask'] : fields);
        }
      }),
      FC,
    );
    expect(refused).toBeGreaterThan(FC.numRuns / 2);
  });

  it('the body itself: anything but an object is refused as body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.anything())), async (body) => {
        const result = await outcome(() => validateRequest(body));
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('invalid_request');
          expect(result.error.invalid_params?.map((p) => p.name)).toEqual(['body']);
        }
      }),
      FC,
    );
  });
});

describe('validateExpandRequest with fields replaced by arbitrary values', () => {
  const SIDES = ['left', 'right', 'top', 'bottom'] as const;
  const EXPAND_FIELDS = ['image', ...SIDES, 'prompt', 'rendering_speed', 'seed', 'num_images', 'output_format', 'metadata', 'background', 'model', 'color_palette', 'webhook_url'] as const;
  it('accepted, or refused naming only the replaced field (a side may be named with the others: "at least one side")', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EXPAND_FIELDS), fc.oneof(value, fc.integer({ min: -10, max: 5_000 })), async (field, v) => {
        const body: Record<string, unknown> = { image: png(5, 3), right: 4, [field]: v };
        const result = await outcome(() => validateExpandRequest(body, { fetch: notFound().fetch }));
        if (result.ok) return;
        const sides = SIDES.join(', ');
        expectBlamesOnly(result.error, field === 'right' ? [field, sides] : [field]);
      }),
      FC,
    );
  });

  it('a mask sent to expand is refused as not a field of an expand request, whatever it is', async () => {
    await fc.assert(
      fc.asyncProperty(value.filter((v) => v !== undefined), async (mask) => {
        const result = await outcome(() => validateExpandRequest({ image: png(5, 3), right: 4, mask }));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.invalid_params?.map((p) => p.name)).toContain('mask');
      }),
      FC,
    );
  });
});
