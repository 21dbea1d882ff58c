// The body field as rich text. The `<textarea name="body">` stays the form's field: in
// rich mode it is hidden, and every change in the editor is written into it as Markdown
// (with an `input` event, so autosave, the preview and saving work as with typing). With
// JavaScript off, or for a body rich text cannot show, the textarea is all there is.

import { EditorState, Plugin } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { keymap } from "prosemirror-keymap";
import { history, undo, redo } from "prosemirror-history";
import { baseKeymap, setBlockType } from "prosemirror-commands";
import { inputRules, wrappingInputRule, textblockTypeInputRule, InputRule, undoInputRule } from "prosemirror-inputrules";
import { splitListItem, sinkListItem, liftListItem } from "prosemirror-schema-list";
import { schema, splitTitle } from "./schema.js";
import { examine, docToMarkdown } from "./markdown.js";
import * as cmd from "./commands.js";

const N = schema.nodes;
const M = schema.marks;
const MODE_KEY = "newsdesk:body-editor";
const MAC = typeof navigator !== "undefined" && /Mac|iP(hone|ad|od)/.test(navigator.platform || "");

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children || []) node.append(c);
  return node;
}

function shortcut(keys) {
  return {
    aria: keys.replace("Mod", MAC ? "Meta" : "Control").replace(/-/g, "+"),
    shown: keys.replace("Mod-", MAC ? "⌘" : "Ctrl+").replace("Alt-", MAC ? "⌥" : "Alt+"),
  };
}

function markRule(re, type) {
  return new InputRule(re, (state, match, start, end) => {
    const marks = type.create().addToSet(state.doc.resolve(start).marks());
    return state.tr.replaceWith(start, end, schema.text(match[1], marks)).removeStoredMark(type);
  });
}

