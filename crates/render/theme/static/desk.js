// The desk's small enhancements. Everything works without this file; with it, the editor
// keeps a local copy of what is typed (restorable after a crash or a closed tab), shows
// the body rendered as readers will see it (Write / Preview), saves on Ctrl/Cmd+S, says
// how long ago the story was saved, keeps the headline on one line, and long checkbox
// lists get a filter box.
"use strict";

(function () {
  function debounce(fn, ms) {
    let timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  // A local copy of the story form, kept in this browser until the server has the same.
  function autosave(form) {
    const key = "newsdesk:" + form.dataset.autosave;
    const fields = ["headline", "standfirst", "body"]
      .map((name) => form.elements[name])
      .filter(Boolean);
    const current = () => Object.fromEntries(fields.map((f) => [f.name, f.value]));
    const same = (a, b) => fields.every((f) => (a[f.name] || "") === (b[f.name] || ""));
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(key) || "null");
    } catch (e) {
      saved = null;
    }
    if (saved && same(saved.values, current())) {
      localStorage.removeItem(key);
    } else if (saved) {
      const note = document.createElement("div");
      note.className = "autosave-note";
      note.setAttribute("role", "alert");
      const when = new Date(saved.at).toLocaleString();
      note.innerHTML =
        "<p>This browser kept an unsaved copy of your text from <strong></strong>.</p>" +
        '<p><button type="button" class="autosave-restore">Restore my copy</button> ' +
        '<button type="button" class="autosave-discard">Discard it</button></p>';
      note.querySelector("strong").textContent = when;
      form.parentNode.insertBefore(note, form);
      note.querySelector(".autosave-restore").addEventListener("click", () => {
        fields.forEach((f) => {
          if (saved.values[f.name] !== undefined) f.value = saved.values[f.name];
          f.dispatchEvent(new Event("input", { bubbles: true }));
        });
        note.remove();
      });
      note.querySelector(".autosave-discard").addEventListener("click", () => {
        localStorage.removeItem(key);
        note.remove();
      });
    }
    const store = debounce(() => {
      try {
        localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: current() }));
      } catch (e) {
        // Storage full or forbidden: the server copy is still there.
      }
    }, 400);
    fields.forEach((f) => f.addEventListener("input", store));
    // A new story gets its own address once saved (and a refused save comes back with
    // the typed text), so its copy is not needed after sending.
    if (form.dataset.autosave === "story-new" || form.dataset.autosave === "page-new") {
      form.addEventListener("submit", () => localStorage.removeItem(key));
    }
  }

  // The body rendered by the server's own Markdown and sanitizer, in the article's own
  // typography, behind a Write / Preview pair of tabs above the body.
  function livePreview(form) {
    const body = form.elements.body;
    const token = form.elements.csrf_token;
    if (!body || !token) return;
    const tabs = document.createElement("div");
    tabs.className = "write-tabs";
    tabs.setAttribute("role", "tablist");
    tabs.setAttribute("aria-label", "Body");
    const pane = document.createElement("section");
    pane.className = "md-preview body";
    pane.id = "body-preview";
    pane.setAttribute("role", "tabpanel");
    pane.setAttribute("aria-label", "How the body will look");
    pane.hidden = true;
    const tab = (name, label) => {
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.tab = name;
      b.setAttribute("role", "tab");
      b.textContent = label;
      tabs.appendChild(b);
      return b;
    };
    const write = tab("write", "Write");
    const preview = tab("preview", "Preview");
    write.setAttribute("aria-controls", body.id);
    preview.setAttribute("aria-controls", pane.id);
    body.parentNode.insertBefore(tabs, body);
    body.parentNode.insertBefore(pane, body.nextSibling);
    let asked = 0;
    const render = () => {
      const mine = ++asked;
      const data = new URLSearchParams({ csrf_token: token.value, body: body.value });
      fetch("/admin/markdown", { method: "POST", body: data, credentials: "same-origin" })
        .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
        .then((html) => {
          if (mine === asked) pane.innerHTML = html; // sanitized on the server, like every published body
        })
        .catch(() => {});
    };
    const show = (previewing, focus = true) => {
      write.setAttribute("aria-selected", String(!previewing));
      preview.setAttribute("aria-selected", String(previewing));
      write.tabIndex = previewing ? -1 : 0;
      preview.tabIndex = previewing ? 0 : -1;
      pane.hidden = !previewing;
      body.hidden = previewing;
      if (previewing) render();
      else if (focus) body.focus();
    };
    write.addEventListener("click", () => show(false));
    preview.addEventListener("click", () => show(true));
    tabs.addEventListener("keydown", (e) => {
      if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
        const previewing = e.key === "ArrowRight";
        show(previewing);
        (previewing ? preview : write).focus();
      }
    });
    body.addEventListener("input", debounce(() => {
      if (!pane.hidden) render();
    }, 300));
    show(false, false);
    // In rich-text mode (desk-editor.js) the body is already drawn as readers will see it,
    // so the tabs step aside; back in Markdown they return, on Write.
    body.addEventListener("newsdesk:mode", (e) => {
      const rich = e.detail === "rich";
      form.classList.toggle("is-rich", rich);
      tabs.hidden = rich;
      if (rich) pane.hidden = true;
      else show(false, false);
    });
  }

  // Ctrl/Cmd+S presses the form's save button (never the browser's "save page").
  function saveShortcut(form) {
    const save = document.querySelector('[data-shortcut="save"]');
    if (!save) return;
    document.addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
        e.preventDefault();
        if (form.reportValidity()) form.requestSubmit(save);
      }
    });
  }

  // "Saved 2 minutes ago", kept current.
  function savedAgo(time) {
    const at = Date.parse(time.getAttribute("datetime"));
    if (Number.isNaN(at)) return;
    const words = new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, {
      numeric: "auto",
    });
    const tick = () => {
      const seconds = Math.round((at - Date.now()) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 60) time.textContent = words.format(Math.min(seconds, 0), "second");
      else if (abs < 3600) time.textContent = words.format(Math.round(seconds / 60), "minute");
      else if (abs < 86400) time.textContent = words.format(Math.round(seconds / 3600), "hour");
      else return;
      setTimeout(tick, abs < 60 ? 5000 : 30000);
    };
    time.title = new Date(at).toLocaleString();
    tick();
  }

  // A headline is one line: Enter moves on to the standfirst instead of breaking it.
  function oneLine(field) {
    field.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        const next = field.form && field.form.elements.standfirst;
        if (next) next.focus();
      }
    });
    field.addEventListener("input", () => {
      if (/[\r\n]/.test(field.value)) field.value = field.value.replace(/[\r\n]+/g, " ");
    });
  }

  // Text areas grow with their text where the browser cannot do it in CSS.
  function autoGrow(field) {
    if (CSS.supports("field-sizing", "content")) {
      field.style.fieldSizing = "content";
      return;
    }
    const fit = () => {
      field.style.height = "auto";
      field.style.height = field.scrollHeight + 2 + "px";
    };
    field.addEventListener("input", fit);
    fit();
  }

  // Menus (<details class="menu">) close on Escape and on a click elsewhere.
  function menu(details) {
    document.addEventListener("click", (e) => {
      if (details.open && !details.contains(e.target)) details.open = false;
    });
    details.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
  }

  // A filter box over a long list of checkboxes (tags in a big newsroom).
  function filterChoices(fieldset) {
    const labels = Array.from(fieldset.querySelectorAll("label"));
    if (labels.length < 16) return;
    const input = document.createElement("input");
    input.type = "search";
    input.className = "choice-filter";
    input.placeholder = "Filter…";
    input.setAttribute("aria-label", "Filter " + fieldset.querySelector("legend").textContent);
    fieldset.insertBefore(input, fieldset.querySelector("legend").nextSibling);
    input.addEventListener("input", () => {
      const q = input.value.trim().toLowerCase();
      labels.forEach((label) => {
        const checked = label.querySelector("input").checked;
        label.hidden = q !== "" && !checked && !label.textContent.toLowerCase().includes(q);
      });
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach((form) => {
    autosave(form);
    livePreview(form);
    saveShortcut(form);
  });
  document.querySelectorAll("time[data-ago]").forEach(savedAgo);
  document.querySelectorAll("textarea[data-one-line]").forEach(oneLine);
  document.querySelectorAll("textarea.write-field").forEach(autoGrow);
  document.querySelectorAll("details.menu").forEach(menu);
  document.querySelectorAll("fieldset.desk-choices").forEach(filterChoices);
})();

// Topic typeahead: under a field marked data-topic-suggest (the editor's "add topics by
// name" field, the merge field), topics whose name or address starts with what is being
// typed (the text after the last comma). Choosing one puts its name in the field; the
// server resolves names on save, so without this script the field works just the same.
(function () {
  function suggest(input) {
    const list = document.createElement("ul");
    list.className = "topic-suggestions";
    list.hidden = true;
    list.setAttribute("aria-label", "Matching topics");
    input.insertAdjacentElement("afterend", list);
    const many = input.name === "topic_names";
    let asked = 0;
    function parts() {
      return many ? input.value.split(",") : [input.value];
    }
    function choose(name) {
      const p = parts();
      p[p.length - 1] = (many && p.length > 1 ? " " : "") + name;
      input.value = p.join(",") + (many ? ", " : "");
      list.hidden = true;
      input.focus();
    }
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = parts().pop().trim();
        if (q === "") {
          list.hidden = true;
          return;
        }
        const mine = ++asked;
        try {
          const res = await fetch("/admin/topics/suggest?q=" + encodeURIComponent(q), {
            credentials: "same-origin",
          });
          if (!res.ok || mine !== asked) return;
          const topics = await res.json();
          list.replaceChildren();
          topics.forEach((t) => {
            const item = document.createElement("li");
            const button = document.createElement("button");
            button.type = "button";
            button.textContent = t.name;
            button.addEventListener("click", () => choose(t.name));
            item.appendChild(button);
            list.appendChild(item);
          });
          list.hidden = topics.length === 0;
        } catch (e) {
          list.hidden = true;
        }
      }, 150);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Escape") list.hidden = true;
    });
  }
  document.querySelectorAll("input[data-topic-suggest]").forEach(suggest);
})();

