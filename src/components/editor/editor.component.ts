import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { InpaintClient } from '../../client/inpaint-client';
import { validateRequestShape } from '../../request/validate';
import { validateExpandShape } from '../../request/validate-expand';
import { RENDERING_SPEEDS, type ExpandSides, type OutputFormat, type RenderingSpeed, type TaskResponse } from '../../request/types';
import { InpaintError, isAbortError, type InvalidParam } from '../../shared/errors';
import { hasLocation, readImageMetadata } from '../../image/metadata';
import type { BackendPreference, Progress } from '../../shared/progress';
import '../../events/inpaint-complete';
import '../../events/inpaint-error';
import '../../events/inpaint-progress';
import type { MaskAction } from '../../events/inpaint-mask-change';
import { InpaintElement } from '../internal/inpaint-element';
import '../mask-canvas/mask-canvas';
import '../expand-panel/expand-panel';
import { NO_SIDES } from '../expand-panel/aspect';
import { expandedBefore, renderModeSwitch, type EditorMode } from './expand-mode';
import type { InpaintMaskCanvas, MaskTool } from '../mask-canvas/mask-canvas';
import { MASK_TOOL_LIST } from '../mask-canvas/tools';
import { convertImage, fetchImage, imageFromDataTransfer, saveBlob } from './image-source';
import { licenceNote, renderLicence } from './licence-note';
import { downloadNotice, formatSize, unknownModel, unrunnableModel } from './model-choice';
import { ModelOfferController } from './offer-controller';
import { catalogModel } from '../../../models/catalog';
import type { DeviceSupport } from '../../shared/device-support';
import { promptNotUsedNote } from './prompt-note';
import { renderOptions } from './options-view';
import { describeProgress } from './progress-text';
import { buildExpandRequest, buildRequest, defaultForm, problemsByField, type EditorForm } from './request-body';
import { renderResults, type EditorResult, type HistoryItem } from './results-view';
import styles from './editor.styles';

/** What `client.warmup()` takes. */
type WarmupOptions = NonNullable<Parameters<InpaintClient['warmup']>[0]>;

/** Stands in for the mask while validating as you type: only its shape is checked. */
const PLACEHOLDER = new Blob([], { type: 'image/png' });
const TOOLS = MASK_TOOL_LIST.map((t) => ({ tool: t.id, label: t.label, key: t.key.toUpperCase(), help: t.help }));

/** What an inpaint-mode Generate asked for, as the model offer after its result reads it. */
interface OfferAsk {
  mask: Blob;
  /** The model chosen in the picker ('' = automatic routing). */
  chosenModel: string;
  speed: RenderingSpeed;
  prompt: string;
}

interface Running {
  taskId: string;
  progress: number;
  text: string;
  backend?: string;
  model?: string;
}

/**
 * @summary The full inpainting editor: open an image, paint a mask, describe the change, generate locally, compare and download.
 *
 * Import the module once and use the tag; everything runs in the page through `InpaintClient`.
 * The Options panel's Model select lists every registered model with its download size and
 * whether its weights are cached; "Automatic" (the default) lets the engine route.
 *
 * @example
 * <script type="module">import 'local-inpaint/editor';</script>
 * <inpaint-editor backend="auto" src="photo.jpg"></inpaint-editor>
 *
 * @event inpaint-progress - Progress of the running task ({ task_id, progress 0–1, event }).
 * @event inpaint-complete - The task finished: { response, blob, blobs }.
 * @event inpaint-error - Something failed or was refused: { code, message, invalid_params?, task_id? }.
 * @event inpaint-mask-change - A person changed the mask (bubbles from the inner `<inpaint-mask-canvas>` or from a toolbar button).
 * @event inpaint-expand-change - Expand mode: a person changed the sides ({ sides, source }; bubbles from the inner `<inpaint-expand-panel>`).
 *
 * In Expand mode (the toolbar's Inpaint/Expand switch) the canvas becomes an `<inpaint-expand-panel>`: drag a
 * handle, type pixels or pick an aspect preset, and Generate calls `client.expand()`; the prompt is optional there.
 *
 * @csspart base - The outer grid.
 * @csspart toolbar - The tool bar (image input and mask tools).
 * @csspart canvas - The inner `<inpaint-mask-canvas>`.
 * @csspart mode - The Inpaint/Expand switch (a radio group).
 * @csspart expand - The inner `<inpaint-expand-panel>` (Expand mode only).
 * @csspart form - The request form.
 * @csspart prompt - The prompt text area.
 * @csspart generate - The generate button.
 * @csspart progress - The progress bar.
 * @csspart cancel - The cancel button.
 * @csspart status - The `aria-live` status line. When a fill model served a prompt that asked for new content, it also says the prompt was not used and what would follow it.
 * @csspart offline - The note shown while the browser is offline: what still works (the built-in model, cached models) and what needs the network.
 * @csspart storage - The storage line under the Model select: bytes of cached weights, the site's usage and quota, and whether the browser keeps them (persistent storage).
 * @csspart model - The Model select in the Options panel (Automatic, then every registered model with its size and cached state).
 * @csspart model-unavailable - Under the Model select: the models this device cannot run, one plain sentence per reason ("needs a graphics card with 16-bit float support"), with a "Details" disclosure (part `model-unavailable-details`) of the technical findings. Such models are disabled in the select.
 * @csspart offer - After a result, the one-click offer of a better model that is not cached: MI-GAN after a built-in fill, LaMa for a large hole (longer side over 256 px), SD-Turbo when a fill model could not follow the prompt and this device can run it. It names the size and downloads only on a click (part `offer-download`); while downloading it shows `offer-progress`, `offer-progress-text` and `offer-cancel`; `offer-dismiss` ("Not now") hides it for good in this browser; `offer-note` says a download was cancelled or failed. A cached model is never offered.
 * @csspart model-download - The notice next to Generate that the chosen model downloads on first use, with its size (`role="note"`).
 * @csspart licence - A model's licence note (`role="note"`), e.g. SD-Turbo's non-commercial licence: next to Generate when the chosen model (or the running task) uses such a model (also part `form-licence`), and with the results it made (also part `result-licence`).
 * @csspart remove-location - The "Remove location" checkbox in the Options panel: ticked when the opened photo records a GPS position, it sends `metadata: 'strip-location'` so results keep the camera details and date but not the place.
 * @csspart results - The results section; also `compare`, `before`, `after`, `gallery`, `download`, `continue`, `seed-used`, `model-used`, `history`.
 *
 * @cssproperty --inpaint-accent - Accent colour of buttons and the progress bar.
 * @cssproperty --inpaint-surface - Panel background.
 * @cssproperty --inpaint-text - Text colour.
 * @cssproperty --inpaint-border - Border colour.
 * @cssproperty --inpaint-radius - Corner radius.
 * @cssproperty --inpaint-canvas-height - Height of the painting area.
 * @cssproperty --inpaint-mask-color - Mask overlay colour (passed to the mask canvas).
 */
