// `npm run check:jsdoc`: every export of a published package carries a JSDoc `@example` (house rule).
// typedoc's `notDocumented` validation only checks that a comment exists, not that it shows usage, so this
// fills that gap. It reads source (the `@apikeyrouter/source` condition of each `exports` entry), never dist/,
// so it runs before a build, and it follows re-exports to the declaring file: a re-exported declaration is
// checked (and reported) where it is written. Prints `package export file` per miss and exits 1 if any.
//
// Only the binder is needed to follow exports and read JSDoc, so the program is created without lib files,
// @types or third-party typings, and no type checking happens: this keeps the check at a few seconds.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(fileURLToPath(import.meta.url), '../..');

// Entry points as a consumer sees them: each subpath of each non-private package's `exports` map.
const entries = [];
for (const dir of readdirSync(join(root, 'packages'))) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  if (pkg.private) continue;
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const source = typeof target === 'object' ? target['@apikeyrouter/source'] : undefined;
    if (source)
      entries.push({ name: pkg.name + subpath.slice(1), file: join(root, 'packages', dir, source) });
  }
}

const options = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  customConditions: ['@apikeyrouter/source'],
  noLib: true,
  types: [],
  noEmit: true,
};
const host = ts.createCompilerHost(options);
// Follow only our own modules: third-party typings (zod, xstate, hono …) are megabytes of .d.ts that cannot
// hold our exports' docs, and parsing them would take most of the run. Their re-exports are skipped below.
host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, sourceFile) =>
  literals.map(({ text }) =>
    text.startsWith('.') || text.startsWith('@apikeyrouter/')
      ? ts.resolveModuleName(
          text,
          containingFile,
          compilerOptions,
          host,
          undefined,
          redirected,
          sourceFile.impliedNodeFormat,
        )
      : { resolvedModule: undefined },
  );
const program = ts.createProgram(
  entries.map((e) => e.file),
  options,
  host,
);
const checker = program.getTypeChecker();

// `export const x = ...` keeps its JSDoc on the statement, not on the declaration.
function hasExample(decl) {
  const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'example');
}

let total = 0;
const missing = [];
for (const entry of entries) {
  const source = program.getSourceFile(entry.file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) {
    missing.push(`${entry.name} (entry point not found) ${relative(root, entry.file)}`);
    continue;
  }
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    // Overloads and merged declarations: one documented declaration is enough.
    const decls = (symbol.declarations ?? []).filter((d) => !d.getSourceFile().isDeclarationFile);
    if (decls.length === 0) continue; // re-exported from a third-party package (not followed)
    total++;
    if (decls.some(hasExample)) continue;
    missing.push(`${entry.name} ${exported.name} ${relative(root, decls[0].getSourceFile().fileName)}`);
  }
}

for (const line of missing) console.log(line);
console.log(`check:jsdoc: ${total} exports, ${missing.length} without an @example`);
if (missing.length > 0) process.exitCode = 1;