// ---- Edit lease: "Aisha is editing this story" ------------------------------------------
// The editor's banner (desk_presence.html, marked data-lease) works without this script:
// the page shows who had the story open when it loaded, with a "Take over" form. With it,
// the open editor keeps its lease fresh every 20 seconds (the server forgets a lease after
// a minute without), the banner follows when someone else takes over or leaves, and the
// lease is given up when the page goes away.
(function () {
  const banner = document.querySelector(".desk-presence[data-lease]");
  const token = document.querySelector("input[name=csrf_token]");
  if (!banner || !token) return;
  const url = banner.dataset.lease;
  const EVERY = 20000;
  let sending = false;
  // A form of this page sent (a save, a take-over) comes back to the editor, which takes
  // the lease again: a release sent on the way out could arrive after that and drop it.
  let submitting = false;

  function body() {
    return new URLSearchParams({ csrf_token: token.value });
  }

  function show(holder) {
    if (!holder) {
      banner.replaceChildren();
      return;
    }
    const note = document.createElement("p");
    note.className = "presence-note";
    const name = document.createElement("strong");
    name.className = "presence-name";
    name.textContent = holder.name;
    const time = document.createElement("time");
    time.dateTime = holder.since;
    time.textContent = holder.since_clock;
    note.append(name, " is editing this story (since ", time, "). Your changes may conflict.");
    const form = document.createElement("form");
    form.method = "post";
    form.action = url + "/take-over";
    form.className = "presence-take-over";
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "csrf_token";
    hidden.value = token.value;
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Take over";
    form.append(hidden, button);
    banner.replaceChildren(note, form);
  }

  // What the banner says now ("" for nobody), so an unchanged answer is not announced again.
  const named = banner.querySelector(".presence-name");
  const since = banner.querySelector("time");
  let shown = named && since ? named.textContent + "@" + since.dateTime : "";
  function beat() {
    if (sending) return;
    sending = true;
    fetch(url, { method: "POST", body: body(), credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((answer) => {
        const key = answer.holder ? answer.holder.name + "@" + answer.holder.since : "";
        if (key !== shown) {
          shown = key;
          show(answer.holder);
        }
      })
      .catch(() => {
        // Offline, signed out or no longer allowed: the banner keeps what it said; the
        // save still checks the version, and the conflict page stays the safety net.
      })
      .finally(() => {
        sending = false;
      });
  }

  document.addEventListener("submit", () => {
    submitting = true;
  });
  window.addEventListener("pagehide", () => {
    if (!submitting && navigator.sendBeacon) navigator.sendBeacon(url + "/release", body());
  });
  // Back from the browser's page cache, or a tab shown again after its timers slowed.
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) {
      submitting = false;
      beat();
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") beat();
  });
  setInterval(beat, EVERY);
})();
// ---- end of edit lease ------------------------------------------------------------------

