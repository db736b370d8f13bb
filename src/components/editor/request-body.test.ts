import { describe, expect, it } from 'vitest';
import { buildRequest, defaultForm } from './request-body';

describe('buildRequest: "Remove location"', () => {
  const image = new Blob(['i']);
  const mask = new Blob(['m']);

  it('sends metadata strip-location when ticked, and leaves the field out (keep) when not', () => {
    expect(defaultForm().removeLocation).toBe(false);
    expect(buildRequest({ ...defaultForm(), prompt: 'x', removeLocation: true }, image, mask).metadata).toBe('strip-location');
    expect('metadata' in buildRequest({ ...defaultForm(), prompt: 'x' }, image, mask)).toBe(false);
  });
});
