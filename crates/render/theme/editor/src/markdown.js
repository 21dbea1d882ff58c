// Markdown ⇄ the rich editor's document. The Markdown is what is stored and what the server
// renders (pulldown-cmark: CommonMark with tables, strikethrough, footnotes and smart
// punctuation, then the sanitizer); the rich editor is a view of it. Two promises:
// - docToMarkdown writes Markdown that reads back as the same document and renders as the
//   writer saw it: text is escaped wherever Markdown would read it as formatting (`*`, `_`,
//   `<b>`, `&amp;`, `1.` or `#` at the start of a line…);
// - examine(md) says whether a body can be opened in rich text without changing what
//   readers see. Raw HTML (except the pull quote's `<aside>`), tables and footnotes cannot;
//   nor can anything whose rendering would differ after one trip through the editor.
//   Such a body stays in Markdown mode, where nothing is lost.

import MarkdownIt from "markdown-it";
import { MarkdownParser, MarkdownSerializer } from "prosemirror-markdown";
import { schema } from "./schema.js";
import { embedProvider } from "./embeds.js";

// The pull quote as Markdown: the site's `<aside class="pullquote">` around Markdown
// paragraphs, each tag a line of its own with blank lines around it (CommonMark then reads
// the paragraphs between as Markdown).
export const PULLQUOTE_OPEN = '<aside class="pullquote">';
export const PULLQUOTE_CLOSE = "</aside>";
const PULL_OPEN = /^<aside class="pullquote">[ \t]*\n?$/;
const PULL_CLOSE = /^<\/aside>[ \t]*\n?$/;

function tokenizer(typographer) {
  const md = MarkdownIt("commonmark", { html: true, linkify: false, typographer: typographer });
  md.enable(["table", "strikethrough"]);
  if (typographer) md.enable(["replacements", "smartquotes"]);
  // Addresses exactly as written (no punycode, no percent-encoding, no refusals): the
  // server makes its own of them, and the editor must give back what it was given.
  md.normalizeLink = (url) => url;
  md.normalizeLinkText = (url) => url;
  md.validateLink = () => true;
  return md;
}

const md = tokenizer(false);
// Renders both sides of a round trip to compare them; typographer on, so that an escape
// that kept `"` or `--` from the server's smart punctuation is missed if it is dropped.
const guard = tokenizer(true);

function inlineText(tokens) {
  return (tokens || [])
    .map((t) => (t.type === "softbreak" || t.type === "hardbreak" ? " " : t.type === "image" ? inlineText(t.children) : t.content || ""))
    .join("");
}

// Pull quotes, lone pictures and embeds are found in markdown-it's tokens, before the
// document is built: an embed by the paragraph's source, as the server recognises it.
function refine(tokens, source) {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const out = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "html_block" && PULL_OPEN.test(t.content)) {
      let j = i + 1;
      let paragraphs = 0;
      for (; j < tokens.length; j++) {
        const u = tokens[j];
        if (u.level > t.level) continue;
        if (u.type === "paragraph_open") paragraphs++;
        else if (u.type !== "paragraph_close") break;
      }
      if (paragraphs > 0 && j < tokens.length && tokens[j].type === "html_block" && tokens[j].level === t.level && PULL_CLOSE.test(tokens[j].content)) {
        out.push({ type: "pullquote_open", level: t.level });
        out.push(...refine(tokens.slice(i + 1, j), source));
        out.push({ type: "pullquote_close", level: t.level });
        i = j;
        continue;
      }
    }
    if (t.type === "paragraph_open" && tokens[i + 1] && tokens[i + 2] && tokens[i + 2].type === "paragraph_close") {
      const inline = tokens[i + 1];
      const kids = (inline.children || []).filter((c) => !(c.type === "softbreak" || (c.type === "text" && !c.content.trim())));
      if (kids.length === 1 && kids[0].type === "image") {
        const img = kids[0];
        out.push({
          type: "picture",
          level: t.level,
          hidden: t.hidden,
          attrs: { src: img.attrGet("src") || "", alt: inlineText(img.children), title: img.attrGet("title") || "" },
        });
        i += 2;
        continue;
      }
      if (t.level === 0 && t.map) {
        const text = lines.slice(t.map[0], t.map[1]).join("\n").trim();
        const m = /^<([^<>\s]+)>$/.exec(text);
        const url = m ? m[1] : text;
        if (embedProvider(url)) {
          out.push({ type: "embed", level: 0, attrs: { url, autolink: !!m } });
          i += 2;
          continue;
        }
      }
    }
    out.push(t);
  }
  return out;
}

