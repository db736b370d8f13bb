import { css } from 'lit';

export default css`
  :host {
    display: block;
    position: relative;
    height: 24rem;
    min-height: 8rem;
    --inpaint-mask-color: #ff2d55;
    --inpaint-mask-canvas-background: repeating-conic-gradient(#d9d9d9 0% 25%, #f4f4f4 0% 50%) 0 0 / 16px 16px;
    --inpaint-focus-ring: 2px solid #2563eb;
  }
  :host([hidden]) {
    display: none;
  }
  .viewport {
    position: absolute;
    inset: 0;
    overflow: hidden;
    background: var(--inpaint-mask-canvas-background);
    /* Pointer events, not the browser, own touch gestures here (pinch = zoom, one finger = paint). */
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
    outline: none;
    cursor: crosshair;
  }
  .viewport:focus-visible {
    outline: var(--inpaint-focus-ring);
    outline-offset: -2px;
  }
  .viewport.panning {
    cursor: grab;
  }
  .stage {
    position: absolute;
    left: 0;
    top: 0;
    transform-origin: 0 0;
    will-change: transform;
  }
  .stage canvas,
  .stage svg {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .mask {
    opacity: var(--overlay-opacity, 0.5);
  }
  .tint-probe {
    color: var(--inpaint-mask-color);
    display: none;
  }
  .selection {
    overflow: visible;
    pointer-events: none;
  }
  .selection * {
    fill: color-mix(in srgb, var(--inpaint-mask-color) 25%, transparent);
    stroke: var(--inpaint-mask-color);
    vector-effect: non-scaling-stroke;
    stroke-width: 1.5;
    stroke-dasharray: 6 4;
  }
  .cursor {
    position: absolute;
    left: 0;
    top: 0;
    border: 1px solid #fff;
    box-shadow: 0 0 0 1px #000;
    border-radius: 50%;
    pointer-events: none;
    display: none;
  }
  .empty {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: #555;
    font: 0.9rem system-ui, sans-serif;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
