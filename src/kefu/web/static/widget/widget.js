// The chat widget: `mountFloating` for the button and panel on any site (what /widget.js loads),
// `mountInline` for a page of its own (/chat). Both live in a shadow root, so the site's styles
// and the widget's never meet.

import { Api } from "./api.js";
import { Chat } from "./chat.js";
import { pickLanguage } from "./i18n.js";
import { ChatView } from "./view.js";

const STYLESHEET = new URL("./widget.css", import.meta.url).href;

/**
 * @typedef {object} Options
 * @property {string} base  kefu's URL ("" on kefu's own pages)
 * @property {string} [kb]  the knowledge base conversations are bound to
 * @property {string} [token]  a customer JWT (or API key) minted by the company's backend
 * @property {string} [lang]  "zh" or "en"; default: the page's <html lang>, else the browser's
 * @property {string[]} [starters]  quick replies offered before the first message
 * @property {string} [sourceUrl]  footnote link template: {source}, {id} and {kb} are filled in
 */

/** A floating button at the bottom right of the page that opens the chat panel. */
export async function mountFloating(options) {
  if (!document.body) await new Promise((resolve) => addEventListener("DOMContentLoaded", resolve, { once: true }));
  const host = document.createElement("div");
  host.id = "kefu-widget";
  document.body.append(host);
  return mount(host, options, "floating");
}

/** The chat panel filling `host`. */
export function mountInline(host, options) {
  return mount(host, options, "inline");
}

async function mount(host, options, mode) {
  const root = host.attachShadow({ mode: "open" });
  await stylesheet(root);
  const lang = pickLanguage(options.lang);
  const api = new Api(options.base, options.token, lang);
  const where = options.base || location.origin;
  const chat = new Chat(api, { kb: options.kb, storageKey: `kefu:${where}:${options.kb || "default"}` });
  const view = new ChatView(root, chat, { ...options, lang, mode });
  if (!options.lang) followPageLanguage(view);
  await chat.start();
  return {
    open: () => view.open(),
    close: () => view.close(),
    setLanguage: (language) => view.setLanguage(pickLanguage(language)),
  };
}

function stylesheet(root) {
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = STYLESHEET;
    link.addEventListener("load", resolve);
    link.addEventListener("error", resolve); // unstyled beats absent
    root.append(link);
  });
}

/** A site that switches language by changing <html lang> gets the widget switched too. */
function followPageLanguage(view) {
  new MutationObserver(() => view.setLanguage(pickLanguage())).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["lang"],
  });
}