function listIsTight(tokens, i) {
  while (++i < tokens.length) if (tokens[i].type !== "list_item_open") return !!tokens[i].hidden;
  return false;
}

const parser = new MarkdownParser(
  schema,
  { parse: (text, env) => refine(md.parse(text, env || {}), text) },
  {
    blockquote: { block: "blockquote" },
    pullquote: { block: "pullquote" },
    paragraph: { block: "paragraph" },
    list_item: { block: "list_item" },
    bullet_list: { block: "bullet_list", getAttrs: (_, tokens, i) => ({ tight: listIsTight(tokens, i) }) },
    ordered_list: {
      block: "ordered_list",
      getAttrs: (tok, tokens, i) => ({ order: +tok.attrGet("start") || 1, tight: listIsTight(tokens, i) }),
    },
    heading: { block: "heading", getAttrs: (tok) => ({ level: +tok.tag.slice(1) }) },
    code_block: { block: "code_block", noCloseToken: true },
    fence: { block: "code_block", getAttrs: (tok) => ({ params: tok.info || "" }), noCloseToken: true },
    hr: { node: "horizontal_rule" },
    picture: { node: "picture", getAttrs: (tok) => tok.attrs },
    embed: { node: "embed", getAttrs: (tok) => tok.attrs },
    html_block: { node: "html", getAttrs: (tok) => ({ html: tok.content }) },
    html_inline: { node: "html_inline", getAttrs: (tok) => ({ html: tok.content }) },
    image: {
      node: "image",
      getAttrs: (tok) => ({ src: tok.attrGet("src") || "", title: tok.attrGet("title") || "", alt: inlineText(tok.children) }),
    },
    hardbreak: { node: "hard_break" },
    em: { mark: "em" },
    strong: { mark: "strong" },
    s: { mark: "strike" },
    link: { mark: "link", getAttrs: (tok) => ({ href: tok.attrGet("href") || "", title: tok.attrGet("title") || "" }) },
    code_inline: { mark: "code", noCloseToken: true },
  },
);

// ---- Writing Markdown -----------------------------------------------------------------

