// What the toolbar's buttons and the keyboard do: marks, subheads, quotes, lists, links,
// pictures and embeds. Every command is a ProseMirror command (state, dispatch, view),
// so "can this run here?" is the same call without `dispatch`.

import { TextSelection } from "prosemirror-state";
import { toggleMark, setBlockType, wrapIn, lift, chainCommands, exitCode } from "prosemirror-commands";
import { wrapInList, liftListItem } from "prosemirror-schema-list";
import { schema, safeHref, splitTitle, joinTitle } from "./schema.js";
import { markdownToDoc } from "./markdown.js";
import { embedProvider } from "./embeds.js";
import { ask } from "./dialog.js";

const N = schema.nodes;
const M = schema.marks;

export function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

export function ancestor(state, type) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return { node: $from.node(d), depth: d, pos: $from.before(d) };
  return null;
}

export function headingActive(state, level) {
  const p = state.selection.$from.parent;
  return p.type === N.heading && p.attrs.level === level;
}

export const bold = toggleMark(M.strong);
export const italic = toggleMark(M.em);

export function heading(level) {
  return (state, dispatch) =>
    headingActive(state, level) ? setBlockType(N.paragraph)(state, dispatch) : setBlockType(N.heading, { level })(state, dispatch);
}

export function toggleWrap(type) {
  return (state, dispatch) => (ancestor(state, type) ? lift(state, dispatch) : wrapIn(type)(state, dispatch));
}

export function toggleList(type) {
  return (state, dispatch) => {
    const list = listAround(state);
    if (list && list.node.type === type) return liftListItem(N.list_item)(state, dispatch);
    if (list) {
      if (dispatch) dispatch(state.tr.setNodeMarkup(list.pos, type, type === N.ordered_list ? { order: 1, tight: list.node.attrs.tight } : { tight: list.node.attrs.tight }));
      return true;
    }
    return wrapInList(type)(state, dispatch);
  };
}

export function listAround(state) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const t = $from.node(d).type;
    if (t === N.bullet_list || t === N.ordered_list) return { node: $from.node(d), pos: $from.before(d) };
  }
  return null;
}

export const hardBreak = chainCommands(exitCode, (state, dispatch) => {
  const { $from } = state.selection;
  if (!$from.parent.canReplaceWith($from.index(), $from.indexAfter(), N.hard_break)) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(N.hard_break.create()).scrollIntoView());
  return true;
});

// ---- Links ------------------------------------------------------------------------------