export class InpaintEditor extends InpaintElement {
  static override styles = styles;

  /** Backend preference for the client it creates: `auto`, `webgpu` or `wasm`. */
  @property() backend: BackendPreference = 'auto';
  /** Initial rendering speed: `TURBO`, `DEFAULT` or `QUALITY` (case-insensitive). */
  @property({ attribute: 'rendering-speed' }) renderingSpeed: RenderingSpeed = 'DEFAULT';
  /** URL of an image to open at start. */
  @property() src = '';
  /**
   * Initial choice of the Model select: a model id from the registry (empty = Automatic routing). A chosen
   * model that is not cached is downloaded at the first Generate (a notice gives its size), and one whose
   * licence the UI must show (`sd-turbo`) gets its note next to Generate. An id that is not registered is a form error.
   */
  @property() model = '';
  /** Keep tasks in memory only (no IndexedDB history). */
  @property({ type: Boolean, attribute: 'no-persist' }) noPersist = false;
  /**
   * Skip the warm-up that otherwise runs in idle time once an image is open (`client.warmup()`: loads the
   * runtime and creates the sessions the first Generate needs, never downloading), and before that as
   * soon as the person reaches for an image (the file picker, a drag over the editor, a URL), e.g. to save memory.
   */
  @property({ type: Boolean, attribute: 'no-warmup' }) noWarmup = false;

  /** Base URL of self-hosted model weights, same bytes and sha256: `<base>/<file name>`, a diffusion model's files at `<base>/<model id>/<repository path>`; empty = the public URLs. */
  @property({ attribute: 'model-base-url' }) modelBaseUrl = '';
  /** An existing client to use; otherwise the editor creates (and disposes) its own. */
  @property({ attribute: false }) client?: InpaintClient;
  /** The image being edited. Setting it resets the mask. */
  @property({ attribute: false }) image?: Blob;

  @state() private form: EditorForm = defaultForm();
  /** Inpaint (paint a mask) or Expand (add pixels on the sides). */
  @state() private mode: EditorMode = 'inpaint';
  /** Expand mode: pixels to add on each side. */
  @state() private sides: ExpandSides = { ...NO_SIDES };
  @state() private problems: InvalidParam[] = [];
  @state() private submitted = false;
  @state() private message = '';
  @state() private running?: Running;
  /** True from a Generate until its task ends (set synchronously, unlike `running`). */
  @state() private busy = false;
  @state() private results: EditorResult[] = [];
  @state() private selected = 0;
  @state() private compare = 50;
  @state() private format: OutputFormat = 'png';
  /** Whether the open image records a location (GPS); undefined until read. */
  @state() private imageHasLocation?: boolean;
  @state() private history: HistoryItem[] = [];
  @state() private imageUrl?: string;
  @state() private beforeUrl?: string;
  @state() private previousImages: Blob[] = [];
  @state() private thumbs: { style: string[]; character: string[] } = { style: [], character: [] };
  @state() private dragging = false;
  @state() private activeTask?: string;
  /** Model and backend of the task whose results are shown. */
  @state() private resultModel?: string;
  @state() private resultBackend?: 'webgpu' | 'wasm';
  @state() private tick = 0;
  /** Ids of the models whose weights are cached; undefined until the client answers (or when it failed). */
  @state() private cachedModels?: ReadonlySet<string>;
  @state() private online = typeof navigator === 'undefined' || navigator.onLine !== false;
  /** The storage line under the Model select; empty until the client answers. */
  @state() private storage = '';
  /** Which models this device can run (`client.deviceSupport()`); undefined until the client answers. */
  @state() private support?: DeviceSupport;

