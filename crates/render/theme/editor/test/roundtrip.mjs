// The round trip between rich text and Markdown, on the built bundle that ships
// (../static/desk-editor.js). Run with plain `node test/roundtrip.mjs`; no packages needed.
//
// - For every body of the corpus (test/corpus.md): a body rich text accepts gives
//   md → doc → md' → doc' → md'' with md' == md'' and doc == doc' (what one mode writes,
//   the other reads the same); a body marked `(markdown)` is refused, so it stays in
//   Markdown mode untouched.
// - Documents made in the rich editor (built here node by node) come back from their
//   Markdown as the same document: words that look like Markdown stay words.
//
// `--json` reads `[{ name, markdown }]` on standard input and prints, for each,
// `{ name, ok, reasons, markdown, stable }`: crates/newsdesk/tests/rich_text.rs sends the
// demo newsroom's stories, imported bodies and this corpus, and compares the server's
// HTML of `markdown` and of what the editor wrote.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
vm.runInThisContext(readFileSync(join(here, "..", "..", "static", "desk-editor.js"), "utf8"), { filename: "desk-editor.js" });
const E = globalThis.NewsdeskEditor;
const S = E.schema;

/** test/corpus.md → [{ name, markdown, rich }] */
export function corpus() {
  const text = readFileSync(join(here, "corpus.md"), "utf8");
  const out = [];
  let current = null;
  for (const line of text.split("\n")) {
    const head = /^=== (.+)$/.exec(line);
    if (head) {
      current = { name: head[1].replace(/ \(markdown\)$/, ""), rich: !head[1].endsWith("(markdown)"), lines: [] };
      out.push(current);
    } else if (current) {
      current.lines.push(line);
    }
  }
  return out.map((c) => ({ name: c.name, rich: c.rich, markdown: c.lines.join("\n").replace(/\n+$/, "") }));
}

function trip(markdown) {
  const seen = E.examine(markdown);
  if (!seen.ok) return { ok: false, reasons: seen.reasons };
  const md1 = seen.markdown;
  const doc1 = E.markdownToDoc(md1);
  const md2 = E.docToMarkdown(doc1);
  const sameDoc = seen.doc.eq(doc1);
  return { ok: true, reasons: [], markdown: md1, again: md2, stable: md1 === md2 && sameDoc, sameDoc };
}

