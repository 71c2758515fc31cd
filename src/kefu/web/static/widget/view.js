// The widget's DOM, inside its shadow root: the launcher, the panel, messages, footnotes,
// quick replies, feedback, the handoff and connection status, keyboard and screen-reader support.

import { attachmentOf } from "./chat.js";
import { linkMarkers, renderMarkdown } from "./markdown.js";
import { say, STRINGS } from "./i18n.js";

const ICONS = {
  chat: '<path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/>',
  close: '<path d="M6 6l12 12M18 6L6 18"/>',
  send: '<path d="M3 20l18-8L3 4v6l12 2-12 2z"/>',
  image: '<rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="2"/><path d="M21 16l-5-5-9 9"/>',
  person: '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 4-6 8-6s8 2 8 6"/>',
  up: '<path d="M7 10v11H3V10zM7 10l4-8a3 3 0 0 1 3 3v4h6a2 2 0 0 1 2 2l-2 8a2 2 0 0 1-2 2H7"/>',
  down: '<path d="M17 14V3h4v11zM17 14l-4 8a3 3 0 0 1-3-3v-4H4a2 2 0 0 1-2-2l2-8a2 2 0 0 1 2-2h11"/>',
};
const FOCUSABLE = 'button:not([disabled]), textarea:not([disabled]), a[href], input:not([type="file"]), [tabindex="0"]';
const IMAGE_TYPES = "image/png,image/jpeg,image/webp,image/gif";