  @query('inpaint-mask-canvas') private canvas!: InpaintMaskCanvas;
  @query('#prompt') private promptInput!: HTMLTextAreaElement;

  private ownsClient = false;
  /** Set once the runtime's warm-up was asked for before any image (warmRuntimeOnIntent). */
  private runtimeWarmAsked = false;
  /** Counts Generates, so an offer computed for an earlier result is not shown after a later Generate. */
  private offerSeq = 0;
  /** The one-click model offer after a result (offer-controller.ts), made at the first result. A static import:
   * the library build cannot ship a lazy chunk (Vite's preload helper resolves it with new URL(variable, import.meta.url),
   * which a consumer's bundler cannot follow; test/e2e/package.e2e.test.ts). */
  private offers?: ModelOfferController;

  private offerController(): ModelOfferController {
    return (this.offers ??= new ModelOfferController(this, {
      client: () => this.ensureClient(),
      cached: (model, name) => {
        void this.refreshCachedModels();
        this.announce(`${name} is downloaded and kept for offline use: ${model === 'sd-turbo' ? 'Generate again to follow the prompt' : 'the next fill uses it'}.`);
      },
      failed: (code, message) => this.emit('inpaint-error', { code, message }),
    }));
  }
  private waitAbort?: AbortController;
  /** Numbers cache queries, so an answer that arrives after a newer query's is dropped. */
  private cacheQuery = 0;

  /** The inner mask canvas (for `exportMask()`, tools and history). */
  get maskCanvas(): InpaintMaskCanvas {
    return this.canvas;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('paste', this.onPaste);
    window.addEventListener('online', this.onNetwork);
    window.addEventListener('offline', this.onNetwork);
    this.onNetwork();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('paste', this.onPaste);
    window.removeEventListener('online', this.onNetwork);
    window.removeEventListener('offline', this.onNetwork);
    this.waitAbort?.abort();
    if (this.ownsClient) {
      this.client?.dispose();
      this.client = undefined;
      this.ownsClient = false;
    }
  }

