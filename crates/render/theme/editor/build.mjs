// `npm run build`: bundles src/ with the exact versions in package-lock.json into one
// minified script, ../static/desk-editor.js, and writes the licence of every package in it
// to ../static/desk-editor.LICENSES.txt. Both files are checked in; nothing else builds them.

import { build } from "esbuild";
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "desk-editor.js");
const licences = join(here, "..", "static", "desk-editor.LICENSES.txt");
const self = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));

const result = await build({
  entryPoints: [join(here, "src", "index.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  metafile: true,
  // markdown-it needs only entities' decoder; its encoder tables are 23 kB more.
  alias: { entities: "entities/lib/decode.js" },
  outfile: out,
  banner: {
    js:
      "/*! Newsdesk's rich-text editor. Bundles ProseMirror and markdown-it (MIT) with their small " +
      "dependencies: each package, its version and its licence are in desk-editor.LICENSES.txt beside " +
      "this file in Newsdesk's source (crates/render/theme/static/). Source and rebuild: " +
      "crates/render/theme/editor/README.md */",
  },
});

// The packages whose code is in the bundle, from esbuild's own list of inputs.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const parts = relative(here, join(here, input)).split(sep);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) continue;
  const name = parts[at + 1].startsWith("@") ? parts[at + 1] + "/" + parts[at + 2] : parts[at + 1];
  const dir = join(here, ...parts.slice(0, at + 1), ...name.split("/"));
  packages.set(name, dir);
}

const sections = [];
for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)([-.]|$)/i.test(f));
  if (!file || !existsSync(join(dir, file))) throw new Error(name + " has no licence file: cannot ship it");
  const text = readFileSync(join(dir, file), "utf8").trim();
  sections.push(`${"=".repeat(78)}\n${meta.name} ${meta.version} (${meta.license})\n${meta.homepage || ""}\n${"-".repeat(78)}\n${text}\n`);
}

const head =
  `desk-editor.js — the licences of the packages bundled into it\n\n` +
  `Built by crates/render/theme/editor (${self.name} ${self.version}) with esbuild ` +
  `${JSON.parse(readFileSync(join(here, "node_modules", "esbuild", "package.json"), "utf8")).version}, ` +
  `from the versions pinned in its package-lock.json. ${packages.size} packages:\n` +
  [...packages.keys()]
    .sort()
    .map((n) => {
      const m = JSON.parse(readFileSync(join(packages.get(n), "package.json"), "utf8"));
      return `  ${m.name} ${m.version} (${m.license})`;
    })
    .join("\n") +
  "\n\n";
writeFileSync(licences, head + sections.join("\n"));

const size = readFileSync(out).length;
console.log(`wrote ${relative(process.cwd(), out)} (${size} bytes) and ${relative(process.cwd(), licences)} (${packages.size} packages)`);
