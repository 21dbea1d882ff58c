// A small modal form (`<dialog>`): the link's address, an embed's address, a picture's
// words. Resolves with the values, or null when closed; `check(values)` may refuse them
// with a sentence shown beside the fields. Focus returns where it was.

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

let serial = 0;

/**
 * ask({ title, fields: [{ name, label, value, help, placeholder }], submit, check, extra })
 * `extra`: [{ label, value }] more buttons; the promise resolves with `{ button: value }`.
 */
export function ask(spec) {
  const id = "rich-dialog-" + ++serial;
  const back = document.activeElement;
  const error = el("p", { class: "rich-dialog-error", role: "alert", id: id + "-error" });
  const inputs = {};
  const rows = spec.fields.map((f) => {
    const input = el("input", {
      id: id + "-" + f.name,
      name: f.name,
      type: "text",
      autocomplete: "off",
      spellcheck: f.url ? "false" : null,
      inputmode: f.url ? "url" : null,
      placeholder: f.placeholder || null,
      "aria-describedby": (f.help ? id + "-" + f.name + "-help " : "") + id + "-error",
    });
    input.value = f.value || "";
    inputs[f.name] = input;
    const row = el("p", { class: "rich-dialog-field" }, [el("label", { for: input.id, text: f.label }), input]);
    if (f.help) row.append(el("small", { id: id + "-" + f.name + "-help", text: f.help }));
    return row;
  });
  const submit = el("button", { type: "submit", class: "rich-dialog-ok", text: spec.submit || "OK" });
  const cancel = el("button", { type: "button", value: "cancel", text: "Cancel" });
  const extras = (spec.extra || []).map((b) => el("button", { type: "button", "data-extra": b.value, text: b.label }));
  const form = el("form", { method: "dialog" }, [
    el("h2", { id: id + "-title", text: spec.title }),
    ...rows,
    error,
    el("p", { class: "rich-dialog-buttons" }, [submit, ...extras, cancel]),
  ]);
  const dialog = el("dialog", { class: "rich-dialog", "aria-labelledby": id + "-title" }, [form]);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let result = null;
    const values = () => Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value]));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const v = values();
      const problem = spec.check ? spec.check(v) : null;
      if (problem) {
        error.textContent = problem;
        const first = Object.values(inputs)[0];
        if (first) {
          first.setAttribute("aria-invalid", "true");
          first.focus();
        }
        return;
      }
      result = v;
      dialog.close();
    });
    cancel.addEventListener("click", () => dialog.close());
    extras.forEach((b) =>
      b.addEventListener("click", () => {
        result = { button: b.getAttribute("data-extra") };
        dialog.close();
      }),
    );
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (back && back.focus) back.focus();
      resolve(result);
    });
    dialog.showModal();
    const first = Object.values(inputs)[0];
    if (first) {
      first.focus();
      first.select();
    }
  });
}
