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
