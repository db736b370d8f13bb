import { css } from 'lit';

export default css`
  :host {
    display: block;
    --inpaint-accent: #2563eb;
    --inpaint-surface: #fff;
    --inpaint-text: #1f2328;
    --inpaint-border: #d0d7de;
    --inpaint-radius: 8px;
    --inpaint-canvas-height: min(70vh, 40rem);
    color: var(--inpaint-text);
    /* Sliders, checkboxes and the progress bar follow the theme too. */
    accent-color: var(--inpaint-accent);
    font: 14px/1.4 system-ui, sans-serif;
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(16rem, 22rem);
    grid-template-areas: 'toolbar toolbar' 'canvas form' 'results results';
    gap: 0.75rem;
    background: var(--inpaint-surface);
  }
  .base.dragging {
    outline: 3px dashed var(--inpaint-accent);
    outline-offset: -3px;
  }
  /* One column at phone widths: the container, not the window, decides (it may be embedded in a sidebar). */
  @container (max-width: 720px) {
    .base {
      grid-template-columns: minmax(0, 1fr);
      grid-template-areas: 'toolbar' 'canvas' 'form' 'results';
    }
    /* A fixed 70vh stage left a landscape photo in a sea of checkerboard on phones: no taller than it is wide. */
    .canvas-area inpaint-mask-canvas {
      height: min(var(--inpaint-canvas-height), 100cqw);
    }
    /* The separator ends up alone at the end of a wrapped toolbar row. */
    .sep {
      display: none;
    }
  }
  .toolbar {
    grid-area: toolbar;
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
  }
  .tools {
    display: inline-flex;
    gap: 2px;
  }
  .mask-tools {
    display: contents;
  }
  /* Expand mode hides the mask tools and canvas (kept in the DOM: the mask survives a switch back). */
  [hidden],
  .mask-tools[hidden],
  inpaint-mask-canvas[hidden] {
    display: none !important;
  }
  inpaint-expand-panel {
    /* The handles sit on the frame's edge: room for half of each. */
    padding: 12px;
  }
  .sep {
    width: 1px;
    align-self: stretch;
    background: var(--inpaint-border);
  }
  .url {
    display: inline-flex;
    gap: 2px;
  }
  .url input {
    width: 12rem;
    max-width: 40vw;
  }
  button,
  .file-button,
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  button,
  .file-button {
    border: 1px solid var(--inpaint-border);
    background: var(--inpaint-surface);
    border-radius: var(--inpaint-radius);
    padding: 0.3rem 0.65rem;
    cursor: pointer;
    min-height: 2rem;
  }
  button[aria-checked='true'],
  button[aria-selected='true'] {
    background: var(--inpaint-accent);
    border-color: var(--inpaint-accent);
    color: #fff;
  }
  button:disabled {
    opacity: 0.45;
    cursor: default;
  }
  button.primary {
    background: var(--inpaint-accent);
    border-color: var(--inpaint-accent);
    color: #fff;
    font-weight: 600;
    padding-inline: 1.2rem;
  }
  .file-button {
    position: relative;
    display: inline-flex;
    align-items: center;
  }
  .file-button input {
    position: absolute;
    inset: 0;
    opacity: 0;
    cursor: pointer;
  }
  .file-button:focus-within,
  :is(button, select, input, textarea, summary):focus-visible {
    outline: 2px solid var(--inpaint-accent);
    outline-offset: 2px;
  }
  .canvas-area {
    grid-area: canvas;
    position: relative;
    min-width: 0;
  }
  inpaint-mask-canvas {
    height: var(--inpaint-canvas-height);
    border-radius: var(--inpaint-radius);
    overflow: hidden;
  }
  .drop-hint {
    position: absolute;
    inset: 0;
    margin: 0;
    display: grid;
    place-items: center;
    pointer-events: none;
    color: #57606a;
  }
  /* The editor shows its own, longer hint in the same place; two centred texts overlapped. */
  inpaint-mask-canvas::part(empty) {
    display: none;
  }
  .panel {
    grid-area: form;
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
    min-width: 0;
  }
  .field-label {
    display: block;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    font-weight: 500;
  }
  textarea,
  .field input,
  .field select {
    border: 1px solid var(--inpaint-border);
    border-radius: var(--inpaint-radius);
    padding: 0.4rem;
    font-weight: 400;
  }
  [aria-invalid='true'] {
    border-color: #cf222e;
  }
  .field-error {
    color: #cf222e;
    font-size: 0.85rem;
  }
  fieldset {
    border: 1px solid var(--inpaint-border);
    border-radius: var(--inpaint-radius);
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
  }
  .options {
    display: flex;
    flex-direction: column;
  }
  .options[open] > :not(summary) {
    margin-top: 0.5rem;
  }
  .hint {
    color: #57606a;
    font-weight: 400;
  }
  .check {
    display: flex;
    gap: 0.4rem;
    align-items: center;
    font-weight: 500;
  }
  .thumbs,
  .members {
    list-style: none;
    padding: 0;
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .thumbs li {
    position: relative;
  }
  .thumbs img {
    width: 3.5rem;
    height: 3.5rem;
    object-fit: cover;
    border-radius: 4px;
    display: block;
  }
  .thumbs button {
    position: absolute;
    top: -0.4rem;
    right: -0.4rem;
    min-height: 0;
    padding: 0 0.35rem;
    border-radius: 50%;
  }
  .swatches {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
  }
  .swatch {
    width: 2.2rem;
    height: 2rem;
    padding: 0;
  }
  .swatch.none {
    width: auto;
    padding-inline: 0.5rem;
  }
  .swatch[aria-checked='true'] {
    outline: 3px solid var(--inpaint-accent);
    outline-offset: 1px;
  }
  .members li {
    display: flex;
    gap: 0.3rem;
    align-items: center;
  }
  .members input[type='number'] {
    width: 4.5rem;
  }
  .seed input[type='number'] {
    width: 9rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
  }
  progress {
    width: 100%;
    accent-color: var(--inpaint-accent);
  }
  .progress-text {
    font-size: 0.85rem;
  }
  .status {
    min-height: 1.4em;
  }
  /* Notes beside Generate: a model's licence (SD-Turbo: non-commercial) in Primer's "attention" colours, like the
     red/green status colours below, and the first-use download in its "accent" colours, an FYI beside it. */
  .licence,
  .download-note,
  .offline-note {
    margin: 0;
    padding: 0.4rem 0.6rem;
    border: 1px solid;
    border-left-width: 4px;
    border-radius: var(--inpaint-radius);
    font-size: 0.85rem;
  }
  .licence {
    border-color: #d4a72c;
    background: #fff8c5;
    color: #7d4e00;
  }
  /* Primer's neutral colours: offline is a state, not a fault. */
  .offline-note {
    border-color: #afb8c1;
    background: #f6f8fa;
    color: #24292f;
  }
  .download-note {
    border-color: #54aeff;
    background: #ddf4ff;
    color: #0a3069;
  }
  /* The one-click model offer after a result: an accent box with its buttons on one line where they fit. */
  .offer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem 0.6rem;
    padding: 0.5rem 0.6rem;
    border: 1px solid #54aeff;
    border-left-width: 4px;
    border-radius: var(--inpaint-radius);
    background: #ddf4ff;
    color: #0a3069;
  }
  .offer-text,
  .offer .licence,
  .offer-note {
    flex-basis: 100%;
    margin: 0;
  }
  .offer-progress {
    display: flex;
    flex: 1 1 12rem;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.85rem;
  }
  .offer-progress progress {
    flex: 1 1 6rem;
    accent-color: var(--inpaint-accent);
  }
  .unavailable {
    font-size: 0.85rem;
  }
  .unavailable p {
    margin: 0.2rem 0;
  }
  .unavailable ul {
    margin: 0.2rem 0;
    padding-left: 1.2rem;
  }
  .model-hint {
    font-size: 0.85rem;
  }
  .options[open] > .model-hint {
    margin-top: 0.2rem;
  }
  .model-hint:empty {
    display: none;
  }
  .model-used {
    margin: 0;
    color: #57606a;
    font-size: 0.85rem;
  }
  .results-area {
    grid-area: results;
    min-width: 0;
  }
  .results {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .compare {
    position: relative;
    /* Its children are all absolute, so it needs an explicit width; the aspect-ratio gives the height. */
    width: min(100%, 48rem);
    margin-inline: auto;
    overflow: hidden;
    border-radius: var(--inpaint-radius);
    background: #eee;
  }
  .compare img {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  /* The result shows left of the divider, the original right of it. */
  .compare .after {
    clip-path: inset(0 calc(100% - var(--pos)) 0 0);
  }
  .compare .divider {
    position: absolute;
    top: 0;
    bottom: 0;
    left: var(--pos);
    width: 2px;
    background: #fff;
    box-shadow: 0 0 0 1px rgb(0 0 0 / 0.4);
    pointer-events: none;
  }
  .compare-range {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    opacity: 0;
    cursor: ew-resize;
  }
  .compare:focus-within {
    outline: 2px solid var(--inpaint-accent);
    outline-offset: 2px;
  }
  .gallery {
    display: flex;
    gap: 0.4rem;
    overflow-x: auto;
  }
  .gallery button {
    padding: 2px;
  }
  .gallery img {
    width: 4.5rem;
    height: 4.5rem;
    object-fit: cover;
    display: block;
  }
  .result-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .history ul {
    list-style: none;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .history button {
    width: 100%;
    text-align: left;
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .history time {
    margin-left: auto;
    color: #57606a;
    font-size: 0.8rem;
  }
  .status-completed {
    color: #1a7f37;
  }
  .status-failed {
    color: #cf222e;
  }
`;
