/**
 * Custom Elements Manifest analyzer config (`npm run cem`).
 *
 * Our tags are registered through `defineElement(tag, Class)` (it skips a tag
 * already taken), which the analyzer does not recognise as
 * `customElements.define`; the plugin below records those calls so each class
 * gets its `tagName` and the registering module its definition export.
 */

/** @returns {import('@custom-elements-manifest/analyzer').Plugin} */
function defineElementCalls() {
  /** @type {{ tag: string, className: string, module: string }[]} */
  const found = [];
  return {
    name: 'local-inpaint-define-element',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, klass] = node.arguments;
      if (tag && klass && ts.isStringLiteral(tag) && ts.isIdentifier(klass)) found.push({ tag: tag.text, className: klass.text, module: moduleDoc.path });
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const { tag, className, module } of found) {
        const home = customElementsManifest.modules.find((m) => m.declarations?.some((d) => d.kind === 'class' && d.name === className));
        const declaration = home?.declarations.find((d) => d.name === className);
        if (!declaration) throw new Error(`defineElement('${tag}', ${className}) in ${module}: no class ${className} in the analysed files`);
        declaration.tagName = tag;
        declaration.customElement = true;
        const registering = customElementsManifest.modules.find((m) => m.path === module);
        registering.exports = [...(registering.exports ?? []), { kind: 'custom-element-definition', name: tag, declaration: { name: className, module: home.path } }];
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.ts'],
  // internal/ holds defineElement itself, whose generic customElements.define(tag, ctor) would be read as a tag named "tag".
  exclude: ['**/*.test.ts', '**/*.styles.ts', 'src/components/internal/**'],
  outdir: '.',
  litelement: true,
  plugins: [defineElementCalls()],
};
