/**
 * A test twin of MI-GAN pipeline v2: exactly its I/O contract (names, dtypes,
 * dynamic [1,C,H,W] shapes, 255 = known / 0 = hole, output `result`) with a
 * handful of elementwise ops and no weights, so pipelines run end to end on
 * WASM and on WebGPU (SwiftShader) and tests can assert exact pixels.
 *
 * result = image·known + fill·(1 − known), known = mask / 255, and
 * fill = MIGAN_TWIN_COLOUR · max(mask) / 255 per channel.
 *
 * What a wrong pipeline gets: an inverted mask puts the image into the hole
 * (not the colour); a 0/1 mask instead of 0/255 makes max(mask)/255 = 1/255,
 * so the hole turns black; a BGR read gives (30, 200, 10).
 */
import { GraphBuilder } from './onnx';

/** RGB the twin writes into hole pixels: distinct per channel, so channel order shows. */
export const MIGAN_TWIN_COLOUR = [10, 200, 30] as const;

/**
 * Generates the MI-GAN twin (deterministic bytes).
 *
 * @example
 * const session = await ort.InferenceSession.create(buildMiganTwin());
 * const { result } = await session.run({ image: u8Image, mask: u8Mask }); // uint8 [1,3,H,W]
 */
export function buildMiganTwin(): Uint8Array {
  const g = new GraphBuilder('migan_twin', 'Test twin of migan_pipeline_v2.onnx: hole pixels (mask 0) become RGB 10,200,30.');
  const image = g.input('image', 'uint8', [1, 3, 'H', 'W']);
  const mask = g.input('mask', 'uint8', [1, 1, 'H', 'W']);
  const FLOAT = 1;
  const UINT8 = 2;
  const imageF = g.op('Cast', [image], 'image_f', { to: FLOAT });
  const maskF = g.op('Cast', [mask], 'mask_f', { to: FLOAT });
  const inv255 = g.constFloat(1 / 255);
  const known = g.op('Mul', [maskF, inv255], 'known');
  const hole = g.op('Sub', [g.constFloat(1), known], 'hole');
  // 255/255 is exactly 1 in float32, so a 0/255 mask gives the colour exactly.
  const range = g.op('Mul', [g.op('GlobalMaxPool', [maskF]), inv255], 'mask_range');
  const colour = g.initializer('colour', Float32Array.from(MIGAN_TWIN_COLOUR), [1, 3, 1, 1]);
  const fill = g.op('Mul', [colour, range], 'fill');
  const blended = g.op('Add', [g.op('Mul', [imageF, known]), g.op('Mul', [fill, hole])], 'blended');
  g.op('Cast', [blended], 'result', { to: UINT8 });
  g.output('result', 'uint8', [1, 3, 'H', 'W']);
  return g.toBytes();
}
