// Which sites a pasted link becomes an embed for: the same allow-list as the server's
// `render::embed::recognise`, used here only to draw a card in the editor (the provider's
// name and the address; nothing is loaded from the other site). The server decides what
// readers see, so a link this list knows and the server refuses only shows a card here.

const HOSTS = {
  "youtube.com": "YouTube",
  "www.youtube.com": "YouTube",
  "m.youtube.com": "YouTube",
  "youtu.be": "YouTube",
  "youtube-nocookie.com": "YouTube",
  "www.youtube-nocookie.com": "YouTube",
  "vimeo.com": "Vimeo",
  "www.vimeo.com": "Vimeo",
  "player.vimeo.com": "Vimeo",
  "twitter.com": "X",
  "www.twitter.com": "X",
  "mobile.twitter.com": "X",
  "x.com": "X",
  "www.x.com": "X",
  "mobile.x.com": "X",
  "instagram.com": "Instagram",
  "www.instagram.com": "Instagram",
  "tiktok.com": "TikTok",
  "www.tiktok.com": "TikTok",
  "m.tiktok.com": "TikTok",
  "bsky.app": "Bluesky",
  "open.spotify.com": "Spotify",
  "datawrapper.dwcdn.net": "Datawrapper",
  "datawrapper.de": "Datawrapper",
  "www.datawrapper.de": "Datawrapper",
  "public.flourish.studio": "Flourish",
  "flo.uri.sh": "Flourish",
  "maps.google.com": "Google Maps",
  "maps.app.goo.gl": "Google Maps",
  "goo.gl": "Google Maps",
  "google.com": "Google Maps",
  "www.google.com": "Google Maps",
};

const MAX_URL = 2048;

/** The provider's name for an embeddable address (`https://…`, no spaces), or null. */
export function embedProvider(text) {
  if (typeof text !== "string" || text.length > MAX_URL) return null;
  // eslint-disable-next-line no-control-regex
  if (!/^https:\/\/[\x21-\x7e]+$/i.test(text)) return null;
  let url;
  try {
    url = new URL(text);
  } catch (e) {
    return null;
  }
  if (url.protocol !== "https:" || url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  const path = url.pathname.split("/").filter(Boolean);
  if (path.length === 0) return null;
  const name = HOSTS[host];
  if (name === "Google Maps" && (host === "google.com" || host === "www.google.com")) {
    return path[0] === "maps" ? name : null;
  }
  if (name) return name;
  // Mastodon: any instance, a post's address `/@account/12345`.
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) && path.length === 2 && /^@[A-Za-z0-9_.]+$/.test(path[0]) && /^\d{1,20}$/.test(path[1])) {
    return "Mastodon";
  }
  return null;
}
