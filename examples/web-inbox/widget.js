/* The chat widget: the web chat protocol of `support serve` (/webhooks/{inbox}/…) and its event stream. */
"use strict";

(() => {
  const { el, stream } = window.Support;
  const $ = id => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const widget = { inbox: null, websiteToken: null, token: null, history: [], typingSentAt: 0 };
  const storeKey = () => "support.widget." + widget.inbox;

  async function call(action, body) {
    const res = await fetch("/webhooks/" + encodeURIComponent(widget.inbox) + "/" + action
        + "?website_token=" + encodeURIComponent(widget.websiteToken), {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json" }, widget.token ? { "X-Auth-Token": widget.token } : {}),
      body: JSON.stringify(body || {})
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.reason || data.error || "HTTP " + res.status);
    return data;
  }

  function save() {
    localStorage.setItem(storeKey(), JSON.stringify({ token: widget.token, history: widget.history.slice(-100) }));
  }

  function show(who, text, remember = true) {
    const li = el("li", "w-msg " + who);
    li.append(el("div", "w-bubble", text));
    $("widget-messages").append(li);
    $("widget-messages").scrollTop = $("widget-messages").scrollHeight;
    if (remember) {
      widget.history.push({ who, text, at: new Date().toISOString() });
      save();
    }
  }

  function status(s) {
    if (s.online) return "Wir sind online und antworten gleich";
    if (s.nextOpening) {
      const d = new Date(s.nextOpening);
      return "Wir antworten ab " + d.toLocaleString("de-AT", { weekday: "long", hour: "2-digit", minute: "2-digit" }) + " Uhr";
    }
    return "Wir melden uns so bald wie möglich";
  }

  async function start() {
    const config = await (await fetch("/widget-api/config")).json();
    const chosen = config.widgets.find(w => w.inbox === params.get("inbox")) || config.widgets[0];
    if (!chosen) {
      $("chat-status").textContent = "Kein Web-Chat eingerichtet";
      return;
    }
    widget.inbox = chosen.inbox;
    widget.websiteToken = chosen.websiteToken;
    $("chat-title").textContent = chosen.name;
    const saved = JSON.parse(localStorage.getItem(storeKey()) || "{}");
    widget.token = saved.token || null;
    widget.history = saved.history || [];
    widget.history.forEach(m => show(m.who, m.text, false));
    const session = await call("session");
    widget.token = session.token;
    save();
    $("chat-status").textContent = status(session.status);
    const actions = $("quick-actions");
    actions.replaceChildren();
    if (widget.history.length === 0) {
      for (const q of session.preChat.quickActions) {
        const b = el("button", "", q);
        b.type = "button";
        b.addEventListener("click", () => send(q));
        actions.append(b);
      }
    }
    stream("/widget-api/" + encodeURIComponent(widget.inbox) + "/events", { "X-Auth-Token": widget.token }, onEvent);
  }

  let typingHide = null;
  function onEvent(ev) {
    if (ev.type === "message.created") {
      $("widget-typing").hidden = true;
      show("agent", ev.content);
      if (document.body.classList.contains("open")) {
        call("read", { lastSeenAt: new Date().toISOString() }).catch(() => {});
      }
    } else if (ev.type === "conversation.typing_on" || ev.type === "conversation.typing_off") {
      $("widget-typing").hidden = ev.type === "conversation.typing_off";
      clearTimeout(typingHide);
      typingHide = setTimeout(() => { $("widget-typing").hidden = true; }, 8000);
    }
  }

  async function send(text) {
    $("quick-actions").replaceChildren();
    show("me", text);
    const echoId = "w" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await call("messages", { echoId, content: text });
        return;
      } catch (e) {
        await new Promise(r => setTimeout(r, 800 * (attempt + 1)));  // same echoId: retries are harmless
      }
    }
    show("agent", "Deine Nachricht konnte nicht gesendet werden. Bitte versuche es noch einmal.", false);
  }

  $("widget-form").addEventListener("submit", e => {
    e.preventDefault();
    const text = $("widget-input").value.trim();
    if (!text || !widget.token) return;
    $("widget-input").value = "";
    widget.typingSentAt = 0;
    call("typing", { state: "off" }).catch(() => {});
    send(text);
  });

  $("widget-input").addEventListener("input", () => {
    const now = Date.now();
    if (widget.token && now - widget.typingSentAt > 3000) {
      widget.typingSentAt = now;
      call("typing", { state: "on" }).catch(() => {});
    }
  });

  function open(on) {
    document.body.classList.toggle("open", on);
    $("chat").setAttribute("aria-hidden", String(!on));
    if (on) {
      $("widget-input").focus();
      if (widget.token) call("read", { lastSeenAt: new Date().toISOString() }).catch(() => {});
    }
  }
  $("launcher").addEventListener("click", () => open(true));
  $("chat-close").addEventListener("click", () => open(false));

  start().catch(e => { $("chat-status").textContent = "Chat gerade nicht erreichbar"; console.warn(e); });
})();