/** A typed address → the one to store, or `{ error }` saying what is wrong with it. */
export function checkAddress(typed) {
  const s = String(typed || "").trim();
  if (!s) return { error: "Write the address the link goes to." };
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(s) || /\s/.test(s)) return { error: "An address has no spaces or line breaks in it." };
  if (/^(https?:\/\/[^/]|mailto:[^@\s]+@)/i.test(s)) return { href: s };
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) {
    return { error: "A link can go to a web address (https://…), an e-mail address or a page of this site (/…), not to “" + s.split(":")[0] + ":”." };
  }
  if (/^[/#?]/.test(s) && !/^\/\//.test(s)) return { href: s };
  if (/^[^@/]+@[^@/]+\.[a-z]{2,}$/i.test(s)) return { href: "mailto:" + s };
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}([/?#:]|$)/i.test(s)) return { href: "https://" + s };
  return { error: "That does not look like an address. Paste it from the browser's address bar." };
}

function linkAround(state) {
  const { $from, $to, empty } = state.selection;
  const parent = $from.parent;
  if (!empty && !$from.sameParent($to)) return null;
  const at = $from.parentOffset;
  let offset = 0;
  let found = null;
  let range = null;
  parent.forEach((child) => {
    const start = offset;
    offset += child.nodeSize;
    const mark = M.link.isInSet(child.marks);
    if (range && (!mark || !mark.eq(range.mark))) {
      if (range.from <= at && at <= range.to && !found) found = range;
      range = null;
    }
    if (mark) range = range ? { ...range, to: offset } : { mark, from: start, to: offset };
  });
  if (range && range.from <= at && at <= range.to && !found) found = range;
  if (!found) return null;
  const base = $from.start();
  return { mark: found.mark, from: base + found.from, to: base + found.to };
}

export async function editLink(view) {
  const state = view.state;
  const around = linkAround(state);
  const { from, to, empty } = state.selection;
  const fields = [{ name: "href", label: "Address", url: true, value: around ? around.mark.attrs.href : "", placeholder: "https://…" }];
  if (empty && !around) fields.push({ name: "text", label: "Words to show", value: "" });
  const answer = await ask({
    title: around ? "Edit link" : "Add a link",
    fields,
    submit: around ? "Save link" : "Add link",
    extra: around ? [{ label: "Remove link", value: "remove" }] : [],
    check: (v) => checkAddress(v.href).error || null,
  });
  view.focus();
  if (!answer) return;
  const now = view.state;
  if (answer.button === "remove") {
    view.dispatch(now.tr.removeMark(around.from, around.to, M.link));
    return;
  }
  const mark = M.link.create({ href: checkAddress(answer.href).href, title: around ? around.mark.attrs.title : "" });
  if (around) {
    view.dispatch(now.tr.removeMark(around.from, around.to, M.link).addMark(around.from, around.to, mark));
  } else if (!empty) {
    view.dispatch(now.tr.addMark(from, to, mark));
  } else {
    const words = (answer.text || "").trim() || mark.attrs.href;
    const tr = now.tr.insert(from, schema.text(words, [mark]));
    view.dispatch(tr.setSelection(TextSelection.create(tr.doc, from + words.length)).removeStoredMark(M.link));
  }
}

// ---- Pictures and embeds ----------------------------------------------------------------

/** Puts a block where the cursor is: instead of an empty paragraph, else after the block. */
function placeBlock(view, node, topLevel) {
  const { state } = view;
  const { $from } = state.selection;
  let tr;
  const depth = topLevel ? Math.min(1, $from.depth) : $from.depth;
  const block = depth > 0 ? $from.node(depth) : null;
  if (block && block.type === N.paragraph && block.content.size === 0 && (!topLevel || depth === 1)) {
    tr = state.tr.replaceWith($from.before(depth), $from.after(depth), node);
  } else if (topLevel) {
    const at = $from.depth > 0 ? $from.after(1) : state.selection.from;
    tr = state.tr.insert(at, node);
  } else {
    tr = state.tr.replaceSelectionWith(node);
  }
  view.dispatch(writeOnBelow(tr, node).scrollIntoView());
  view.focus();
}

// After a picture or an embed the cursor goes to the paragraph below it (made if there is
// none), so the writer carries on typing.
function writeOnBelow(tr, node) {
  let after = null;
  tr.doc.descendants((n, pos) => {
    if (after !== null) return false;
    if (n === node || (n.type === node.type && n.attrs === node.attrs)) after = pos + n.nodeSize;
    return after === null;
  });
  if (after === null) return tr;
  const $after = tr.doc.resolve(after);
  const next = $after.nodeAfter;
  if (!next || !next.isTextblock) {
    if (!$after.parent.canReplaceWith($after.index(), $after.index(), N.paragraph)) return tr;
    tr.insert(after, N.paragraph.create());
  }
  return tr.setSelection(TextSelection.create(tr.doc, after + 1));
}

/** A picture from the library's card: the picker's own Markdown when it gives one. */
export function pictureFromCard(card) {
  if (card.markdown) {
    try {
      const first = markdownToDoc(card.markdown).firstChild;
      if (first && first.type === N.picture) return first.attrs;
    } catch (e) {
      // Fall through to the card's fields.
    }
  }
  return { src: card.src || card.thumb || "", alt: card.alt || "", title: joinTitle(card.caption, card.credit) };
}

function checkPictureAddress(v) {
  const s = (v.src || "").trim();
  if (!s) return "Write the picture's address.";
  if (!/^(https?:\/\/\S+|\/\S*)$/i.test(s) || safeHref(s) === null) return "A picture's address starts with https:// or with / (a picture of this site).";
  return null;
}

function askPicture(view, pos) {
  const node = pos === null ? null : view.state.doc.nodeAt(pos);
  const words = splitTitle(node ? node.attrs.title : "");
  const fields = [];
  if (!node) fields.push({ name: "src", label: "Picture's address", url: true, placeholder: "/media/… or https://…" });
  fields.push(
    { name: "alt", label: "Alt text (what the picture shows, for readers who cannot see it)", value: node ? node.attrs.alt : "" },
    { name: "caption", label: "Caption", value: words.caption },
    { name: "credit", label: "Credit", value: words.credit },
  );
  return ask({
    title: node ? "Picture's words" : "Insert a picture",
    fields,
    submit: node ? "Save" : "Insert",
    extra: node ? [{ label: "Remove picture", value: "remove" }] : [],
    check: node ? null : checkPictureAddress,
  }).then((answer) => {
    view.focus();
    if (!answer) return;
    const now = view.state;
    if (node) {
      const current = now.doc.nodeAt(pos);
      if (!current || current.type !== N.picture) return;
      if (answer.button === "remove") view.dispatch(now.tr.delete(pos, pos + current.nodeSize));
      else view.dispatch(now.tr.setNodeMarkup(pos, null, { ...current.attrs, alt: answer.alt.trim(), title: joinTitle(answer.caption, answer.credit) }));
      return;
    }
    placeBlock(view, N.picture.create({ src: answer.src.trim(), alt: answer.alt.trim(), title: joinTitle(answer.caption, answer.credit) }), false);
  });
}

export function editPicture(view, pos) {
  return askPicture(view, pos);
}

export function insertPicture(view) {
  const pick = typeof window !== "undefined" ? window.newsdeskPickPicture : null;
  if (typeof pick !== "function") return askPicture(view, null);
  // Where the picture goes is where the cursor was when the picker opened.
  const bookmark = view.state.selection.getBookmark();
  let done = false;
  const put = (card) => {
    if (done || !card) return;
    done = true;
    const state = view.state;
    view.dispatch(state.tr.setSelection(bookmark.resolve(state.doc)));
    placeBlock(view, N.picture.create(pictureFromCard(card)), false);
  };
  const answer = pick({ onPick: put, title: "Insert a picture" });
  if (answer && typeof answer.then === "function") answer.then(put, () => {});
  return answer;
}

export const EMBED_SITES = "YouTube, Vimeo, X, Instagram, TikTok, Bluesky, Mastodon, Spotify, Datawrapper, Flourish or Google Maps";

export async function insertEmbed(view) {
  const answer = await ask({
    title: "Embed a video, post, chart or map",
    fields: [
      {
        name: "url",
        label: "Address of the video, post, chart or map",
        url: true,
        placeholder: "https://www.youtube.com/watch?v=…",
        help: "From " + EMBED_SITES + ". Readers see a placeholder until they choose to load it.",
      },
    ],
    submit: "Embed",
    check: (v) =>
      embedProvider(v.url.trim()) ? null : "That is not an address from a site we embed (" + EMBED_SITES + "). Copy it from the browser's address bar; it starts with https://.",
  });
  view.focus();
  if (!answer) return;
  placeBlock(view, N.embed.create({ url: answer.url.trim() }), true);
}

/** A pasted address alone on an empty top-level line → an embed. */
export function pasteEmbed(view, text) {
  const { state } = view;
  const { $from, empty } = state.selection;
  if (!empty || $from.depth !== 1 || $from.parent.type !== N.paragraph || $from.parent.content.size !== 0) return false;
  if (!embedProvider(text)) return false;
  const node = N.embed.create({ url: text });
  view.dispatch(writeOnBelow(state.tr.replaceWith($from.before(), $from.after(), node), node).scrollIntoView());
  return true;
}

/** A pasted address over selected words → a link on them. */
export function pasteLink(view, text) {
  const { state } = view;
  const { from, to, empty, $from } = state.selection;
  if (empty || $from.parent.type.spec.code || !/^(https?:\/\/|mailto:)\S+$/i.test(text)) return false;
  view.dispatch(state.tr.addMark(from, to, M.link.create({ href: text })));
  return true;
}
