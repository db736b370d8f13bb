/**
 * The project's import graph, read with the TypeScript compiler's pre-processor
 * (type-only imports, `export … from` and dynamic `import()` included), for the
 * layout checks in architecture.test.ts. Node only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Project-relative path → the project files it imports (packages are left out). */
export type ImportGraph = Map<string, string[]>;

const SKIP = new Set(['node_modules', 'dist', 'fixtures', '.vitest-attachments']);

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tsFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The file a relative specifier names (extensionless, `.ts`, a folder's index, Vite's `?worker&url` suffix stripped). */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier.replace(/\?.*$/, ''));
  return [base, `${base}.ts`, join(base, 'index.ts')].find((p) => p.endsWith('.ts') && existsSync(p));
}

/** The import graph of every `.ts` file under `folders` (project-relative). */
export function importGraph(folders: readonly string[] = ['src', 'workers', 'models', 'test', 'bench']): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of folders.flatMap((f) => tsFiles(join(ROOT, f)))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles.map((i) => resolveSpecifier(file, i.fileName)).filter((p): p is string => p !== undefined);
    graph.set(relative(ROOT, file), [...new Set(targets.map((p) => relative(ROOT, p)))]);
  }
  return graph;
}

/**
 * Every cycle of the graph, one per strongly connected component of two or more
 * files (or a file importing itself), as the files of that component sorted.
 * Tarjan's algorithm, iterative so a deep chain cannot overflow the stack.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || edges.includes(frame.node)) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

/** The files reachable from `entry` (itself included). */
export function reachable(graph: ImportGraph, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  while (todo.length) {
    for (const to of graph.get(todo.pop()!) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        todo.push(to);
      }
    }
  }
  return seen;
}

/** Global names the DOM library declares and the WebWorker library does not (`document`, `HTMLElement`, `customElements`, …). */
export function domOnlyGlobals(): Set<string> {
  const libDir = dirname(ts.getDefaultLibFilePath({}));
  const declared = (lib: string) => {
    const source = ts.createSourceFile(lib, readFileSync(join(libDir, lib), 'utf8'), ts.ScriptTarget.Latest);
    const names = new Set<string>();
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
      } else if (
        (ts.isInterfaceDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isModuleDeclaration(statement)) &&
        statement.name &&
        ts.isIdentifier(statement.name)
      ) {
        names.add(statement.name.text);
      }
    }
    return names;
  };
  const worker = declared('lib.webworker.d.ts');
  return new Set([...declared('lib.dom.d.ts')].filter((name) => !worker.has(name)));
}

/**
 * The DOM-only globals `text` uses: identifiers read as values or named as
 * types, leaving out property names (`x.document`), declarations and names
 * the file declares itself.
 */
export function domGlobalsUsed(fileName: string, text: string, domOnly: ReadonlySet<string>): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const own = new Set<string>();
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    const name = (node as { name?: ts.Node }).name;
    if (name && ts.isIdentifier(name) && (ts.isDeclarationStatement(node) || ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node) || ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isNamespaceImport(node))) {
      own.add(name.text);
    }
    if (ts.isIdentifier(node) && domOnly.has(node.text)) {
      const parent = node.parent;
      const isMemberName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isQualifiedName(parent) && parent.right === node) ||
        ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent)) && parent.name === node);
      if (!isMemberName) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...used].filter((n) => !own.has(n)).sort();
}