  /** `updateComplete` also waits for the inner canvas (and its image decode). */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    await this.canvas?.updateComplete;
    return result;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('renderingSpeed')) {
      const speed = String(this.renderingSpeed).toUpperCase() as RenderingSpeed;
      this.form = { ...this.form, renderingSpeed: RENDERING_SPEEDS.includes(speed) ? speed : 'DEFAULT' };
    }
    if (changed.has('model')) this.form = { ...this.form, model: String(this.model ?? '').trim() };
    if (changed.has('image')) {
      if (this.imageUrl) URL.revokeObjectURL(this.imageUrl);
      this.imageUrl = this.image ? URL.createObjectURL(this.image) : undefined;
      this.imageHasLocation = undefined;
      this.sides = { ...NO_SIDES };
      if (this.image) void this.readLocation(this.image);
    }
    if (['form', 'image', 'mode', 'sides', 'support'].some((k) => changed.has(k as keyof InpaintEditor))) this.revalidate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('src') && this.src) void this.openUrl(this.src);
    if (changed.has('image') && this.image && !this.noWarmup) this.warmUpWhenIdle(this.image);
    // A client set by the embedder, or created here, has its own cache to read.
    if (changed.has('client') && this.client) {
      void this.refreshCachedModels();
      void this.refreshSupport();
    }
  }

  protected override firstUpdated(): void {
    void this.refreshHistory();
  }

  /** Opens an image (a File from a picker, drop or paste, or any Blob). Keeps the previous one for "Back". */
  openImage(blob: Blob, keepPrevious = false): void {
    if (keepPrevious && this.image) this.previousImages = [...this.previousImages, this.image];
    else this.previousImages = [];
    this.image = blob;
    this.announce(this.mode === 'expand' ? 'Image opened. Drag a handle, type pixels or pick an aspect ratio.' : 'Image opened. Paint the area to change.');
  }

  /** Ticks "Remove location" when the opened photo has a GPS block (and unticks it when it has none). */
  private async readLocation(image: Blob): Promise<void> {
    const located = hasLocation(await readImageMetadata(new Uint8Array(await image.arrayBuffer())));
    if (this.image !== image) return; // another image was opened meanwhile
    this.imageHasLocation = located;
    this.form = { ...this.form, removeLocation: located };
  }

  /** Loads an image from a URL. */
  async openUrl(url: string): Promise<void> {
    this.warmRuntimeOnIntent();
    try {
      this.openImage(await fetchImage(url));
    } catch (err) {
      this.fail('image_decode', (err as Error).message);
    }
  }

  /** Submits the form. Resolves when the task ends; never throws (failures fire `inpaint-error`). */
  async generate(): Promise<void> {
    this.submitted = true;
    // Claimed before the first await (the mask export, the submit): a double click, Enter twice
    // or Ctrl+Enter during those awaits must not submit a second task.
    if (this.busy) return;
    this.busy = true;
    try {
      await this.submitForm();
    } finally {
      this.busy = false;
    }
  }

  private async submitForm(): Promise<void> {
    if (!this.image) return this.refuse('Open an image first.');
    if (this.mode === 'expand') return this.submitExpand(this.image);
    if (!this.form.prompt.trim()) {
      this.revalidate();
      this.promptInput?.focus();
      return this.refuse('Enter a prompt that describes the change.');
    }
    if (!this.canvas.hasMask) return this.refuse('Paint over the area to change first: the mask is empty.');
    let body;
    let mask: Blob;
    try {
      mask = await this.canvas.exportMask();
      body = buildRequest(this.form, this.image, mask);
    } catch (err) {
      return this.fail('invalid_request', (err as Error).message);
    }
    const problems = this.check(body);
    if (problems.length) {
      this.problems = problems;
      return this.fail('invalid_request', `Fix before generating: ${problems.map((p) => `${p.name} ${p.reason}`).join('; ')}`, problems);
    }
    const asked = { mask, chosenModel: this.form.model, speed: body.rendering_speed ?? 'DEFAULT', prompt: body.prompt };
    await this.run(this.image, (client) => client.submit(body), undefined, asked);
  }

  /** Expand mode: the sides from the panel, the prompt optional; the same run, progress and results. */
  private async submitExpand(image: Blob): Promise<void> {
    if (!Object.values(this.sides).some((v) => v > 0)) return this.refuse('Drag a handle, type pixels for a side or pick an aspect ratio first: nothing is added yet.');
    const body = buildExpandRequest(this.form, image, this.sides);
    const problems = [...validateExpandShape(body), ...this.modelProblem()];
    if (problems.length) {
      this.problems = problems;
      return this.fail('invalid_request', `Fix before generating: ${problems.map((p) => `${p.name} ${p.reason}`).join('; ')}`, problems);
    }
    const sides = { ...this.sides };
    await this.run(image, (client) => client.expand(body), () => expandedBefore(image, sides));
  }

  /**
   * Submits through `send`, follows the task, shows its results (`before` makes the compare slider's "before" image).
   * `asked` (inpaint mode) is what the result's model offer needs: the mask, the chosen model, the speed and the prompt.
   */
  private async run(
    image: Blob,
    send: (client: InpaintClient) => Promise<{ data: { task_id: string } }>,
    before: () => Promise<Blob> = async () => image,
    asked?: OfferAsk,
  ): Promise<void> {
    const client = this.ensureClient();
    this.offerSeq++;
    this.offers?.hide();
    // Kept history or a model about to be cached: ask the browser not to evict them silently.
    // Only a page can ask (workers have no persist()); a refusal changes nothing else.
    if (!this.noPersist || downloadNotice(this.form.model, this.cachedModels)) void navigator.storage?.persist?.().catch(() => false);
    let taskId: string | undefined;
    this.waitAbort = new AbortController();
    try {
      taskId = (await send(client)).data.task_id;
      // A download from the offer holds the worker's queue: say what the task waits for.
      const waiting = this.offers?.download ? catalogModel(this.offers.download.model)?.name : undefined;
      this.running = { taskId, progress: 0, text: waiting ? `Queued: waiting for the ${waiting} download to finish…` : 'Queued…' };
      this.announce('Generating…');
      void this.refreshHistory();
      const id = taskId;
      const response = await client.wait(id, { signal: this.waitAbort.signal, onProgress: (p, e) => this.onProgress(id, p, e) });
      await this.finish(response, response.data.status === 'COMPLETED' ? await before() : image, asked);
    } catch (err) {
      if (isAbortError(err)) return;
      const e = err instanceof InpaintError ? err : new InpaintError('inference', (err as Error)?.message ?? String(err));
      this.fail(e.code, e.message, e.invalid_params, taskId);
    } finally {
      this.running = undefined;
      void this.refreshHistory();
      void this.refreshCachedModels();
    }
  }

  /** Cancels the running task (it ends FAILED with code `canceled`). */
  async cancel(): Promise<void> {
    if (this.running && this.client) await this.client.cancel(this.running.taskId);
  }

  /**
   * While the person paints, the first Generate's fixed costs (the runtime, the
   * .wasm compile, session creation) are paid in idle time: the first result
   * then comes as fast as a later one. Warm-up never downloads and stops as soon
   * as a task runs.
   */
  private warmUpWhenIdle(image: Blob): void {
    this.warmUpInIdleTime(async () => {
      // At the image's size (the first task's memory and JIT): the canvas decodes it first.
      await this.canvas?.updateComplete;
      if (this.image !== image) return undefined;
      const [width, height] = [this.canvas?.imageWidth ?? 0, this.canvas?.imageHeight ?? 0];
      return { rendering_speed: this.form.renderingSpeed, ...(width && height ? { width, height } : {}) };
    }, { timeout: 2000, fallbackMs: 200 });
  }

  /**
   * The person is about to open an image (the file picker, a drag over the editor, a URL): the
   * runtime's start (the worker, ORT's .wasm, the built-in session: 2–5 s on a loaded 2-core
   * machine, longer than 2 s of painting) is paid while they choose it, so the warm-up once the
   * image is open has only its rehearsal left. Once per editor, in idle time, never before such
   * a sign: an editor nobody uses starts no worker. Never downloads.
   */
  private warmRuntimeOnIntent(): void {
    if (this.runtimeWarmAsked || this.noWarmup || this.image) return;
    this.runtimeWarmAsked = true;
    this.warmUpInIdleTime(() => ({ rendering_speed: this.form.renderingSpeed }), { timeout: 500, fallbackMs: 0 });
  }

  /**
   * Asks the client to warm up in idle time (`requestIdleCallback`, else after `fallbackMs`). The
   * request is read then; nothing is asked when it is undefined, or when the editor has left the
   * page, has `no-warmup`, or a task is being submitted or running. Failures are left to the next task.
   */
  private warmUpInIdleTime(request: () => Promise<WarmupOptions | undefined> | WarmupOptions | undefined, when: { timeout: number; fallbackMs: number }): void {
    const start = async () => {
      const body = await request();
      if (!body || !this.isConnected || this.noWarmup || this.busy || this.running) return;
      void this.ensureClient()
        .warmup(body)
        .catch(() => undefined); // the next task reports any real problem
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void start(), { timeout: when.timeout });
    else setTimeout(() => void start(), when.fallbackMs);
  }

  private ensureClient(): InpaintClient {
    if (!this.client) {
      this.client = new InpaintClient({
        backend: this.backend,
        persist: !this.noPersist,
        ...(this.modelBaseUrl ? { modelBaseUrl: this.modelBaseUrl } : {}),
      });
      this.ownsClient = true;
    }
    return this.client;
  }

  private onProgress(taskId: string, progress: number, event?: Progress): void {
    const r = this.running;
    if (!r || r.taskId !== taskId) return;
    const backend = event?.status === 'ready' ? (event.backend === 'webgpu' ? 'WebGPU' : 'WASM') : r.backend;
    const model = event && 'model' in event ? event.model : r.model;
    this.running = { taskId, progress, text: describeProgress(event, r.text), backend, model };
    this.emit('inpaint-progress', { task_id: taskId, progress, ...(event ? { event } : {}) });
  }

  private async finish(response: TaskResponse, before: Blob, asked?: OfferAsk): Promise<void> {
    const { data } = response;
    if (data.status !== 'COMPLETED') {
      const code = (data.error?.code ?? 'inference') as InpaintError['code'];
      this.fail(code, code === 'canceled' ? 'Canceled.' : (data.error?.message ?? 'The task failed.'), undefined, data.task_id);
      return;
    }
    await this.showTask(response, before);
    if (this.form.seedMode === 'random') this.form = { ...this.form, seed: data.images[0]?.seed ?? this.form.seed };
    const backend = data.backend === 'webgpu' ? 'WebGPU' : 'WASM';
    const licence = licenceNote(data.model);
    // The cache and the device now (the task may have downloaded its model); neither query waits for a task.
    const client = this.client;
    const [cached, support] = client
      ? await Promise.all([client.cachedModelIds().then((ids) => new Set(ids), () => undefined), client.deviceSupport().catch(() => undefined)])
      : [undefined, undefined];
    this.support = support ?? this.support;
    const unused = promptNotUsedNote(data.model, asked?.prompt ?? data.images[0]?.prompt ?? '', cached, support);
    this.announce(
      `Done: ${data.images.length} image${data.images.length === 1 ? '' : 's'} on ${backend} with ${data.model ?? 'the model'}, seed ${data.images[0]?.seed}.` +
        (licence ? ` Licence: ${licence}` : '') +
        (unused ? ` ${unused}` : ''),
    );
    this.emit('inpaint-complete', { response, blob: this.results[0].blob, blobs: this.results.map((r) => r.blob) });
    // The offer follows the result, without holding Generate up: a Generate meanwhile (a new `offerSeq`) drops it.
    const seq = this.offerSeq;
    if (asked) {
      const offers = this.offerController();
      void offers.holeOf(asked.mask).then((hole) => {
        if (seq === this.offerSeq && this.isConnected) offers.consider({ resultModel: data.model, prompt: asked.prompt, speed: asked.speed, chosenModel: asked.chosenModel, hole, cached, support });
      });
    }
  }

  /** Loads a completed task's images into the gallery (its URLs belong to the client, so copy them). */
  private async showTask(response: TaskResponse, before?: Blob): Promise<void> {
    const blobs = await Promise.all(response.data.generated.map(async (u) => (await fetch(u)).blob()));
    for (const r of this.results) URL.revokeObjectURL(r.url);
    this.results = blobs.map((blob, i) => {
      const [w, h] = (response.data.images[i]?.resolution ?? '0x0').split('x').map(Number);
      return { blob, url: URL.createObjectURL(blob), width: w, height: h, seed: response.data.images[i]?.seed ?? 0 };
    });
    if (this.beforeUrl) URL.revokeObjectURL(this.beforeUrl);
    this.beforeUrl = before ? URL.createObjectURL(before) : undefined;
    this.selected = 0;
    this.activeTask = response.data.task_id;
    this.resultModel = response.data.model;
    this.resultBackend = response.data.backend;
  }

  private async refreshHistory(): Promise<void> {
    // Only read history from a client that exists or one this page may persist to; never spawn one just to list nothing.
    // After the editor left the page (a task that ends then), a new client would resume its tasks with nobody to dispose it.
    if (!this.isConnected || (!this.client && this.noPersist)) return;
    try {
      const client = this.ensureClient();
      const { data } = await client.list();
      const items = await Promise.all(
        data.slice(0, 20).map(async (t): Promise<HistoryItem> => {
          const full = await client.get(t.task_id);
          return { task_id: t.task_id, status: t.status, created_at: full.data.created_at, prompt: full.data.images[0]?.prompt };
        }),
      );
      this.history = items;
    } catch (err) {
      console.warn('[local-inpaint] could not read the task history', err);
    }
  }

  /**
   * Reads which models are cached, for the Model select's labels. Never awaited by the UI: the call
   * waits its turn behind a running task in the worker's queue. `spawn` allows creating the client
   * (the person opened the options); otherwise only an existing client, or one this page may persist
   * with, is asked. A failure leaves the labels without the cached marker.
   */
  private async refreshCachedModels(spawn = false): Promise<void> {
    // A task that ends after the editor left the page must not create a client nobody disposes.
    if (!this.isConnected || (!this.client && this.noPersist && !spawn)) return;
    const query = ++this.cacheQuery;
    try {
      const client = this.ensureClient();
      const ids = new Set(await client.cachedModelIds());
      if (query === this.cacheQuery) this.cachedModels = ids;
      const [usage, persisted] = await Promise.all([client.cacheUsage(), navigator.storage?.persisted?.().catch(() => false) ?? false]);
      if (query === this.cacheQuery) this.storage = storageLine(usage, persisted);
    } catch (err) {
      if (query === this.cacheQuery) this.cachedModels = undefined;
      // A disposed client (the editor left the page) aborts the queued query: nothing to report.
      if (!isAbortError(err)) console.warn('[local-inpaint] could not read the weight cache', err);
    }
  }

  /** Asks the client which models this device can run (once per client; never awaited by the UI). */
  private async refreshSupport(spawn = false): Promise<void> {
    if (!this.isConnected || (!this.client && this.noPersist && !spawn)) return;
    const client = this.ensureClient();
    try {
      const support = await client.deviceSupport();
      if (client === this.client) this.support = support;
    } catch (err) {
      if (!isAbortError(err)) console.warn('[local-inpaint] could not check what this device can run', err);
    }
  }

  private async openTask(taskId: string): Promise<void> {
    if (!this.client) return;
    await this.showTask(await this.client.get(taskId));
  }

  private revalidate(): void {
    if (this.mode === 'expand') {
      // Sides all 0 is the panel's starting state, not a mistake: only flagged by Generate.
      const body = buildExpandRequest(this.form, this.image ?? PLACEHOLDER, this.sides);
      this.problems = [...validateExpandShape(body), ...this.modelProblem()].filter((p) => this.submitted || !p.name.startsWith('left, '));
      return;
    }
    const body = buildRequest(this.form, this.image ?? PLACEHOLDER, PLACEHOLDER);
    // The prompt is only flagged once generate was pressed, so an empty form does not start out red.
    this.problems = this.check(body).filter((p) => this.submitted || p.name !== 'prompt');
  }

  /** The API's shape rules, plus a registered model id (the worker would refuse another after the submit). */
  private check(body: ReturnType<typeof buildRequest>): InvalidParam[] {
    return [...validateRequestShape(body), ...this.modelProblem()];
  }

  /** An id that is not registered, or a model this device cannot run (the device check, once known). */
  private modelProblem(): InvalidParam[] {
    const problem = unknownModel(this.form.model) ?? unrunnableModel(this.form.model, this.support);
    return problem ? [problem] : [];
  }

  private update_(patch: Partial<EditorForm>): void {
    if (patch.styleReferences) this.thumbs = { ...this.thumbs, style: this.remakeThumbs(this.thumbs.style, patch.styleReferences) };
    if (patch.characterReferences) this.thumbs = { ...this.thumbs, character: this.remakeThumbs(this.thumbs.character, patch.characterReferences) };
    this.form = { ...this.form, ...patch };
  }

  private remakeThumbs(old: string[], blobs: Blob[]): string[] {
    old.forEach((u) => URL.revokeObjectURL(u));
    return blobs.map((b) => URL.createObjectURL(b));
  }

  private refuse(message: string): void {
    this.message = message;
  }

  private fail(code: InpaintError['code'], message: string, invalid_params?: InvalidParam[], task_id?: string): void {
    this.message = message;
    this.emit('inpaint-error', { code, message, ...(invalid_params ? { invalid_params } : {}), ...(task_id ? { task_id } : {}) });
  }

  private announce(message: string): void {
    this.message = message;
  }

  /** Toolbar mask commands are user input on the editor, so they fire `inpaint-mask-change` here. */
  private maskCommand(action: MaskAction): void {
    const c = this.canvas;
    const done = action === 'undo' ? c.undo() : action === 'redo' ? c.redo() : action === 'invert' ? (c.invert(), true) : c.hasMask && (c.clear(), true);
    this.tick++;
    if (done) this.emit('inpaint-mask-change', { action, hasMask: c.hasMask });
  }

  private onNetwork = (): void => {
    this.online = navigator.onLine !== false;
  };

  private onPaste = (e: ClipboardEvent): void => {
    const file = imageFromDataTransfer(e.clipboardData);
    if (!file) return;
    e.preventDefault();
    this.openImage(file);
  };

  private onDrop = (e: DragEvent): void => {
    e.preventDefault();
    this.dragging = false;
    const file = imageFromDataTransfer(e.dataTransfer);
    if (file) this.openImage(file);
    else this.refuse('Drop an image file (PNG, JPEG or WebP).');
  };

  private onFile = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) this.openImage(file);
  };

  private download = async (): Promise<void> => {
    const r = this.results[this.selected];
    if (!r) return;
    try {
      saveBlob(await convertImage(r.blob, this.format), `inpaint-${r.seed}.${this.format === 'jpeg' ? 'jpg' : this.format}`);
    } catch (err) {
      this.fail('image_decode', `Could not convert the image: ${(err as Error).message}`);
    }
  };

  protected override render() {
    void this.tick; // re-render after toolbar commands so undo/redo enablement stays true
    const byField = problemsByField(this.problems);
    const promptErrors = byField.get('prompt');
    const c = this.canvas;
    const tool = c?.tool ?? 'brush';
    const running = this.running;
    // The model chosen in the select (initially the `model` attribute) or running: its licence shows before any download.
    const pendingModel = running?.model || this.form.model || undefined;
    const pendingLicence = licenceNote(pendingModel);
    const notice = running ? undefined : downloadNotice(this.form.model, this.cachedModels);
    const expand = this.mode === 'expand';
    const describedBy = [pendingLicence ? 'licence-before' : '', notice ? 'download-before' : ''].filter(Boolean).join(' ');
    return html`
      <div part="base" class="base ${this.dragging ? 'dragging' : ''}" role="group" aria-label="Image inpainting editor"
        @dragover=${(e: DragEvent) => { e.preventDefault(); this.dragging = true; this.warmRuntimeOnIntent(); }}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.onDrop}>
        <div part="toolbar" class="toolbar" role="toolbar" aria-label="Image and mask tools">
          <label class="file-button">Open image<input type="file" accept="image/png,image/jpeg,image/webp" @click=${() => this.warmRuntimeOnIntent()} @change=${this.onFile} /></label>
          <form class="url" @submit=${(e: Event) => { e.preventDefault(); const v = (e.target as HTMLFormElement).url.value.trim(); if (v) void this.openUrl(v); }}>
            <input name="url" type="url" placeholder="https://…/photo.jpg" aria-label="Image URL" /><button type="submit">Load</button>
          </form>
          ${this.previousImages.length ? html`<button type="button" @click=${() => { const prev = this.previousImages.at(-1)!; this.previousImages = this.previousImages.slice(0, -1); this.image = prev; }}>Back to previous image</button>` : nothing}
          <span class="sep" aria-hidden="true"></span>
          ${renderModeSwitch(this.mode, (mode) => { this.mode = mode; this.submitted = false; })}
          <span class="sep" aria-hidden="true"></span>
          <div role="radiogroup" aria-label="Mask tool" class="tools" ?hidden=${expand}>
            ${TOOLS.map((t) => html`<button type="button" role="radio" aria-checked=${tool === t.tool} title="${t.label} (${t.key}): ${t.help}" @click=${() => { c.tool = t.tool; this.tick++; }}>${t.label}</button>`)}
          </div>
          <span class="mask-tools" ?hidden=${expand}>
          <label>Size <input type="range" min="1" max="400" .value=${String(c?.brushSize ?? 40)} @input=${(e: Event) => { c.brushSize = Number((e.target as HTMLInputElement).value); this.tick++; }} /></label>
          <label>Opacity <input type="range" min="0" max="1" step="0.05" .value=${String(c?.overlayOpacity ?? 0.5)} @input=${(e: Event) => { c.overlayOpacity = Number((e.target as HTMLInputElement).value); this.tick++; }} /></label>
          <button type="button" ?disabled=${!c?.canUndo} @click=${() => this.maskCommand('undo')} title="Undo (Ctrl+Z)">Undo</button>
          <button type="button" ?disabled=${!c?.canRedo} @click=${() => this.maskCommand('redo')} title="Redo (Ctrl+Shift+Z)">Redo</button>
          <button type="button" ?disabled=${!this.image} @click=${() => this.maskCommand('invert')}>Invert</button>
          <button type="button" ?disabled=${!c?.hasMask} @click=${() => this.maskCommand('clear')}>Clear</button>
          <button type="button" ?disabled=${!this.image} @click=${() => c.fit()}>Fit</button>
          </span>
        </div>
        <div class="canvas-area">
          ${expand
            ? html`<inpaint-expand-panel part="expand" .image=${this.image} .sides=${this.sides}
                @inpaint-expand-change=${(e: CustomEvent<{ sides: ExpandSides }>) => (this.sides = e.detail.sides)}></inpaint-expand-panel>`
            : nothing}
          <inpaint-mask-canvas part="canvas" ?hidden=${expand} exportparts="viewport: canvas-viewport" .image=${this.image}
            @inpaint-mask-change=${() => this.tick++} @keyup=${() => this.tick++}></inpaint-mask-canvas>
          ${this.image ? nothing : html`<p class="drop-hint">Open, drop or paste an image to start.</p>`}
        </div>
        <form part="form" class="panel" novalidate @submit=${(e: Event) => { e.preventDefault(); void this.generate(); }}>
          <label class="field" for="prompt"><span class="field-label">${expand ? html`Prompt (optional)` : html`Prompt <span aria-hidden="true">*</span>`}</span>
            <textarea id="prompt" part="prompt" rows="3" ?required=${!expand} aria-required=${expand ? 'false' : 'true'}
              placeholder=${expand ? 'Optional: describe what the new border should show' : 'Describe what should appear in the painted area'}
              aria-invalid=${promptErrors ? 'true' : 'false'} aria-describedby="prompt-error"
              .value=${this.form.prompt}
              @input=${(e: Event) => this.update_({ prompt: (e.target as HTMLTextAreaElement).value })}
              @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void this.generate(); }}></textarea></label>
          ${promptErrors ? html`<div class="field-error" id="prompt-error" part="field-error">Enter a prompt: it is required (${promptErrors.join('; ')}).</div>` : nothing}
          <details class="options" @toggle=${(e: Event) => { if ((e.target as HTMLDetailsElement).open) { void this.refreshCachedModels(true); void this.refreshSupport(true); } }}><summary>Options</summary>
            ${renderOptions({ form: this.form, problems: byField, thumbs: this.thumbs, cachedModels: this.cachedModels, hasLocation: this.imageHasLocation, storage: this.storage, support: this.support, update: (p) => this.update_(p) })}
          </details>
          <div class="actions">
            <button type="submit" part="generate" class="primary" ?disabled=${!!running || this.busy} aria-describedby=${describedBy || nothing}>Generate</button>
            ${running ? html`<button type="button" part="cancel" @click=${() => void this.cancel()}>Cancel</button>` : nothing}
          </div>
          ${renderLicence(pendingModel, 'form-licence', 'licence-before')}
          ${notice ? html`<p id="download-before" class="download-note" part="model-download" role="note">${notice}</p>` : nothing}
          ${running
            ? html`<div class="progress-box">
                <progress part="progress" max="1" .value=${running.progress} aria-label="Generation progress"></progress>
                <div class="progress-text">${Math.round(running.progress * 100)}% · ${running.text}
                  ${running.backend ? html` · <strong>${running.backend}</strong>` : nothing}${running.model ? html` · ${running.model}` : nothing}</div>
              </div>`
            : nothing}
          ${this.online
            ? nothing
            : html`<p part="offline" class="offline-note" role="note">Offline: the built-in model and every cached model still work; a model that is not cached needs the network to download.</p>`}
          <div part="status" class="status" role="status" aria-live="polite">${this.message}</div>
          ${this.offers?.render(this.online) ?? nothing}
        </form>
        <div class="results-area">
          ${renderResults({
            results: this.results, selected: this.selected, beforeUrl: this.beforeUrl, compare: this.compare, format: this.format,
            model: this.resultModel, backend: this.resultBackend,
            history: this.history, activeTask: this.activeTask,
            onSelect: (i) => (this.selected = i),
            onCompare: (v) => (this.compare = v),
            onFormat: (f) => (this.format = f),
            onDownload: () => void this.download(),
            onContinue: () => { const r = this.results[this.selected]; if (r) this.openImage(r.blob, true); },
            onLockSeed: (seed) => this.update_({ seedMode: 'locked', seed }),
            onOpenTask: (id) => void this.openTask(id),
          })}
        </div>
      </div>
    `;
  }
}

/**
 * "Model cache: 28.1 MB · this site: 30.2 MB of 2.1 GB · kept until you clear it":
 * what the weights take, and whether the browser may evict them when space runs low.
 */
function storageLine(usage: { bytes: number; usage?: number; quota?: number }, persisted: boolean): string {
  const site = usage.usage !== undefined && usage.quota ? ` · this site: ${formatSize(usage.usage)} of ${formatSize(usage.quota)}` : '';
  const kept = persisted ? 'kept until you clear it' : 'the browser may clear it when space runs low';
  return `Model cache: ${formatSize(usage.bytes)}${site} · ${kept}`;
}
