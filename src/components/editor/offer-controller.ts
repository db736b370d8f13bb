/**
 * The editor's one-click model offer (offer.ts picks it): shows the sentence
 * with the size, downloads only on a click through `client.downloadModel()`,
 * shows the download's progress with a cancel button, and goes away once the
 * model is cached or the person dismisses it (remembered across reloads).
 * A Lit reactive controller, so the editor only forwards results to it; the editor
 * imports it at its first result, so the page's first load does not carry it.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { InpaintClient } from '../../client/inpaint-client';
import { InpaintError, isAbortError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import { catalogModel } from '../../../models/catalog';
import { renderLicence } from './licence-note';
import { maskHoleSize, pickOffer, readDismissed, rememberDismissed, type ModelOffer, type OfferContext } from './offer';
import { describeProgress } from './progress-text';

export interface OfferHooks {
  /** The client to download through (the editor's, created on demand). */
  client(): InpaintClient;
  /** The model is cached now: refresh what depends on the cache and tell the person. */
  cached(model: string, name: string): void;
  /** A download failed: the editor fires `inpaint-error`. */
  failed(code: InpaintError['code'], message: string): void;
}

interface Download {
  model: string;
  progress: number;
  text: string;
  controller: AbortController;
}

export class ModelOfferController implements ReactiveController {
  /** The offer shown, if any. */
  offer?: ModelOffer;
  /** The running download, if any. */
  download?: Download;
  /** A line under the offer: a cancelled or failed download. */
  note = '';
  private readonly dismissed = readDismissed();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: OfferHooks,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.download?.controller.abort(new DOMException('The editor left the page.', 'AbortError'));
  }

  /** The bounding box of a mask's hole (for the large-hole rule), measured here so the editor's first load does not carry it. */
  holeOf(mask: Blob): Promise<OfferContext['hole']> {
    return maskHoleSize(mask);
  }

  /** After a result: shows the offer that fits it (or none). A running download keeps its offer. */
  consider(context: Omit<OfferContext, 'dismissed'>): void {
    if (this.download) return;
    this.offer = pickOffer({ ...context, dismissed: this.dismissed });
    this.note = '';
    this.host.requestUpdate();
  }

  /** A new task starts: an offer nobody took goes away (a running download stays). */
  hide(): void {
    if (this.download || !this.offer) return;
    this.offer = undefined;
    this.note = '';
    this.host.requestUpdate();
  }

  /** "Not now": this model is not offered again in this browser. */
  dismiss(): void {
    if (!this.offer || this.download) return;
    this.dismissed.add(this.offer.model);
    rememberDismissed(this.dismissed);
    this.offer = undefined;
    this.host.requestUpdate();
  }

  /** Stops the running download; the offer stays, and what arrived is kept for the next try. */
  cancel(): void {
    this.download?.controller.abort(new DOMException('The download was cancelled.', 'AbortError'));
  }

  /** Downloads the offered model (the click). */
  async start(): Promise<void> {
    const offer = this.offer;
    if (!offer || this.download) return;
    const name = catalogModel(offer.model)?.name ?? offer.model;
    const download: Download = { model: offer.model, progress: 0, text: `Starting the ${name} download…`, controller: new AbortController() };
    this.download = download;
    this.note = '';
    this.host.requestUpdate();
    const onProgress = (e: Progress) => {
      if (e.status === 'download') {
        const { loaded, total } = e.overall ?? e;
        download.progress = total ? loaded / total : 0;
      }
      download.text = describeProgress(e, download.text);
      this.host.requestUpdate();
    };
    try {
      await this.hooks.client().downloadModel(offer.model, { signal: download.controller.signal, onProgress });
      this.offer = undefined;
      this.hooks.cached(offer.model, name);
    } catch (err) {
      if (isAbortError(err)) {
        this.note = 'Download cancelled. What arrived is kept, so the next download continues from there.';
      } else {
        const e = err instanceof InpaintError ? err : new InpaintError('model_fetch', (err as Error)?.message ?? String(err));
        this.note = `The download failed: ${e.message}`;
        this.hooks.failed(e.code, e.message);
      }
    } finally {
      this.download = undefined;
      this.host.requestUpdate();
    }
  }

  /** The offer (part `offer`), or nothing. Offline, its download button is disabled and says why. */
  render(online = true): TemplateResult | typeof nothing {
    const offer = this.offer;
    if (!offer) return nothing;
    const d = this.download;
    const name = catalogModel(offer.model)?.name ?? offer.model;
    return html`<div part="offer" class="offer" role="group" aria-labelledby="offer-text">
      <p id="offer-text" class="offer-text">${offer.text}</p>
      ${renderLicence(offer.model, 'offer-licence', 'offer-licence')}
      ${d
        ? html`<div class="offer-progress">
              <progress part="offer-progress" max="1" .value=${d.progress} aria-label="${name} download"></progress>
              <span part="offer-progress-text" aria-live="polite">${Math.round(d.progress * 100)}% · ${d.text}</span>
            </div>
            <button type="button" part="offer-cancel" @click=${() => this.cancel()}>Cancel download</button>`
        : html`<button type="button" part="offer-download" class="primary" ?disabled=${!online} aria-describedby=${online ? nothing : 'offer-offline'} @click=${() => void this.start()}>${offer.action}</button>
            <button type="button" part="offer-dismiss" aria-label="Not now: do not offer ${name} again" @click=${() => this.dismiss()}>Not now</button>`}
      ${!online && !d ? html`<p id="offer-offline" class="offer-note">The download needs the network: it is possible again once this device is online.</p>` : nothing}
      ${this.note ? html`<p part="offer-note" class="offer-note" role="status">${this.note}</p>` : nothing}
    </div>`;
  }
}