// Markdown's own signs, for those who know them: "## " makes a subhead, "> " a quote…
function rules() {
  return inputRules({
    rules: [
      textblockTypeInputRule(/^(#{2,3})\s$/, N.heading, (m) => ({ level: m[1].length })),
      wrappingInputRule(/^\s*>\s$/, N.blockquote),
      wrappingInputRule(/^\s*([-+*])\s$/, N.bullet_list),
      wrappingInputRule(/^(\d+)\.\s$/, N.ordered_list, (m) => ({ order: +m[1] }), (m, node) => node.childCount + node.attrs.order === +m[1]),
      markRule(/\*\*([^*\s](?:[^*]*[^*\s])?)\*\*$/, M.strong),
      markRule(/(?<![*\w\\])\*([^*\s](?:[^*]*[^*\s])?)\*$/, M.em),
      markRule(/(?<![_\w\\])_([^_\s](?:[^_]*[^_\s])?)_$/, M.em),
    ],
  });
}

function keys(focusToolbar) {
  const run = (f) => (state, dispatch, view) => {
    if (dispatch) f(view);
    return true;
  };
  return keymap({
    "Mod-z": undo,
    "Shift-Mod-z": redo,
    "Mod-y": redo,
    Backspace: undoInputRule,
    "Mod-b": cmd.bold,
    "Mod-i": cmd.italic,
    "Mod-k": run(cmd.editLink),
    "Mod-Alt-2": setBlockType(N.heading, { level: 2 }),
    "Mod-Alt-3": setBlockType(N.heading, { level: 3 }),
    "Mod-Alt-0": setBlockType(N.paragraph),
    "Shift-Enter": cmd.hardBreak,
    "Mod-Enter": cmd.hardBreak,
    Enter: splitListItem(N.list_item),
    Tab: sinkListItem(N.list_item),
    "Shift-Tab": liftListItem(N.list_item),
    "Alt-F10": run(focusToolbar),
  });
}

// A library picture: the figure readers will see, and a button for its words.
class PictureView {
  constructor(node, view, getPos) {
    this.view = view;
    this.getPos = getPos;
    this.img = el("img", { alt: "" });
    this.caption = el("figcaption");
    this.button = el("button", { type: "button", class: "desk-picture-edit", text: "Edit picture" });
    this.dom = el("figure", { class: "desk-picture" }, [this.img, this.caption, this.button]);
    this.button.addEventListener("click", () => cmd.editPicture(view, getPos()));
    this.update(node);
  }
  update(node) {
    if (node.type !== N.picture) return false;
    this.node = node;
    this.img.src = node.attrs.src;
    this.img.alt = node.attrs.alt;
    const { caption, credit } = splitTitle(node.attrs.title);
    this.caption.replaceChildren();
    if (caption) this.caption.append(el("span", { class: "caption", text: caption }));
    if (caption && credit) this.caption.append(" ");
    if (credit) this.caption.append(el("span", { class: "credit", text: credit }));
    if (!node.attrs.alt) this.caption.append(el("span", { class: "desk-picture-warning", text: " No alt text yet." }));
    this.button.setAttribute("aria-label", "Edit picture: " + (node.attrs.alt || caption || "no alt text"));
    return true;
  }
  stopEvent(event) {
    return this.button.contains(event.target);
  }
  ignoreMutation() {
    return true;
  }
}

const TOOLS = [
  { key: "bold", label: "B", name: "Bold", keys: "Mod-B", run: (v) => cmd.bold(v.state, v.dispatch), active: (s) => cmd.markActive(s, M.strong), can: cmd.bold },
  { key: "italic", label: "I", name: "Italic", keys: "Mod-I", run: (v) => cmd.italic(v.state, v.dispatch), active: (s) => cmd.markActive(s, M.em), can: cmd.italic },
  { key: "link", label: "Link", name: "Link", keys: "Mod-K", run: cmd.editLink, active: (s) => cmd.markActive(s, M.link) },
  null,
  { key: "h2", label: "Subhead", keys: "Mod-Alt-2", command: cmd.heading(2), active: (s) => cmd.headingActive(s, 2) },
  { key: "h3", label: "Small subhead", keys: "Mod-Alt-3", command: cmd.heading(3), active: (s) => cmd.headingActive(s, 3) },
  { key: "quote", label: "Quote", command: cmd.toggleWrap(N.blockquote), active: (s) => !!cmd.ancestor(s, N.blockquote) },
  { key: "pullquote", label: "Pull quote", command: cmd.toggleWrap(N.pullquote), active: (s) => !!cmd.ancestor(s, N.pullquote) },
  { key: "bullets", label: "• List", name: "• List (bulleted)", command: cmd.toggleList(N.bullet_list), active: (s) => !!cmd.ancestor(s, N.bullet_list) },
  { key: "numbers", label: "1. List", name: "1. List (numbered)", command: cmd.toggleList(N.ordered_list), active: (s) => !!cmd.ancestor(s, N.ordered_list) },
  null,
  { key: "picture", label: "Picture", name: "Insert picture", run: cmd.insertPicture },
  { key: "embed", label: "Embed", name: "Embed a video, post, chart or map", run: cmd.insertEmbed },
];

function toolbar(getView, id) {
  const bar = el("div", { class: "rich-toolbar", role: "toolbar", "aria-label": "Formatting", "aria-controls": id });
  const buttons = [];
  for (const tool of TOOLS) {
    if (!tool) {
      bar.append(el("span", { class: "rich-toolbar-gap", "aria-hidden": "true" }));
      continue;
    }
    const k = tool.keys ? shortcut(tool.keys) : null;
    const b = el("button", {
      type: "button",
      class: "rich-tool rich-tool-" + tool.key,
      "data-tool": tool.key,
      tabindex: buttons.length ? "-1" : "0",
      "aria-label": tool.name || null,
      "aria-keyshortcuts": k ? k.aria : null,
      title: (tool.name || tool.label) + (k ? " (" + k.shown + ")" : ""),
      text: tool.label,
    });
    if (tool.active) b.setAttribute("aria-pressed", "false");
    // A click keeps the editor's selection: the button never takes focus from it.
    b.addEventListener("mousedown", (e) => e.preventDefault());
    b.addEventListener("click", () => {
      const view = getView();
      if (b.getAttribute("aria-disabled") === "true") return;
      if (tool.command) {
        tool.command(view.state, view.dispatch);
        view.focus();
      } else {
        tool.run(view);
      }
    });
    buttons.push({ b, tool });
    bar.append(b);
  }
  // One tab stop; arrows, Home and End move along (the ARIA toolbar pattern).
  bar.addEventListener("keydown", (e) => {
    const list = buttons.map((x) => x.b);
    const at = list.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: list.length - 1 }[e.key];
    if (to === undefined) {
      if (e.key === "Escape") getView().focus();
      return;
    }
    e.preventDefault();
    const next = list[(to + list.length) % list.length];
    list.forEach((b) => b.setAttribute("tabindex", b === next ? "0" : "-1"));
    next.focus();
  });
  const update = (state) => {
    for (const { b, tool } of buttons) {
      if (tool.active) b.setAttribute("aria-pressed", String(!!tool.active(state)));
      const can = tool.command || tool.can;
      if (can) b.setAttribute("aria-disabled", String(!can(state)));
    }
  };
  const focus = () => {
    const current = buttons.find((x) => x.b.getAttribute("tabindex") === "0") || buttons[0];
    current.b.focus();
  };
  return { bar, update, focus };
}

function list(reasons) {
  if (reasons.length < 2) return reasons.join("");
  return reasons.slice(0, -1).join(", ") + " and " + reasons[reasons.length - 1];
}

function remembered() {
  try {
    return localStorage.getItem(MODE_KEY);
  } catch (e) {
    return null;
  }
}

function remember(mode) {
  try {
    localStorage.setItem(MODE_KEY, mode);
  } catch (e) {
    // Not remembered: the next page starts in rich text again.
  }
}

let editors = 0;

/** Gives `textarea` (a Markdown body field) a rich-text mode and the switch between the two. */
export function mount(textarea) {
  if (textarea.dataset.richText === "on") return null;
  textarea.dataset.richText = "on";
  const n = ++editors;
  const id = "rich-body-" + n;
  const label = textarea.id ? document.querySelector('label[for="' + textarea.id + '"]') : null;
  if (label && !label.id) label.id = textarea.id + "-label";

  const richButton = el("button", { type: "button", "aria-pressed": "false", text: "Rich text" });
  const markdownButton = el("button", { type: "button", "aria-pressed": "false", text: "Markdown" });
  const note = el("p", { class: "rich-note", id: id + "-note", role: "status" });
  const head = el("div", { class: "rich-head" }, [
    el("div", { class: "rich-switch", role: "group", "aria-label": "How to write the text" }, [richButton, markdownButton]),
    note,
  ]);
  const mountPoint = el("div", { class: "rich-surface" });
  let view = null;
  const tools = toolbar(() => view, id);
  const box = el("div", { class: "rich-editor", hidden: true }, [tools.bar, mountPoint]);
  textarea.before(head);
  textarea.after(box);

  let writing = false;
  let mode = "markdown";
  let recheck = null;

  const stateFor = (doc) =>
    EditorState.create({
      doc,
      plugins: [rules(), keys(tools.focus), keymap(baseKeymap), history(), new Plugin({ view: () => ({ update: (v) => tools.update(v.state) }) })],
    });

  function write(doc) {
    const md = docToMarkdown(doc);
    if (md === textarea.value) return;
    writing = true;
    textarea.value = md;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    writing = false;
  }

  function makeView(doc) {
    view = new EditorView(mountPoint, {
      state: stateFor(doc),
      attributes: (state) => {
        const empty = state.doc.childCount === 1 && state.doc.firstChild.isTextblock && state.doc.firstChild.content.size === 0;
        return {
          id,
          class: "body desk-rich-body" + (empty ? " is-empty" : ""),
          role: "textbox",
          "aria-multiline": "true",
          "aria-labelledby": label ? label.id : null,
          "aria-describedby": id + "-note",
          "data-placeholder": "Start writing. The toolbar above adds subheads, quotes, links, pictures and embeds.",
          spellcheck: "true",
        };
      },
      nodeViews: { picture: (node, v, getPos) => new PictureView(node, v, getPos) },
      dispatchTransaction(tr) {
        const state = view.state.apply(tr);
        view.updateState(state);
        if (tr.docChanged && !tr.getMeta("newsdesk-outside")) write(state.doc);
      },
      handlePaste(v, event) {
        const text = event.clipboardData ? event.clipboardData.getData("text/plain").trim() : "";
        if (!text || /\s/.test(text)) return false;
        return cmd.pasteEmbed(v, text) || cmd.pasteLink(v, text);
      },
    });
    tools.update(view.state);
  }

  function show(next) {
    mode = next;
    box.hidden = next !== "rich";
    textarea.hidden = next === "rich";
    richButton.setAttribute("aria-pressed", String(next === "rich"));
    markdownButton.setAttribute("aria-pressed", String(next === "markdown"));
    // The desk's own script (its Write / Preview tabs over the Markdown field) follows.
    textarea.dispatchEvent(new CustomEvent("newsdesk:mode", { detail: next, bubbles: true }));
  }

  // Rich text when the body can be shown as rich text; else Markdown, saying why.
  function toRich(focus) {
    const seen = examine(textarea.value);
    if (!seen.ok) {
      note.textContent =
        "This text has " + list(seen.reasons) + ", which rich text cannot show, so it stays in Markdown: nothing is lost. Rich text works again once the Markdown has none.";
      richButton.setAttribute("aria-disabled", "true");
      show("markdown");
      return false;
    }
    note.textContent = "";
    richButton.removeAttribute("aria-disabled");
    if (view) view.updateState(stateFor(seen.doc));
    else makeView(seen.doc);
    show("rich");
    if (focus) view.focus();
    return true;
  }

  richButton.addEventListener("click", () => {
    if (mode === "rich") return;
    if (toRich(true)) remember("rich");
  });
  markdownButton.addEventListener("click", () => {
    remember("markdown");
    note.textContent = "";
    show("markdown");
    textarea.focus();
  });
  // Text put into the field from outside (a restored copy, a merge): shown as rich text
  // when it can be, else the field is shown.
  textarea.addEventListener("input", () => {
    if (writing) return;
    if (mode === "rich") {
      const seen = examine(textarea.value);
      if (seen.ok) {
        const tr = view.state.tr.replaceWith(0, view.state.doc.content.size, seen.doc.content).setMeta("newsdesk-outside", true);
        view.dispatch(tr);
      } else {
        toRich(false);
      }
    } else if (richButton.getAttribute("aria-disabled") === "true") {
      clearTimeout(recheck);
      recheck = setTimeout(() => {
        if (examine(textarea.value).ok) {
          richButton.removeAttribute("aria-disabled");
          note.textContent = "";
        }
      }, 500);
    }
  });
  if (label) {
    label.addEventListener("click", (e) => {
      if (mode !== "rich") return;
      e.preventDefault();
      view.focus();
    });
  }

  if (remembered() === "markdown") show("markdown");
  else toRich(false);
  return {
    get mode() {
      return mode;
    },
    get view() {
      return view;
    },
  };
}

/** Every Markdown body field on the page (the story's and the page's editor). */
export function boot() {
  document.querySelectorAll("form textarea#body, form textarea[data-rich-text-field]").forEach(mount);
}
