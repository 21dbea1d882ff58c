// Embeds, for readers. A story's video, post, chart or map arrives as a placeholder that
// loads nothing from the other site; this script gives each a "Load" button, and only a
// reader's click puts the provider's frame in its place. Without this file the placeholder's
// link leads to the provider's own page.
//
// The frame's address is `data-embed-src`, which only the server's embed code writes (the
// sanitizer removes it from anything a contributor types), and the Content-Security-Policy's
// `frame-src` names the providers, so a frame from anywhere else would not load either.
"use strict";

(function () {
  const SANDBOX =
    "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation";
  const MIN_HEIGHT = 80;
  const MAX_HEIGHT = 4000;

  function load(figure, button) {
    const src = figure.dataset.embedSrc;
    const frame = document.createElement("iframe");
    frame.src = src;
    frame.title = figure.dataset.embedTitle || "Embedded content";
    frame.setAttribute("sandbox", SANDBOX);
    if (figure.dataset.embedAllow) frame.setAttribute("allow", figure.dataset.embedAllow);
    if (/\bfullscreen\b/.test(figure.dataset.embedAllow || "")) frame.allowFullscreen = true;
    frame.setAttribute("loading", "lazy");
    // Some players (YouTube's) refuse to play without knowing the site they are on.
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    const box = figure.querySelector(".embed-frame");
    box.replaceChildren(frame);
    figure.classList.add("is-loaded");
    button.remove();
    frame.focus();
  }

  // Posts and charts tell their page how tall they are; only a frame of ours, from the
  // origin it was loaded from, is listened to, and only a plain number is used.
  function heightIn(data) {
    if (typeof data === "string") {
      try {
        data = JSON.parse(data);
      } catch (e) {
        return 0;
      }
    }
    if (!data || typeof data !== "object") return 0;
    const found = [data.height];
    if (data.details) found.push(data.details.height); // Instagram
    const x = data["twttr.embed"];
    if (x && x.method === "twttr.private.resize" && Array.isArray(x.params) && x.params[0]) {
      found.push(x.params[0].height);
    }
    const chart = data["datawrapper-height"];
    if (chart && typeof chart === "object") found.push(...Object.values(chart));
    for (const value of found) {
      const h = Number(value);
      if (Number.isFinite(h) && h >= MIN_HEIGHT && h <= MAX_HEIGHT) return Math.ceil(h);
    }
    return 0;
  }

  window.addEventListener("message", (event) => {
    for (const frame of document.querySelectorAll("figure.embed-resizes.is-loaded iframe")) {
      if (frame.contentWindow !== event.source) continue;
      if (new URL(frame.src).origin !== event.origin) return;
      const height = heightIn(event.data);
      if (height) frame.style.height = height + "px";
      return;
    }
  });

  for (const figure of document.querySelectorAll("figure.embed[data-embed-src]")) {
    if (!figure.dataset.embedSrc.startsWith("https://")) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "embed-load";
    button.textContent = "Load " + (figure.dataset.embedTitle || "content");
    button.addEventListener("click", () => load(figure, button));
    figure.querySelector(".embed-frame").append(button);
  }
})();