if (process.argv.includes("--json")) {
  const items = JSON.parse(readFileSync(0, "utf8"));
  const results = items.map(({ name, markdown }) => {
    try {
      const r = trip(markdown);
      return { name, ok: r.ok, reasons: r.reasons, markdown: r.markdown ?? null, stable: r.ok ? r.stable : null };
    } catch (e) {
      return { name, ok: false, reasons: ["error: " + e.message], markdown: null, stable: null };
    }
  });
  process.stdout.write(JSON.stringify(results));
} else {
  let passed = 0;
  let failed = 0;
  const check = (name, ok, detail) => {
    if (ok) passed++;
    else {
      failed++;
      console.log("FAIL " + name + (detail ? "\n" + detail : ""));
    }
  };

  for (const item of corpus()) {
    const r = trip(item.markdown);
    if (!item.rich) {
      check(item.name + ": kept in Markdown", !r.ok, "rich text accepted it:\n" + r.markdown);
      continue;
    }
    check(item.name + ": opens in rich text", r.ok, "refused: " + (r.reasons || []).join(", "));
    if (!r.ok) continue;
    check(item.name + ": md' == md''", r.markdown === r.again, "md':\n" + r.markdown + "\n--- md'':\n" + r.again);
    check(item.name + ": doc == doc'", r.sameDoc);
  }

  // Documents as the rich editor makes them.
  const t = (s, marks) => S.text(s, marks || []);
  const p = (...c) => S.nodes.paragraph.create(null, c);
  const strong = S.marks.strong.create();
  const em = S.marks.em.create();
  const link = (href, title) => S.marks.link.create({ href, title: title || "" });
  const docs = {
    "words that look like Markdown": [
      p(t("# not a heading")),
      p(t("1. not a list")),
      p(t("2026.")),
      p(t("- nor * this + or > that")),
      p(t("+")),
      p(t("<b>typed</b> & &amp; &#42; <!-- --> <https://x.y>")),
      p(t("[brackets](and parens) *stars* _unders_ `ticks` ~~tildes~~ \\ backslash")),
      p(t("=====")),
      p(t("| a | b |")),
      p(t("[^1] is not a footnote")),
    ],
    "a hard break before Markdown-looking words": [
      p(t("line"), S.nodes.hard_break.create(), t("- not a bullet"), S.nodes.hard_break.create(), t("## nor a heading"), S.nodes.hard_break.create(), t("---")),
      p(t("a"), S.nodes.hard_break.create(), t("1) no")),
    ],
    "marks next to punctuation and spaces": [
      p(t('"Quote,"', [strong]), t(" she said")),
      p(t("(", []), t("aside", [em]), t(")")),
      p(t("bold link", [link("https://example.com/a_(b)", 'T "q"'), strong]), t(" after")),
    ],
    "a link whose words are its address": [p(t("https://example.com/x", [link("https://example.com/x")]))],
    "a link to an address with spaces": [p(t("report", [link("https://example.com/a b.pdf")]))],
    "headings that end in hashes": [
      S.nodes.heading.create({ level: 2 }, [t("C#")]),
      S.nodes.heading.create({ level: 2 }, [t("Ends with #")]),
      S.nodes.heading.create({ level: 3 }, [t("###")]),
    ],
    "a picture, an embed, a pull quote and lists": [
      S.nodes.picture.create({ src: "/media/a b.jpg", alt: "Alt [with] *marks*", title: 'Caption "x" | Credit\\AFP' }),
      S.nodes.embed.create({ url: "https://www.youtube.com/watch?v=_abc_def" }),
      S.nodes.embed.create({ url: "https://youtu.be/dQw4w9WgXcQ" }),
      S.nodes.pullquote.create(null, [p(t("Pulled words."))]),
      S.nodes.bullet_list.create(null, [S.nodes.list_item.create(null, [p(t("a"))])]),
      S.nodes.bullet_list.create(null, [S.nodes.list_item.create(null, [p(t("b"))])]),
      S.nodes.ordered_list.create({ order: 9 }, [S.nodes.list_item.create(null, [p(t("nine"))]), S.nodes.list_item.create(null, [p(t("ten"))])]),
    ],
    "code with backticks and spaces": [
      p(t(" padded ", [S.marks.code.create()]), t(" and "), t("`tick`", [S.marks.code.create()])),
      S.nodes.code_block.create(null, [t("```\ninside\n```")]),
      S.nodes.code_block.create(),
    ],
  };
  for (const [name, content] of Object.entries(docs)) {
    const doc = S.nodes.doc.create(null, content);
    doc.check();
    const md = E.docToMarkdown(doc);
    const back = E.markdownToDoc(md);
    check("document → Markdown → document: " + name, back.eq(doc), "Markdown:\n" + md + "\n--- read back as:\n" + JSON.stringify(back.toJSON()));
    const seen = E.examine(md);
    check("document → Markdown opens in rich text: " + name, seen.ok, (seen.reasons || []).join(", ") + "\n" + md);
  }

  // What Markdown cannot hold is let go of the same way on every trip: blanks at the start
  // of a line, blanks inside the ends of a mark (moved outside it).
  for (const [name, content] of Object.entries({
    "blanks at the start of a paragraph": [p(t("    four spaces"))],
    "blanks inside bold": [p(t("a "), t(" spaced bold ", [strong]), t(" b"))],
  })) {
    const doc = S.nodes.doc.create(null, content);
    const md = E.docToMarkdown(doc);
    const back = E.markdownToDoc(md);
    check("words survive " + name, back.textContent.trim().replace(/\s+/g, " ") === doc.textContent.trim().replace(/\s+/g, " ") && back.firstChild.type === S.nodes.paragraph, md);
    check("and are stable: " + name, E.docToMarkdown(back) === md, md);
  }

  // What is written, exactly, where it matters to the other parts of the desk.
  const exact = [
    ["a library picture", S.nodes.picture.create({ src: "/media/ab12-960.jpg", alt: "Rescuers", title: "The market | Jane Doe/AFP" }), '![Rescuers](/media/ab12-960.jpg "The market | Jane Doe/AFP")'],
    ["an embed as the bare address", S.nodes.embed.create({ url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ" }), "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    ["an embed whose address Markdown would change", S.nodes.embed.create({ url: "https://x.com/_a_/status/1" }), "<https://x.com/_a_/status/1>"],
    ["a pull quote", S.nodes.pullquote.create(null, [p(t("Words."))]), '<aside class="pullquote">\n\nWords.\n\n</aside>'],
    ["typed HTML", p(t("<b>x</b>")), "\\<b>x\\</b>"],
  ];
  for (const [name, node, want] of exact) {
    const md = E.docToMarkdown(S.nodes.doc.create(null, [node]));
    check("writes " + name, md === want, "wrote " + JSON.stringify(md) + ", want " + JSON.stringify(want));
  }

  // Links the dialog refuses, and those it completes.
  for (const bad of ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "java\tscript:x", " ", "//evil.example/x"]) {
    check("refuses the link " + JSON.stringify(bad), !!E.checkAddress(bad).error);
  }
  for (const [typed, want] of [["https://example.com", "https://example.com"], ["example.com/a", "https://example.com/a"], ["/news/x", "/news/x"], ["news@example.com", "mailto:news@example.com"]]) {
    check("completes the link " + typed, E.checkAddress(typed).href === want, JSON.stringify(E.checkAddress(typed)));
  }

  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
