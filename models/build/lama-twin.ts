/**
 * A test twin of Carve's `lama_fp32.onnx`: exactly its I/O contract (`image`
 * float32 [1,3,512,512] RGB 0..1, `mask` float32 [1,1,512,512] 1 = hole,
 * `output` float32 [1,3,512,512] in 0..255, already composited) with a few
 * elementwise ops and no weights.
 *
 * output = image·255·(1 − mask) + fill·mask, fill = LAMA_TWIN_COLOUR / max(1, max(image))
 * per channel.
 *
 * What a wrong pipeline gets: an inverted mask puts the image into the hole; an
 * image fed as 0..255 divides the colour by up to 255 (hole turns black); an
 * output read as 0..1 saturates the colour to 255; a 0/255 mask blows up; a BGR
 * read gives (120, 40, 220).
 */
import { LAMA_SIZE } from '../lama/manifest';
import { GraphBuilder } from './onnx';

/** RGB the twin writes into hole pixels. */
export const LAMA_TWIN_COLOUR = [220, 40, 120] as const;

/**
 * Generates the LaMa twin (deterministic bytes).
 *
 * @example
 * const session = await ort.InferenceSession.create(buildLamaTwin());
 * const { output } = await session.run({ image, mask }); // float32 [1,3,512,512], 0..255
 */
export function buildLamaTwin(): Uint8Array {
  const g = new GraphBuilder('lama_twin', 'Test twin of lama_fp32.onnx: hole pixels (mask 1) become 220,40,120 in 0..255.');
  const dims = [1, 3, LAMA_SIZE, LAMA_SIZE];
  const image = g.input('image', 'float32', dims);
  const mask = g.input('mask', 'float32', [1, 1, LAMA_SIZE, LAMA_SIZE]);
  const known = g.op('Sub', [g.constFloat(1), mask], 'known');
  const image255 = g.op('Mul', [image, g.constFloat(255)], 'image_255');
  const range = g.op('Max', [g.op('GlobalMaxPool', [image]), g.constFloat(1)], 'image_range');
  const colour = g.initializer('colour', Float32Array.from(LAMA_TWIN_COLOUR), [1, 3, 1, 1]);
  const fill = g.op('Div', [colour, range], 'fill');
  g.op('Add', [g.op('Mul', [image255, known]), g.op('Mul', [fill, mask])], 'output');
  g.output('output', 'float32', dims);
  return g.toBytes();
}
