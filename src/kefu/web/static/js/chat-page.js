// /chat: the widget's panel as the whole page, signed in by the session cookie.

import { mountInline } from "../widget/widget.js";

const host = document.getElementById("kefu-chat");
mountInline(host, { base: "", kb: host.dataset.kb, lang: host.dataset.lang });