/** Text escaped so that Markdown reads it back as the same text and nothing more. */
export function escapeText(str, lineStart) {
  let s = str.replace(/[`*\\~[\]_]/g, (m, i) =>
    m === "_" && i > 0 && i + 1 < str.length && /\w/.test(str[i - 1]) && /\w/.test(str[i + 1]) ? m : "\\" + m,
  );
  // `<b>`, `<!--`, `<https://…>` typed as words stay words; so do `&amp;` and `&#42;`.
  s = s.replace(/<(?=[A-Za-z/!?])/g, "\\<").replace(/&(?=#?[0-9A-Za-z]+;)/g, "\\&");
  if (lineStart) {
    // Leading blanks would make an indented code block; Markdown drops them anyway.
    s = s.replace(/^[ \t]+/, "");
    s = s
      .replace(/^(#{1,6})(?=[ \t]|$)/, "\\$1")
      .replace(/^[-+=>|:]/, "\\$&")
      .replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, "$1\\$2");
  }
  return s;
}

function destination(url) {
  if (url === "") return "";
  if (/[\s<>]/.test(url) || /^</.test(url)) return "<" + url.replace(/[\\<>]/g, "\\$&").replace(/\n/g, " ") + ">";
  return url.replace(/[\\()]/g, "\\$&").replace(/&(?=#?[0-9A-Za-z]+;)/g, "\\&");
}

function titlePart(title) {
  if (!title) return "";
  return ' "' + title.replace(/[\\"]/g, "\\$&").replace(/&(?=#?[0-9A-Za-z]+;)/g, "\\&") + '"';
}

function imageMarkdown(node) {
  return "![" + escapeText(node.attrs.alt || "", false) + "](" + destination(node.attrs.src) + titlePart(node.attrs.title) + ")";
}

/** The Markdown the desk and the pictures' picker write for a picture, as one paragraph. */
export function pictureMarkdown(src, alt, title) {
  return imageMarkdown({ attrs: { src, alt, title } });
}

// An address Markdown keeps as the very same text when it is a paragraph on its own.
function bareSafe(url) {
  const tokens = md.parse(url, {});
  return (
    tokens.length === 3 &&
    tokens[1].children.length === 1 &&
    tokens[1].children[0].type === "text" &&
    tokens[1].children[0].content === url
  );
}

function autolinkable(href) {
  // eslint-disable-next-line no-control-regex
  return /^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f\x7f]*$/.test(href);
}

function isPlainURL(link, parent, index) {
  if (link.attrs.title || !autolinkable(link.attrs.href)) return false;
  const content = parent.child(index);
  if (!content.isText || content.text !== link.attrs.href || content.marks[content.marks.length - 1] !== link) return false;
  return index === parent.childCount - 1 || !link.isInSet(parent.child(index + 1).marks);
}

function codeTicks(text) {
  let max = 0;
  for (const m of text.matchAll(/`+/g)) max = Math.max(max, m[0].length);
  return "`".repeat(max + 1);
}

function codePad(text) {
  return /^`|`$/.test(text) || (/^ /.test(text) && / $/.test(text) && /[^ ]/.test(text)) ? " " : "";
}

// In a tight list, a block after the item's first one follows without a blank line (a
// blank line would make the whole list loose: paragraphs instead of lines).
function openBlock(state) {
  if (state.inTightList && state.closed) state.flushClose(1);
}

function sameBefore(node, parent, index) {
  let n = 0;
  for (let i = index - 1; i >= 0 && parent.child(i).type === node.type; i--) n++;
  return n;
}

const serializer = new MarkdownSerializer(
  {
    blockquote(state, node) {
      openBlock(state);
      state.wrapBlock("> ", null, node, () => state.renderContent(node));
    },
    pullquote(state, node) {
      state.write(PULLQUOTE_OPEN);
      state.closeBlock(node);
      state.renderContent(node);
      state.write(PULLQUOTE_CLOSE);
      state.closeBlock(node);
    },
    code_block(state, node) {
      openBlock(state);
      const text = node.textContent;
      const params = node.attrs.params || "";
      const mark = params.includes("`") ? "~" : "`";
      let longest = 2;
      for (const m of text.matchAll(mark === "`" ? /`+/g : /~+/g)) longest = Math.max(longest, m[0].length);
      const fence = mark.repeat(longest + 1);
      state.write(fence + params + "\n");
      if (text) {
        state.text(text, false);
        state.write("\n");
      }
      state.write(fence);
      state.closeBlock(node);
    },
    heading(state, node) {
      openBlock(state);
      state.write("#".repeat(node.attrs.level) + " ");
      state.renderInline(node, false);
      // A heading ending in ` #` would lose it as a closing sequence.
      state.out = state.out.replace(/([ \t])(#+)([ \t]*)$/, "$1\\$2$3");
      state.closeBlock(node);
    },
    horizontal_rule(state, node) {
      openBlock(state);
      state.write(state.inTightList ? "***" : "---");
      state.closeBlock(node);
    },
    bullet_list(state, node, parent, index) {
      // A list right after another is written with the other bullet, or Markdown would
      // read the two as one list.
      const bullet = sameBefore(node, parent, index) % 2 ? "* " : "- ";
      state.renderList(node, "  ", () => bullet);
    },
    ordered_list(state, node, parent, index) {
      const delim = sameBefore(node, parent, index) % 2 ? ")" : ".";
      const start = node.attrs.order || 1;
      const width = String(start + node.childCount - 1).length;
      const space = " ".repeat(width + 2);
      state.renderList(node, space, (i) => {
        const n = String(start + i);
        return " ".repeat(width - n.length) + n + delim + " ";
      });
    },
    list_item(state, node) {
      state.renderContent(node);
    },
    paragraph(state, node, parent) {
      // An address alone at the top level is written as typed: the server may make an
      // embed of it, and it reads the paragraph's source to decide.
      const only = node.childCount === 1 ? node.firstChild : null;
      if (parent.type === schema.topNodeType && only && only.isText && !only.marks.length && /^https?:\/\/\S+$/.test(only.text) && bareSafe(only.text)) {
        state.write(only.text);
      } else {
        state.renderInline(node);
      }
      state.closeBlock(node);
    },
    picture(state, node) {
      state.write(imageMarkdown(node));
      state.closeBlock(node);
    },
    embed(state, node) {
      const url = node.attrs.url;
      state.write(node.attrs.autolink || !bareSafe(url) ? "<" + url + ">" : url);
      state.closeBlock(node);
    },
    html(state, node) {
      openBlock(state);
      state.text(node.attrs.html.replace(/\n$/, ""), false);
      state.closeBlock(node);
    },
    html_inline(state, node) {
      state.text(node.attrs.html, false);
    },
    image(state, node) {
      state.write(imageMarkdown(node));
    },
    hard_break(state, node, parent, index) {
      for (let i = index + 1; i < parent.childCount; i++) {
        if (parent.child(i).type !== node.type) {
          state.write("\\\n");
          return;
        }
      }
    },
    text(state, node) {
      if (state.inAutolink) {
        state.text(node.text, false);
        return;
      }
      state.write();
      const lineStart = state.atBlockStart || state.out.endsWith("\\\n" + state.delim);
      state.text(escapeText(node.text.replace(/\n/g, " "), lineStart), false);
    },
  },
  {
    em: { open: "*", close: "*", mixable: true, expelEnclosingWhitespace: true },
    strong: { open: "**", close: "**", mixable: true, expelEnclosingWhitespace: true },
    strike: { open: "~~", close: "~~", mixable: true, expelEnclosingWhitespace: true },
    link: {
      open(state, mark, parent, index) {
        state.inAutolink = isPlainURL(mark, parent, index);
        return state.inAutolink ? "<" : "[";
      },
      close(state, mark) {
        const auto = state.inAutolink;
        state.inAutolink = undefined;
        return auto ? ">" : "](" + destination(mark.attrs.href) + titlePart(mark.attrs.title) + ")";
      },
      mixable: true,
    },
    code: {
      open(state, mark, parent, index) {
        const t = parent.child(index).text || "";
        return codeTicks(t) + codePad(t);
      },
      close(state, mark, parent, index) {
        const t = parent.child(index - 1).text || "";
        return codePad(t) + codeTicks(t);
      },
      escape: false,
    },
  },
  { tightLists: true },
);

/** Markdown → document. Throws on Markdown the document cannot hold (see `examine`). */
export function markdownToDoc(markdown) {
  return parser.parse(markdown);
}

/** Document → Markdown, the body field's text. */
export function docToMarkdown(doc) {
  return serializer.serialize(doc);
}

// The text of `markdown` with each quote, dash or dot that a backslash or an entity keeps
// from the server's smart punctuation marked: `\"` stays straight there, and the document
// has no place to keep the backslash, so a body that needs one stays in Markdown.
const plain = tokenizer(false);
plain.core.ruler.disable("text_join");
function straightMarks(markdown) {
  const chars = [];
  const walk = (tokens) => {
    for (const t of tokens) {
      if (t.type === "text") for (const c of t.content) chars.push({ c, kept: false });
      else if (t.type === "text_special") for (const c of t.content) chars.push({ c, kept: /["'.-]/.test(c) });
      else if (t.type === "softbreak" || t.type === "hardbreak") chars.push({ c: " ", kept: false });
      if (t.children) walk(t.children);
    }
  };
  walk(plain.parse(markdown, {}));
  return chars
    .map(({ c, kept }, i) => {
      const near = (d) => chars[i + d] && chars[i + d].c === c;
      const counts = kept && (c === '"' || c === "'" || (c === "-" && (near(-1) || near(1))) || (c === "." && (near(-1) || near(1))));
      return counts ? "\u0001" + c : c;
    })
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

function normalizedHtml(markdown) {
  return guard.render(markdown).replace(/\s+/g, " ").replace(/> </g, "><").trim();
}

// `~like this~`: the server strikes it through (one tilde is enough there), markdown-it
// does not, so the editor would not know.
const SINGLE_TILDES = /(^|[^\\~])~(?=[^~\s])[\s\S]*?[^\s\\~]~(?!~)/;
const FOOTNOTE = /(^|[^\\])\[\^[^\]\s]+\]/m;

/**
 * Whether `markdown` can be edited as rich text without changing what readers see:
 * `{ ok: true, doc, markdown }` (`markdown` is what the editor will write for it), or
 * `{ ok: false, reasons: [...] }`, each reason a phrase for a person ("a table").
 */
export function examine(markdown) {
  const reasons = new Set();
  if (FOOTNOTE.test(markdown)) reasons.add("footnotes");
  if (SINGLE_TILDES.test(markdown)) reasons.add("text between single tildes (~), which the site strikes through");
  const walk = (tokens) => {
    for (const t of tokens) {
      if (t.type === "html_block" || t.type === "html_inline") reasons.add("HTML code");
      else if (t.type.startsWith("table") || t.type.startsWith("th_") || t.type.startsWith("td_") || t.type.startsWith("tr_")) {
        reasons.add("a table");
      }
      if (t.children) walk(t.children);
    }
  };
  walk(refine(md.parse(markdown, {}), markdown));
  if (reasons.size) return { ok: false, reasons: Array.from(reasons) };
  let doc;
  let out;
  try {
    doc = markdownToDoc(markdown);
    doc.check();
    out = docToMarkdown(doc);
  } catch (e) {
    return { ok: false, reasons: ["formatting rich text does not have"] };
  }
  if (straightMarks(markdown) !== straightMarks(out)) {
    return { ok: false, reasons: ["quotation marks or dashes kept straight with a backslash"] };
  }
  if (normalizedHtml(markdown) !== normalizedHtml(out)) {
    return { ok: false, reasons: ["formatting rich text would change"] };
  }
  return { ok: true, doc, markdown: out };
}
