import { css } from 'lit';

export default css`
  :host {
    display: block;
    min-width: 0;
  }
  .wrap {
    display: grid;
    gap: 0.6rem;
    justify-items: center;
  }
  .frame {
    position: relative;
    /* As wide as the area allows, and no taller than the canvas height. */
    width: min(100%, calc(var(--inpaint-canvas-height, 420px) * var(--ratio, 1)));
    max-width: 100%;
    background: repeating-conic-gradient(#d9d9d9 0% 25%, #f4f4f4 0% 50%) 0 0 / 16px 16px;
    outline: 1px dashed var(--inpaint-border, #999);
    touch-action: none;
    user-select: none;
  }
  img {
    position: absolute;
    display: block;
    pointer-events: none;
  }
  .handle {
    position: absolute;
    padding: 0;
    border: 2px solid #fff;
    border-radius: 999px;
    background: var(--inpaint-accent, #2563eb);
    box-shadow: 0 0 0 1px rgb(0 0 0 / 0.4);
    touch-action: none;
  }
  /* At least 44 px to grab on touch screens (WCAG 2.5.5). */
  .handle.left,
  .handle.right {
    top: 50%;
    width: 18px;
    height: 44px;
    transform: translate(-50%, -50%);
    cursor: ew-resize;
  }
  .handle.left {
    left: 0;
  }
  .handle.right {
    left: 100%;
  }
  .handle.top,
  .handle.bottom {
    left: 50%;
    width: 44px;
    height: 18px;
    transform: translate(-50%, -50%);
    cursor: ns-resize;
  }
  .handle.top {
    top: 0;
  }
  .handle.bottom {
    top: 100%;
  }
  .handle:focus-visible {
    outline: 3px solid var(--inpaint-accent, #2563eb);
    outline-offset: 2px;
  }
  .presets,
  .sides {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    justify-content: center;
  }
  .presets button[aria-pressed='true'] {
    background: var(--inpaint-accent, #2563eb);
    color: #fff;
  }
  .sides input {
    width: 5.5em;
  }
  .size {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
`;