// ==== Pictures: the library picker, the lead picture, uploads with their IPTC words, the
// focal point. ==== Everything here enhances forms that work without it: the lead picture
// keeps its radio buttons and number field (hidden, and written by the picker), an upload
// is sent with the form as before. `window.newsdeskPickPicture({ onPick(card) {…} })` opens
// the picker for any caller (the rich editor's inline pictures) and resolves with the card
// chosen (`null` when closed): { id, thumb, src, width, height, alt, caption, credit,
// copyright, original_name, markdown }.
(function () {
  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k in node && typeof v !== "string") node[k] = v;
      else node.setAttribute(k, v);
    });
    (children || []).forEach((c) => node.appendChild(c));
    return node;
  }

  // ---- The picker dialog: one per page, made when first opened.
  let dialog = null;
  let current = null; // { resolve, onPick }
  let marks = { older: null, newer: null };
  let asked = 0;

  function label(card) {
    return card.caption || card.alt || card.original_name || "Picture " + card.id;
  }

  function build() {
    const title = el("h2", { id: "picker-title", text: "Choose a picture" });
    const search = el("input", { type: "search", name: "q", autocomplete: "off" });
    const find = el("button", { type: "submit", text: "Find" });
    const form = el("form", { class: "picker-search", role: "search" }, [
      el("label", {}, [document.createTextNode("Words in the caption, credit, alt text or file name "), search]),
      find,
    ]);
    const status = el("p", { class: "picker-status", role: "status", "aria-live": "polite" });
    const grid = el("ul", { class: "picker-grid", "aria-labelledby": "picker-title" });
    const newer = el("button", { type: "button", text: "← Newer", hidden: true });
    const older = el("button", { type: "button", text: "Older →", hidden: true });
    const close = el("button", { type: "button", class: "picker-close", text: "Close" });
    const d = el("dialog", { class: "picture-picker", "aria-labelledby": "picker-title" }, [
      el("div", { class: "picker-head" }, [title, close]),
      form,
      status,
      grid,
      el("nav", { class: "picker-pages", "aria-label": "Pages of pictures" }, [newer, older]),
    ]);
    document.body.appendChild(d);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      load(search.value, null);
    });
    newer.addEventListener("click", () => load(search.value, { before: marks.newer }));
    older.addEventListener("click", () => load(search.value, { after: marks.older }));
    close.addEventListener("click", () => d.close());
    d.addEventListener("close", () => {
      if (current) {
        const c = current;
        current = null;
        c.resolve(null);
      }
    });
    grid.addEventListener("keydown", (e) => move(e, grid));
    search.addEventListener("keydown", (e) => {
      const first = grid.querySelector("button");
      if (e.key === "ArrowDown" && first) {
        e.preventDefault();
        first.focus();
      } else if (e.key === "Escape") {
        // A search field's own Escape only empties it: here it closes, as everywhere else.
        e.preventDefault();
        d.close();
      }
    });
    return { d, title, search, status, grid, newer, older };
  }

  // Arrow keys walk the grid: left and right one picture, up and down one row.
  function move(e, grid) {
    const items = Array.from(grid.querySelectorAll("button"));
    const at = items.indexOf(document.activeElement);
    if (at < 0) return;
    const top = (b) => b.getBoundingClientRect().top;
    const perRow = Math.max(1, items.filter((b) => top(b) === top(items[0])).length);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: perRow, ArrowUp: -perRow }[e.key];
    let to = at;
    if (step) to = Math.min(items.length - 1, Math.max(0, at + step));
    else if (e.key === "Home") to = 0;
    else if (e.key === "End") to = items.length - 1;
    else return;
    e.preventDefault();
    items[to].focus();
  }

  async function load(q, from) {
    const p = dialog;
    const mine = ++asked;
    const params = new URLSearchParams({ q: q.trim() });
    if (from && from.after) params.set("after", from.after);
    if (from && from.before) params.set("before", from.before);
    p.status.textContent = "Looking…";
    p.d.setAttribute("aria-busy", "true");
    try {
      const res = await fetch("/admin/media/pick?" + params, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const type = res.headers.get("content-type") || "";
      if (!res.ok || !type.startsWith("application/json")) throw new Error(String(res.status));
      const page = await res.json();
      if (mine !== asked) return;
      show(page);
    } catch (e) {
      if (mine !== asked) return;
      p.status.textContent =
        "The library could not be loaded. Reload the page (you may need to sign in again) and try once more.";
    } finally {
      if (mine === asked) p.d.removeAttribute("aria-busy");
    }
  }

  function show(page) {
    const p = dialog;
    marks = { older: page.older, newer: page.newer };
    p.grid.replaceChildren();
    page.items.forEach((card) => {
      const img = el("img", {
        src: card.thumb,
        alt: "",
        width: String(card.thumb_width),
        height: String(card.thumb_height),
        loading: "lazy",
      });
      const words = [el("span", { class: "picker-caption", text: label(card) })];
      if (card.credit) words.push(el("small", { text: card.credit }));
      const button = el("button", { type: "button", class: "picker-item" }, [img].concat(words));
      button.addEventListener("click", () => choose(card));
      p.grid.appendChild(el("li", {}, [button]));
    });
    const n = page.items.length;
    p.status.textContent =
      n === 0
        ? page.query
          ? "No picture matches “" + page.query + "”."
          : "The library is empty: upload a picture first."
        : n + (n === 1 ? " picture" : " pictures") + (page.query ? " matching “" + page.query + "”" : ", newest first") + ". Arrow keys move, Enter chooses.";
    p.newer.hidden = !page.newer;
    p.older.hidden = !page.older;
    const first = p.grid.querySelector("button");
    if (first && document.activeElement !== p.search) first.focus();
  }

  function choose(card) {
    const c = current;
    current = null;
    dialog.d.close();
    if (!c) return;
    if (c.onPick) c.onPick(card);
    c.resolve(card);
  }

  function pickPicture(options) {
    const opts = options || {};
    if (!dialog) dialog = build();
    if (current) current.resolve(null);
    return new Promise((resolve) => {
      current = { resolve, onPick: opts.onPick };
      dialog.title.textContent = opts.title || "Choose a picture";
      if (!dialog.d.open) dialog.d.showModal();
      dialog.search.focus();
      load(dialog.search.value, null);
    });
  }
  window.newsdeskPickPicture = pickPicture;

  // ---- The lead picture: the chosen one shown, the picker writing the number field.
  function leadPicture(box) {
    const form = box.closest("form");
    const number = form && form.elements.lead_media_number;
    const chosen = box.querySelector("[data-lead-chosen]");
    if (!number || !chosen) return;
    box.querySelectorAll("[data-lead-fallback]").forEach((n) => (n.hidden = true));
    chosen.hidden = false;
    const thumb = chosen.querySelector("[data-lead-thumb]");
    const words = chosen.querySelector("[data-lead-words]");
    const none = box.querySelector('input[name="lead_media_id"][value="0"]');
    chosen.querySelector("[data-pick-lead]").addEventListener("click", async () => {
      const card = await pickPicture({ title: "Choose the lead picture" });
      if (!card) return;
      number.value = String(card.id); // the number wins over the radio buttons
      thumb.src = card.thumb;
      thumb.width = card.thumb_width;
      thumb.height = card.thumb_height;
      thumb.alt = card.alt || label(card);
      thumb.hidden = false;
      words.textContent = "#" + card.id + " " + label(card) + (card.credit ? " — " + card.credit : "");
    });
    chosen.querySelector("[data-clear-lead]").addEventListener("click", () => {
      number.value = "";
      if (none) none.checked = true;
      thumb.hidden = true;
      words.textContent = "No lead picture.";
    });
  }

  // ---- Uploads: a file chosen, dropped or pasted is read for its own words first; the
  // form's empty fields get them, to check and change before the form is sent.
  function pictureUpload(area) {
    const input = area.querySelector('input[type="file"]');
    const form = input && input.form;
    const token = form && form.elements.csrf_token;
    if (!token) return;
    const zone = area.closest("[data-lead-picture]") || area;
    const lead = zone !== area;
    const status = el("p", { class: "upload-status", role: "status", "aria-live": "polite" });
    const preview = el("canvas", { class: "upload-preview", hidden: true, "aria-hidden": "true" });
    const hint = el("p", {
      class: "upload-hint",
      text: "You can also drop a photo on this box, or paste one.",
    });
    input.closest("p").after(hint, status, preview);
    zone.classList.add("drop-zone");
    const fields = Array.from(area.querySelectorAll("[data-word]"));

    async function prepare(file) {
      status.className = "upload-status";
      status.textContent = "Reading " + file.name + "…";
      drawPreview(file);
      const data = new FormData();
      data.append("csrf_token", token.value);
      data.append("file", file, file.name);
      try {
        const res = await fetch("/admin/media/prepare", {
          method: "POST",
          body: data,
          credentials: "same-origin",
        });
        const type = res.headers.get("content-type") || "";
        const body = type.startsWith("application/json") ? await res.json() : null;
        if (!res.ok || !body) {
          throw new Error(
            (body && body.error) ||
              "The photo could not be checked. Reload the page (you may need to sign in again) and try once more."
          );
        }
        let filled = 0;
        fields.forEach((f) => {
          const word = body[f.dataset.word] || "";
          const ours = f.dataset.filled === "photo" && f.value === f.dataset.was;
          if (word && (f.value.trim() === "" || ours)) {
            f.value = word;
            f.dataset.filled = "photo";
            f.dataset.was = word;
            filled += 1;
          }
        });
        status.textContent =
          file.name + ", " + body.width + " × " + body.height + " pixels. " +
          (filled ? "The caption, credit and copyright it carries are filled in below: check them. " : "It carries no caption or credit of its own: type them below. ") +
          (lead ? "It becomes the lead image when you save the story." : "Upload it to keep it.");
      } catch (e) {
        status.className = "upload-status upload-refused";
        status.textContent = e.message;
        input.value = ""; // a refused file is not sent with the form
        preview.hidden = true;
      }
    }

    // The pages' policy allows no blob: or data: images, so the preview is drawn.
    function drawPreview(file) {
      preview.hidden = true;
      if (!window.createImageBitmap) return;
      createImageBitmap(file)
        .then((bitmap) => {
          const scale = Math.min(1, 320 / bitmap.width);
          preview.width = Math.round(bitmap.width * scale);
          preview.height = Math.round(bitmap.height * scale);
          preview.getContext("2d").drawImage(bitmap, 0, 0, preview.width, preview.height);
          preview.hidden = false;
        })
        .catch(() => {});
    }

    function take(file) {
      if (!file) return;
      const named =
        file.name && file.name !== "image.png"
          ? file
          : new File([file], "pasted-" + Date.now() + "." + (file.type.split("/")[1] || "png"), {
              type: file.type,
            });
      try {
        const dt = new DataTransfer();
        dt.items.add(named);
        input.files = dt.files;
      } catch (e) {
        status.textContent = "This browser cannot take a dropped file here: choose it with the button.";
        return;
      }
      prepare(named);
    }

    const imageOf = (list) =>
      Array.from(list || []).find((f) => f.type && f.type.startsWith("image/"));
    input.addEventListener("change", () => input.files[0] && prepare(input.files[0]));
    zone.addEventListener("dragover", (e) => {
      if (!e.dataTransfer || !Array.from(e.dataTransfer.types).includes("Files")) return;
      e.preventDefault();
      zone.classList.add("drop-here");
    });
    zone.addEventListener("dragleave", (e) => {
      if (!zone.contains(e.relatedTarget)) zone.classList.remove("drop-here");
    });
    zone.addEventListener("drop", (e) => {
      zone.classList.remove("drop-here");
      const file = imageOf(e.dataTransfer && e.dataTransfer.files);
      if (!file) return;
      e.preventDefault();
      take(file);
    });
    // A pasted image goes here unless it was pasted into another text field.
    document.addEventListener("paste", (e) => {
      const file = imageOf(e.clipboardData && e.clipboardData.files);
      if (!file) return;
      const t = e.target;
      const typing = t && (t.isContentEditable || /^(TEXTAREA|INPUT)$/.test(t.tagName));
      if (typing && !zone.contains(t)) return;
      e.preventDefault();
      take(file);
    });
  }

  // ---- "Insert picture" beside a Markdown body: the picked picture's figure Markdown at
  // the cursor, on a paragraph of its own.
  function insertButton(body) {
    const button = el("button", { type: "button", class: "insert-picture", text: "Insert picture" });
    body.before(button);
    // Rich text has its own Picture tool; this button is for the Markdown field.
    body.addEventListener("newsdesk:mode", (e) => {
      button.hidden = e.detail === "rich";
    });
    button.addEventListener("click", async () => {
      const card = await pickPicture({ title: "Insert a picture" });
      if (!card) {
        body.focus();
        return;
      }
      const start = body.selectionStart;
      const before = body.value.slice(0, start);
      const after = body.value.slice(body.selectionEnd);
      const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
      const tail = after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
      body.value = before + lead + card.markdown + tail + after;
      const caret = (before + lead + card.markdown).length;
      body.focus();
      body.setSelectionRange(caret, caret);
      body.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  // ---- The focal point: a click on the picture sets it; the crops below follow.
  function focalPoint(figure) {
    const x = document.querySelector('input[data-focal="x"]');
    const y = document.querySelector('input[data-focal="y"]');
    const img = figure.querySelector("img");
    if (!x || !y || !img) return;
    const frame = img.parentElement;
    frame.classList.add("focal-frame");
    const marker = el("span", { class: "focal-marker", "aria-hidden": "true" });
    frame.appendChild(marker);
    const crops = Array.from(document.querySelectorAll(".focal-crop img"));
    const num = (input) => {
      const v = parseFloat(input.value);
      return input.value.trim() !== "" && v >= 0 && v <= 1 ? v : null;
    };
    function draw() {
      const fx = num(x);
      const fy = num(y);
      marker.hidden = fx === null || fy === null;
      const px = (fx === null ? 0.5 : fx) * 100 + "%";
      const py = (fy === null ? 0.5 : fy) * 100 + "%";
      marker.style.left = px;
      marker.style.top = py;
      crops.forEach((c) => (c.style.objectPosition = px + " " + py));
    }
    img.classList.add("focal-target");
    img.title = "Click the subject to set the focal point";
    img.addEventListener("click", (e) => {
      const box = img.getBoundingClientRect();
      const round = (v) => String(Math.round(Math.min(1, Math.max(0, v)) * 100) / 100);
      x.value = round((e.clientX - box.left) / box.width);
      y.value = round((e.clientY - box.top) / box.height);
      draw();
    });
    [x, y].forEach((i) => i.addEventListener("input", draw));
    draw();
  }

  document.querySelectorAll("[data-lead-picture]").forEach(leadPicture);
  document.querySelectorAll("[data-picture-upload]").forEach(pictureUpload);
  document.querySelectorAll('form[data-autosave] textarea[name="body"]').forEach(insertButton);
  document.querySelectorAll("[data-focal-picture]").forEach(focalPoint);
})();
// ==== end of Pictures ====
