/**
 * The base class of every component (Shoelace's `ShoelaceElement`): one
 * `emit()` so that all our events bubble and cross shadow roots the same way.
 */
import { LitElement } from 'lit';

/** The names of our events, taken from the typed `GlobalEventHandlersEventMap` entries in src/events/. */
export type InpaintEventName = {
  [K in keyof GlobalEventHandlersEventMap]: K extends `inpaint-${string}` ? K : never;
}[keyof GlobalEventHandlersEventMap];

export type InpaintEventDetail<K extends InpaintEventName> =
  GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

export class InpaintElement extends LitElement {
  /**
   * Dispatches a typed event from this element; `bubbles` and `composed` default
   * to true so embedders can listen on any ancestor, outside our shadow roots.
   */
  emit<K extends InpaintEventName>(name: K, detail: InpaintEventDetail<K>, init: EventInit = {}): CustomEvent<InpaintEventDetail<K>> {
    const event = new CustomEvent(name, { bubbles: true, composed: true, cancelable: false, ...init, detail });
    this.dispatchEvent(event);
    return event;
  }
}

/** Registers a tag unless it is taken: embedders may load the library twice. */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