/** An element: `h("button", {class: "x", "aria-label": "…"}, child, …)`; children are text or nodes. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.innerHTML = ICONS[name]; // constant markup above, never text from outside
  return svg;
}

export class ChatView {
  /**
   * @param {ShadowRoot} root
   * @param {import("./chat.js").Chat} chat
   * @param {{lang: string, mode: "floating"|"inline", starters?: string[], sourceUrl?: string}} options
   */
  constructor(root, chat, options) {
    this.root = root;
    this.chat = chat;
    this.options = options;
    this.lang = options.lang;
    this.nodes = new Map(); // entry key → its element
    this.images = new Map(); // attachment URL → object URL
    this.build();
    chat.addEventListener("entry", (e) => this.renderEntry(e.detail));
    chat.addEventListener("remove", (e) => this.removeEntry(e.detail));
    chat.addEventListener("suggestions", (e) => this.showSuggestions(e.detail));
    chat.addEventListener("handoff", () => this.renderStatus());
    chat.addEventListener("connection", () => this.renderStatus());
    this.showSuggestions(null);
  }

  t(key, values) {
    return say(this.lang, key, values);
  }

  // --- the frame -------------------------------------------------------------------------------

  build() {
    const floating = this.options.mode === "floating";
    this.title = h("h2", { id: "kefu-title", "data-i18n": "title" });
    this.status = h("p", { class: "status", role: "status" });
    this.list = h("div", { class: "messages", role: "log", "aria-labelledby": "kefu-title", tabindex: "0" });
    this.greeting = h("div", { class: "msg msg--assistant" }, h("div", { class: "bubble", "data-i18n": "greeting" }));
    this.list.append(this.greeting);
    this.suggestions = h("div", { class: "suggestions", role: "group", "data-i18n-label": "suggestions" });
    this.input = h("textarea", {
      id: "kefu-input",
      rows: "1",
      maxlength: "4000",
      "data-i18n-placeholder": "placeholder",
      "data-i18n-label": "inputLabel",
      onkeydown: (e) => this.onInputKey(e),
    });
    this.file = h("input", { type: "file", accept: IMAGE_TYPES, hidden: true, tabindex: "-1", onchange: () => this.onFile() });
    this.humanButton = h(
      "button",
      { type: "button", class: "human", "data-i18n-label": "humanLabel", onclick: () => this.askForPerson() },
      icon("person"),
      h("span", { "data-i18n": "human" }),
    );
    const header = h(
      "div",
      { class: "header" },
      this.title,
      this.humanButton,
      floating && h("button", { type: "button", class: "close", "data-i18n-label": "close", onclick: () => this.close() }, icon("close")),
    );
    const composer = h(
      "form",
      { class: "composer", onsubmit: (e) => this.onSubmit(e) },
      h("button", { type: "button", class: "attach", "data-i18n-label": "upload", onclick: () => this.file.click() }, icon("image")),
      this.file,
      this.input,
      h("button", { type: "submit", class: "send", "data-i18n-label": "send" }, icon("send")),
    );
    this.panel = h(
      "section",
      floating
        ? { class: "panel", id: "kefu-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "kefu-title", hidden: true }
        : { class: "panel panel--inline", "aria-labelledby": "kefu-title" },
      header,
      this.status,
      this.list,
      this.suggestions,
      composer,
    );
    this.panel.addEventListener("keydown", (e) => this.onPanelKey(e));
    const frame = h("div", { class: `kefu kefu--${this.options.mode}`, lang: this.lang });
    if (floating) {
      this.launcher = h(
        "button",
        { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "kefu-panel", "data-i18n-label": "open", onclick: () => this.open() },
        icon("chat"),
      );
      frame.append(this.launcher);
    }
    frame.append(this.panel);
    this.frame = frame;
    this.root.append(frame);
    this.applyLanguage();
  }

  open() {
    this.panel.hidden = false;
    this.launcher?.setAttribute("aria-expanded", "true");
    if (this.launcher) this.launcher.hidden = true;
    this.scrollToEnd(true);
    this.input.focus();
  }

  close() {
    if (!this.launcher) return;
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  /** Relabel everything in `lang` ("zh" or "en"). */
  setLanguage(lang) {
    if (lang === this.lang) return;
    this.lang = lang;
    this.chat.api.lang = lang;
    this.applyLanguage();
    for (const entry of this.chat.entries.values()) this.renderEntry(entry);
    this.renderStatus();
    if (!this.chat.entries.size) this.showSuggestions(null);
  }

  applyLanguage() {
    this.frame.lang = this.lang;
    for (const element of this.root.querySelectorAll("[data-i18n]")) element.textContent = this.t(element.dataset.i18n);
    for (const element of this.root.querySelectorAll("[data-i18n-label]")) {
      element.setAttribute("aria-label", this.t(element.dataset.i18nLabel));
    }
    for (const element of this.root.querySelectorAll("[data-i18n-placeholder]")) {
      element.placeholder = this.t(element.dataset.i18nPlaceholder);
    }
  }

  // --- keyboard --------------------------------------------------------------------------------

  onPanelKey(event) {
    if (event.key === "Escape" && this.launcher) {
      event.preventDefault();
      this.close();
    } else if (event.key === "Tab" && this.launcher) {
      this.trapFocus(event);
    }
  }

  /** Tab and Shift+Tab cycle inside the open panel (a modal dialog). */
  trapFocus(event) {
    const focusable = [...this.panel.querySelectorAll(FOCUSABLE)].filter(
      (element) => !element.closest("[hidden]") && element.getClientRects().length > 0,
    );
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const current = this.root.activeElement;
    if (event.shiftKey && (current === first || !this.panel.contains(current))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && current === last) {
      event.preventDefault();
      first.focus();
    }
  }

  onInputKey(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault(); // Enter sends, Shift+Enter is a new line; not while an IME composes
      this.input.form.requestSubmit();
    }
  }

  onSubmit(event) {
    event.preventDefault();
    const text = this.input.value;
    if (!text.trim()) return;
    this.input.value = "";
    this.chat.send(text);
  }

  askForPerson() {
    this.chat.requestHuman(this.t("humanRequest"));
    this.input.focus();
  }

  onFile() {
    const [file] = this.file.files;
    this.file.value = "";
    if (file) this.chat.upload(file);
  }

  // --- messages --------------------------------------------------------------------------------

  renderEntry(entry) {
    let item = this.nodes.get(entry.key);
    if (!item) {
      item = h("div", { "data-key": entry.key });
      this.nodes.set(entry.key, item);
      this.place(item, entry);
      this.showSuggestions([]);
    }
    item.className = `msg msg--${entry.role}`;
    item.dataset.state = entry.state ?? "";
    if (entry.seq !== null) item.dataset.seq = String(entry.seq);
    if (entry.id) item.dataset.messageId = entry.id;
    item.setAttribute("aria-busy", entry.streaming ? "true" : "false");
    const near = this.nearEnd();
    item.replaceChildren(...this.contents(entry));
    if (entry.role === "assistant" && entry.id) item.append(this.feedbackFor(entry));
    this.scrollToEnd(near);
  }

  /** New messages go last, except that stored ones go before messages still waiting to be sent. */
  place(item, entry) {
    const waiting = entry.seq !== null ? this.list.querySelector('[data-state="unsent"]') : null;
    this.list.insertBefore(item, waiting);
  }

  removeEntry(entry) {
    this.nodes.get(entry.key)?.remove();
    this.nodes.delete(entry.key);
  }

  contents(entry) {
    const who = { user: "you", assistant: "bot", agent: "agent" }[entry.role];
    const label = who ? h("span", { class: "visually-hidden" }, this.t("said", { who: this.t(who) })) : null;
    if (entry.role === "notice") return [h("p", { class: "notice" }, this.t("error", { message: entry.text }))];
    const bubble = h("div", { class: "bubble" }, label);
    const parts = [bubble];
    if (entry.role === "agent") bubble.append(h("span", { class: "who", "aria-hidden": "true" }, this.t("agent")));
    const attachment = entry.attachment ?? attachmentOf(entry.text);
    if (attachment || entry.preview) {
      bubble.append(this.image(attachment, entry.preview));
    } else if (entry.role === "assistant") {
      if (entry.streaming && !entry.text) {
        bubble.append(h("span", { class: "typing", role: "img", "aria-label": this.t("typing") }, h("i"), h("i"), h("i")));
      } else {
        bubble.append(this.answer(entry));
      }
    } else {
      bubble.append(h("p", { class: "text" }, entry.text));
    }
    if (entry.role === "assistant" && entry.citations?.length && !entry.streaming) parts.push(this.footnotes(entry));
    if (entry.state === "unsent") parts.push(h("p", { class: "state" }, this.t("unsent")));
    if (entry.state === "failed") {
      parts.push(
        h(
          "p",
          { class: "state state--failed" },
          `${this.t("failed")}${entry.error ? `: ${entry.error}` : ""} `,
          entry.preview ? null : h("button", { type: "button", class: "link", onclick: () => this.chat.retry(entry) }, this.t("retry")),
        ),
      );
    }
    return parts;
  }

  answer(entry) {
    const body = h("div", { class: "markdown" });
    const fragment = renderMarkdown(entry.text);
    if (!entry.streaming) {
      linkMarkers(fragment, entry.citations?.length ?? 0, (n) => this.footnoteLink(entry, n));
    }
    body.append(fragment);
    return body;
  }

  footnoteLink(entry, n) {
    const target = `kefu-fn-${entry.key}-${n}`;
    const link = h(
      "a",
      {
        href: `#${target}`,
        class: "fn-ref",
        "aria-label": this.t("footnote", { n }),
        onclick: (event) => {
          event.preventDefault(); // the host page's URL stays as it is
          const note = this.root.getElementById(target);
          note?.scrollIntoView({ block: "nearest" });
          note?.focus();
        },
      },
      String(n),
    );
    return h("sup", {}, link);
  }

  footnotes(entry) {
    const list = h("ol", { class: "sources", "aria-label": this.t("sources") });
    entry.citations.forEach((citation, index) => {
      const where = [citation.source, citation.page ? this.t("page", { n: citation.page }) : null].filter(Boolean).join(" · ");
      const title = citation.title || citation.source;
      const url = this.sourceUrl(citation);
      const name = url
        ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, title)
        : h("span", { class: "title" }, title);
      list.append(
        h("li", { id: `kefu-fn-${entry.key}-${index + 1}`, tabindex: "-1" }, name, where && where !== title ? h("span", { class: "where" }, ` — ${where}`) : null),
      );
    });
    return h("div", { class: "footnotes" }, h("p", { class: "footnotes-title" }, this.t("sources")), list);
  }

  /** `data-source-url="https://help.example.com/{source}#{id}"` links footnotes to the company's pages. */
  sourceUrl(citation) {
    const template = this.options.sourceUrl;
    if (!template) return null;
    const url = template
      .replaceAll("{source}", encodeURIComponent(citation.source ?? ""))
      .replaceAll("{id}", encodeURIComponent(citation.id ?? ""))
      .replaceAll("{kb}", encodeURIComponent(citation.kb ?? ""));
    return /^https?:\/\//i.test(url) ? url : null;
  }

  image(attachment, preview) {
    const image = h("img", { class: "attachment", alt: this.t("image") });
    const cached = attachment && this.images.get(attachment);
    if (cached) image.src = cached;
    else if (attachment) {
      this.chat
        .imageURL(attachment)
        .then((url) => {
          this.images.set(attachment, url);
          image.src = url;
        })
        .catch(() => {
          if (preview) image.src = preview;
        });
      if (preview) image.src = preview;
    } else if (preview) image.src = preview;
    return image;
  }

  // --- feedback --------------------------------------------------------------------------------

  feedbackFor(entry) {
    const button = (rating) =>
      h(
        "button",
        {
          type: "button",
          class: `rate rate--${rating}`,
          "aria-pressed": entry.rating === rating ? "true" : "false",
          "aria-label": this.t(rating === "up" ? "helpful" : "notHelpful"),
          onclick: () => this.rate(entry, rating),
        },
        icon(rating),
      );
    const group = h("div", { class: "feedback", role: "group", "aria-label": this.t("rateLabel") }, button("up"), button("down"));
    const parts = h("div", { class: "rating" }, group);
    if (entry.rating && !entry.commented && entry.commenting) parts.append(this.commentForm(entry));
    if (entry.commented) parts.append(h("p", { class: "thanks", role: "status" }, this.t("thanks")));
    return parts;
  }

  commentForm(entry) {
    const id = `kefu-comment-${entry.key}`;
    const area = h("textarea", { id, rows: "2", maxlength: "1000", placeholder: this.t("commentPlaceholder") });
    if (entry.draft) area.value = entry.draft;
    area.addEventListener("input", () => (entry.draft = area.value));
    return h(
      "form",
      {
        class: "comment",
        onsubmit: async (event) => {
          event.preventDefault();
          await this.chat.rate(entry, entry.rating, area.value.trim() || null);
          entry.commenting = false;
          this.renderEntry(entry);
        },
      },
      h("label", { for: id }, this.t("commentLabel")),
      area,
      h("button", { type: "submit" }, this.t("commentSend")),
    );
  }

  async rate(entry, rating) {
    entry.commenting = true;
    try {
      await this.chat.rate(entry, rating);
    } catch (error) {
      this.chat.add({ role: "notice", text: error.message });
      return;
    }
    this.root.getElementById(`kefu-comment-${entry.key}`)?.focus();
  }

  // --- suggestions and status ------------------------------------------------------------------

  /** Quick replies: `options`, or (null) the starters while the conversation is empty. */
  showSuggestions(options) {
    if (options === null) {
      options = this.chat.entries.size ? [] : (this.options.starters ?? STRINGS[this.lang].starters);
    }
    this.suggestions.replaceChildren(
      ...options.map((text) => h("button", { type: "button", class: "chip", onclick: () => this.chat.send(text) }, text)),
    );
    this.suggestions.hidden = options.length === 0;
  }

  renderStatus() {
    const connection = this.chat.connection;
    const handoff = this.chat.handoff;
    let text = "";
    if (connection === "offline") text = this.t("offline");
    else if (connection === "reconnecting") text = this.t("reconnecting");
    else if (handoff.status === "queued") {
      const ahead = Math.max(0, (handoff.position ?? 1) - 1);
      if (handoff.callback_offered) text = this.t("callback");
      else text = ahead ? this.t("queued", { n: ahead }) : this.t("queuedFirst");
    } else if (handoff.status === "claimed") text = this.t("claimed");
    else if (["released", "closed"].includes(handoff.status) && ["queued", "claimed"].includes(handoff.previous)) {
      text = this.t("released");
    } else if (handoff.status === "callback") text = this.t("callback");
    this.status.textContent = text;
    this.status.dataset.handoff = handoff.status;
    this.status.hidden = !text;
    this.humanButton.disabled = this.chat.withPerson();
  }

  // --- scrolling -------------------------------------------------------------------------------

  nearEnd() {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
  }

  scrollToEnd(wanted) {
    if (wanted) this.list.scrollTop = this.list.scrollHeight;
  }
}
