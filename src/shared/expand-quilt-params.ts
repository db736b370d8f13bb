/**
 * The expand quilt's tuning (expand-quilt.ts): block size, how a source is scored,
 * and how the result is finished. Figures in README's "Expand quality".
 */

/** Strips of a block's core whose mean colours the mean-colour term compares. */
export const SLABS = 4;

export interface QuiltParams {
  /** Block side as a fraction of the border's thickness, clamped to [minBlock, maxBlock] px. */
  readonly blockFraction: number;
  readonly minBlock: number;
  readonly maxBlock: number;
  /** Overlap of neighbouring blocks as a fraction of the block side. */
  readonly overlapFraction: number;
  /** Random candidate sources per block (plus the neighbours' continuations); half of them drawn near the block's own rows or columns. */
  readonly candidates: number;
  /** A block is drawn among the candidates whose cost is within (1 + tolerance) of the best. */
  readonly tolerance: number;
  /** Weight of the structure's colour on the block's unfilled pixels against the overlap's agreement. */
  readonly guide: number;
  /**
   * Weight of the squared difference between the source core's mean colour and the
   * structure's mean over the block's core: a block unlike that part of the photo
   * in its low frequencies (a pier piece in the sky) costs more, whatever its detail.
   */
  readonly meanColour: number;
  /**
   * Salient pieces: a source costs × (1 + outlier · f), f the share of its core's pixels whose
   * colour lies more than outlierK · (σ + 12) from the mean of the seam strip at the same rows
   * (σ that strip's colour spread). A ladybird in leaves, a flag patch on a black pedestal or a
   * lime rind in lemon flesh is unlike everything beside the seam; texture of the strip's own
   * kind is not. Corners (no strip) go without.
   */
  readonly outlier: number;
  readonly outlierK: number;
  /** A neighbour's continuation competes at this fraction of its cost (< 1: coherent copies grow). */
  readonly coherence: number;
  /**
   * How much of the quilt's coarse colour (box mean over one block side) is replaced by the
   * structure's: 0 none, 1 all. Block-to-block colour steps are coarse, and the structure's
   * coarse colour is the better estimate of the truth's far from the seam.
   */
  readonly coarseFromStructure: number;
  /**
   * How much of that coarse colour's target is the known pixels' coarse colour at the nearest
   * point a block-half inside the known rectangle (the seam's layout carried straight out)
   * instead of the structure's there (0: all structure). The structure's far side is a smear of
   * the whole edge: a flat grey-green across the ladybird's green leaves and blue bokeh.
   */
  readonly layoutFromEdge: number;
  /** The same a border's thickness out (linear in between): far from the seam the edge says less, and the structure's mean is the safer guess. */
  readonly layoutFar: number;
  /**
   * Prior for sources at the same place along the border: the cost grows by
   * alongBorder · (Δ / 2B)², Δ the source's offset from the block along the side it extends
   * (rows for a left or right border, columns for a top or bottom one): sky beside sky,
   * gravel beside gravel.
   */
  readonly alongBorder: number;
  /**
   * Prior for sources near the border: the cost grows by acrossBorder · (d / T)², d the
   * source window's distance from the known region's edge on the block's side, T the
   * border's thickness. Off (0) in EXPAND_QUILT: at 0.25 it cloned what lay beside the border
   * (a second eye in chelsea and raccoon on the dev corpus) and scored lower (band PSNR 14.77
   * against 14.86); half the candidates are still drawn nearer the edge than not.
   */
  readonly acrossBorder: number;
  /**
   * Seam colour correction (expand-quilt-cut.ts `SeamCorrection`): a block's residual against
   * the filled pixels it overlaps is spread over `seamRadius` × the block side and added to it
   * before the cut, so neighbouring blocks meet without a colour step; 0 turns it off.
   */
  readonly seamRadius: number;
  /** The correction's floor on the filled share of its box (it fades out where fewer filled pixels are near). */
  readonly seamFloor: number;
  /** Hole pixels this deep (Chebyshev, from the known region) take the quilt fully; shallower ones blend with the structure. */
  readonly blendDepth: number;
  /** The same as a fraction of the block side, when that is more: a wide block's content fades in over a wider strip instead of starting at a straight line. */
  readonly blendFraction: number;
  /**
   * How much of the quilt's detail (its difference from the structure) is kept: below 1 the
   * copied detail is toned down a little, as a guess at unseen content should be (the real
   * border is often softer than the edge it was guessed from: bokeh, background).
   */
  readonly detail: number;
}

export const EXPAND_QUILT: QuiltParams = {
  blockFraction: 0.25,
  minBlock: 12,
  maxBlock: 128,
  overlapFraction: 0.25,
  candidates: 300,
  tolerance: 0.1,
  guide: 1,
  meanColour: 4,
  coherence: 0.8,
  outlier: 3,
  outlierK: 2.5,
  alongBorder: 1,
  acrossBorder: 0,
  coarseFromStructure: 1,
  layoutFromEdge: 1,
  layoutFar: 0,
  seamRadius: 0.5,
  seamFloor: 0.25,
  blendDepth: 12,
  blendFraction: 0.5,
  detail: 0.85,
};
