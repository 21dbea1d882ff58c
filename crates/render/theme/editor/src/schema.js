// The document the rich editor holds: exactly what a story body's Markdown can say and the
// site renders (CommonMark, strikethrough, the pull quote's `<aside>`), plus two nodes that
// are a paragraph in Markdown: a picture alone in its paragraph (a figure on the site) and
// an embed (a paragraph that is one address from an allowed site; top level only, as the
// server recognises it only there). `html` and `html_inline` hold raw HTML met while
// parsing; a body with any left keeps its writer in Markdown mode (see markdown.js).

import { Schema } from "prosemirror-model";
import { embedProvider } from "./embeds.js";

/** An address safe to put in the editor's own DOM (it never runs or loads a script). */
export function safeHref(href) {
  const h = String(href || "").trim();
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(h)) return null;
  if (/^(https?:|mailto:)/i.test(h)) return h;
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) return null;
  return h;
}

/** `Caption | Credit` in a picture's title → its two parts (the pictures' convention). */
export function splitTitle(title) {
  const t = title || "";
  const at = t.lastIndexOf(" | ");
  return at < 0 ? { caption: t.trim(), credit: "" } : { caption: t.slice(0, at).trim(), credit: t.slice(at + 3).trim() };
}

/** Caption and credit → a picture's title; neither may hold ` | ` (the separator). */
export function joinTitle(caption, credit) {
  const line = (s) => String(s || "").split(/\s+/).filter(Boolean).join(" ");
  const cr = line(credit).split(" | ").join(" / ");
  let ca = line(caption);
  if (!cr) return ca.split(" | ").join(" / ");
  return (ca ? ca + " | " : " | ") + cr;
}

function headingRule(level) {
  return { tag: "h" + level, attrs: { level } };
}

