/**
 * The licence note of a model's weights, shown by the editor next to Generate
 * when the chosen model (the picker, or the `model` attribute) has one, before
 * a multi-GB download, and with every result the model made. SD-Turbo's weights
 * are licensed for non-commercial use only, and the UI must say so (issue 5).
 */
import { html, nothing, type TemplateResult } from 'lit';
// The catalog, not models/registry: the registry pulls in the built-in model's graph builder and protobufjs
// (~90 kB in the page bundle). models/catalog.test.ts checks the catalog against every manifest.
import { catalogModel } from '../../../models/catalog';

/**
 * The note a model's manifest asks the UI to show, or undefined for a model
 * without one (the built-in fill, MI-GAN, LaMa) and for an unknown id (the
 * form's validation reports that one).
 *
 * @example
 * licenceNote('sd-turbo'); // 'SD-Turbo weights: Stability AI Non-Commercial Research Community licence — not for commercial use.'
 * licenceNote('builtin-fill'); // undefined
 */
export function licenceNote(modelId: string | undefined): string | undefined {
  return catalogModel(modelId)?.licenceNote;
}

/**
 * The note as a `role="note"` element with the `licence` part (plus `extraPart`),
 * or nothing when the model has none.
 *
 * @example
 * html`${renderLicence('sd-turbo', 'form-licence', 'licence-before')}`
 */
export function renderLicence(modelId: string | undefined, extraPart: string, id: string): TemplateResult | typeof nothing {
  const note = licenceNote(modelId);
  if (!note) return nothing;
  return html`<p id=${id} class="licence" part="licence ${extraPart}" role="note"><strong>Licence:</strong> ${note}</p>`;
}
