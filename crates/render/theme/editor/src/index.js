// The desk's rich-text editor, built into `static/desk-editor.js` (see ../README.md).
// `window.NewsdeskEditor` also carries the Markdown functions, so the round-trip test
// (test/roundtrip.mjs) checks exactly what ships.

import { examine, markdownToDoc, docToMarkdown, escapeText, pictureMarkdown, PULLQUOTE_OPEN, PULLQUOTE_CLOSE } from "./markdown.js";
import { embedProvider } from "./embeds.js";
import { schema } from "./schema.js";
import { checkAddress } from "./commands.js";
import { mount, boot } from "./editor.js";

globalThis.NewsdeskEditor = {
  schema,
  examine,
  markdownToDoc,
  docToMarkdown,
  escapeText,
  pictureMarkdown,
  embedProvider,
  checkAddress,
  PULLQUOTE_OPEN,
  PULLQUOTE_CLOSE,
  mount,
};

if (typeof document !== "undefined" && typeof window !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
}