export const schema = new Schema({
  nodes: {
    doc: { content: "(block | embed)+" },
    paragraph: {
      content: "inline*",
      group: "block",
      parseDOM: [{ tag: "p" }],
      toDOM: () => ["p", 0],
    },
    heading: {
      attrs: { level: { default: 2 } },
      content: "(text | image)*",
      group: "block",
      defining: true,
      parseDOM: [1, 2, 3, 4, 5, 6].map(headingRule),
      toDOM: (node) => ["h" + node.attrs.level, 0],
    },
    blockquote: {
      content: "block+",
      group: "block",
      defining: true,
      parseDOM: [{ tag: "blockquote" }],
      toDOM: () => ["blockquote", 0],
    },
    pullquote: {
      content: "paragraph+",
      group: "block",
      defining: true,
      parseDOM: [{ tag: "aside.pullquote", priority: 60 }, { tag: "blockquote.pullquote", priority: 60 }],
      toDOM: () => ["aside", { class: "pullquote" }, 0],
    },
    horizontal_rule: {
      group: "block",
      parseDOM: [{ tag: "hr" }],
      toDOM: () => ["hr"],
    },
    code_block: {
      content: "text*",
      group: "block",
      code: true,
      defining: true,
      marks: "",
      attrs: { params: { default: "" } },
      parseDOM: [{ tag: "pre", preserveWhitespace: "full", getAttrs: (dom) => ({ params: dom.getAttribute("data-params") || "" }) }],
      toDOM: (node) => ["pre", node.attrs.params ? { "data-params": node.attrs.params } : {}, ["code", 0]],
    },
    ordered_list: {
      content: "list_item+",
      group: "block",
      attrs: { order: { default: 1 }, tight: { default: true } },
      parseDOM: [
        {
          tag: "ol",
          getAttrs: (dom) => ({ order: dom.hasAttribute("start") ? +dom.getAttribute("start") || 1 : 1, tight: true }),
        },
      ],
      toDOM: (node) => ["ol", { start: node.attrs.order === 1 ? null : node.attrs.order }, 0],
    },
    bullet_list: {
      content: "list_item+",
      group: "block",
      attrs: { tight: { default: true } },
      parseDOM: [{ tag: "ul" }],
      toDOM: () => ["ul", 0],
    },
    list_item: {
      content: "block+",
      defining: true,
      parseDOM: [{ tag: "li" }],
      toDOM: () => ["li", 0],
    },
    // A picture alone in its paragraph: `![alt](src "Caption | Credit")`.
    picture: {
      group: "block",
      atom: true,
      draggable: true,
      attrs: { src: {}, alt: { default: "" }, title: { default: "" } },
      parseDOM: [
        {
          tag: "figure[data-picture-src]",
          getAttrs: (dom) => ({
            src: dom.getAttribute("data-picture-src"),
            alt: dom.getAttribute("data-picture-alt") || "",
            title: dom.getAttribute("data-picture-title") || "",
          }),
        },
      ],
      toDOM: (node) => {
        const { caption, credit } = splitTitle(node.attrs.title);
        const words = [];
        if (caption) words.push(["span", { class: "caption" }, caption]);
        if (credit) words.push(["span", { class: "credit" }, credit]);
        const figure = [
          "figure",
          {
            class: "desk-picture",
            "data-picture-src": node.attrs.src,
            "data-picture-alt": node.attrs.alt,
            "data-picture-title": node.attrs.title,
          },
          ["img", { src: safeHref(node.attrs.src) || "", alt: node.attrs.alt }],
        ];
        if (words.length) figure.push(["figcaption", {}, ...words]);
        return figure;
      },
    },
    // A paragraph that is one address from an allowed site, shown as a card.
    embed: {
      atom: true,
      draggable: true,
      attrs: { url: {}, autolink: { default: false } },
      parseDOM: [
        {
          tag: "div[data-embed-url]",
          getAttrs: (dom) => ({ url: dom.getAttribute("data-embed-url"), autolink: false }),
        },
      ],
      toDOM: (node) => [
        "div",
        { class: "desk-embed", "data-embed-url": node.attrs.url },
        ["span", { class: "desk-embed-provider" }, (embedProvider(node.attrs.url) || "Link") + " embed"],
        ["span", { class: "desk-embed-url" }, node.attrs.url],
      ],
    },
    // Raw HTML, kept only so that a body holding some is refused rather than changed.
    html: {
      group: "block",
      atom: true,
      attrs: { html: { default: "" } },
      toDOM: (node) => ["pre", { class: "desk-raw-html" }, node.attrs.html],
    },
    text: { group: "inline" },
    image: {
      inline: true,
      group: "inline",
      draggable: true,
      attrs: { src: {}, alt: { default: "" }, title: { default: "" } },
      parseDOM: [
        {
          tag: "img[src]",
          getAttrs: (dom) =>
            safeHref(dom.getAttribute("src")) === null
              ? false
              : { src: dom.getAttribute("src"), alt: dom.getAttribute("alt") || "", title: dom.getAttribute("title") || "" },
        },
      ],
      toDOM: (node) => ["img", { src: safeHref(node.attrs.src) || "", alt: node.attrs.alt, title: node.attrs.title || null }],
    },
    html_inline: {
      inline: true,
      group: "inline",
      atom: true,
      attrs: { html: { default: "" } },
      toDOM: (node) => ["code", { class: "desk-raw-html" }, node.attrs.html],
    },
    hard_break: {
      inline: true,
      group: "inline",
      selectable: false,
      parseDOM: [{ tag: "br" }],
      toDOM: () => ["br"],
    },
  },
  marks: {
    em: {
      parseDOM: [{ tag: "i" }, { tag: "em" }, { style: "font-style=italic" }],
      toDOM: () => ["em", 0],
    },
    strong: {
      parseDOM: [
        { tag: "strong" },
        { tag: "b", getAttrs: (node) => node.style.fontWeight !== "normal" && null },
        { style: "font-weight", getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value) && null },
      ],
      toDOM: () => ["strong", 0],
    },
    strike: {
      parseDOM: [{ tag: "s" }, { tag: "del" }, { tag: "strike" }],
      toDOM: () => ["del", 0],
    },
    link: {
      attrs: { href: {}, title: { default: "" } },
      inclusive: false,
      parseDOM: [
        {
          tag: "a[href]",
          // A pasted `javascript:` link keeps its words and loses the link.
          getAttrs: (dom) =>
            safeHref(dom.getAttribute("href")) === null ? false : { href: dom.getAttribute("href"), title: dom.getAttribute("title") || "" },
        },
      ],
      toDOM: (mark) => ["a", { href: safeHref(mark.attrs.href), title: mark.attrs.title || null, rel: "noopener noreferrer" }, 0],
    },
    code: {
      code: true,
      parseDOM: [{ tag: "code" }],
      toDOM: () => ["code", 0],
    },
  },
});
