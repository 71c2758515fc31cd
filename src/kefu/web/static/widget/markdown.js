// Answers are Markdown written by a model (or an FAQ author): parsed by marked, then sanitised by
// DOMPurify into DOM nodes. Model text never reaches innerHTML unsanitised.

import { Marked } from "../vendor/marked/marked.esm.js";
import DOMPurify from "../vendor/dompurify/purify.es.js";

const markdown = new Marked({ gfm: true, breaks: true, async: false });
const ALLOWED_TAGS = [
  "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
  "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
];
const MARKER = /\[(\d{1,2})\]/g;

/** The answer as a sanitised fragment: no scripts, handlers, styles, images or forms. */
export function renderMarkdown(text) {
  const html = markdown.parse(text ?? "");
  const fragment = DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ["href", "title"],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:)/i,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const link of fragment.querySelectorAll("a")) {
    link.target = "_blank";
    link.rel = "noopener noreferrer nofollow";
  }
  return fragment;
}

/**
 * Turn the `[n]` markers of `fragment` into links to footnote n, for n in 1..count.
 * `link(n)` builds the element that replaces a marker.
 */
export function linkMarkers(fragment, count, link) {
  const walker = document.createTreeWalker(fragment, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest("code, pre, a")) texts.push(node);
  }
  for (const node of texts) {
    const parts = node.data.split(MARKER); // text, number, text, number, …
    if (parts.length === 1) continue;
    const replacement = document.createDocumentFragment();
    parts.forEach((part, index) => {
      const n = Number(part);
      if (index % 2 === 1 && n >= 1 && n <= count) replacement.append(link(n));
      else if (index % 2 === 1) replacement.append(`[${part}]`);
      else if (part) replacement.append(part);
    });
    node.replaceWith(replacement);
  }
}
