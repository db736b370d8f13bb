import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { injectIntoReadme, renderManifest } from '../scripts/cem-to-readme.mjs';

// The element reference in docs/ and README is generated from
// custom-elements.json (`npm run cem`); a hand edit or a forgotten
// regeneration after changing the manifest shows up here.
describe('element reference', () => {
  it('docs/elements.md and the README block match custom-elements.json', async () => {
    const manifest = JSON.parse(await readFile('custom-elements.json', 'utf8'));
    const markdown = renderManifest(manifest);
    expect(await readFile('docs/elements.md', 'utf8')).toBe(markdown.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n');
    const readme = await readFile('README.md', 'utf8');
    expect(injectIntoReadme(readme, markdown)).toBe(readme);
    expect(readme).toContain('`<inpaint-editor>`');
    expect(readme).toContain('inpaint-mask-change');
  });
});
