/* The web inbox: plain JavaScript against the JSON API of `support serve`. */
"use strict";

(() => {
  const { el, time, initials, stream } = window.Support;
  const $ = id => document.getElementById(id);
  const KIND_LABEL = { support: "Kunde", team_chat: "Team", dev_ticket: "Dev" };
  const CHANNEL_LABEL = { web: "Web-Chat", whatsapp: "WhatsApp", email: "E-Mail", telegram: "Telegram" };
  const STATUS_LABEL = { open: "offen", pending: "wartend", snoozed: "zurückgestellt", resolved: "erledigt" };

  const state = {
    token: sessionStorage.getItem("support.token") || "",
    me: null, agents: [], canned: [],
    filters: { kind: "", status: "open,pending", team: "", mine: false },
    items: [], current: null, mode: "reply",
    suggestion: null, typingSentAt: 0, typingTimer: null
  };

  // ------------------------------------------------------------ API

  async function api(path, options = {}) {
    const res = await fetch("/api/" + path, {
      method: options.method || "GET",
      headers: { "Authorization": "Bearer " + state.token, "Content-Type": "application/json" },
      body: options.body ? JSON.stringify(options.body) : undefined
    });
    if (res.status === 401) { signOut(); throw new Error("unauthorized"); }
    const data = res.status === 204 ? null : await res.json();
    if (!res.ok) throw new Error(data && data.message ? data.message : "HTTP " + res.status);
    return data;
  }

  // ------------------------------------------------------------ sign-in

  function signOut() {
    sessionStorage.removeItem("support.token");
    state.token = "";
    $("app").hidden = true;
    $("login").hidden = false;
  }

  $("login-form").addEventListener("submit", async e => {
    e.preventDefault();
    state.token = $("token").value.trim();
    try {
      await start();
      sessionStorage.setItem("support.token", state.token);
    } catch (err) {
      $("login-error").textContent = "Anmeldung fehlgeschlagen: Token prüfen.";
      $("login-error").hidden = false;
    }
  });

  async function start() {
    state.me = await api("me");
    [state.agents, state.canned] = await Promise.all([api("agents"), api("canned")]);
    $("login").hidden = true;
    $("app").hidden = false;
    $("me-name").textContent = state.me.name;
    $("me-avatar").textContent = initials(state.me.name);
    const teams = [...new Set(state.agents.flatMap(a => a.teams))].sort();
    for (const t of teams) $("team-filter").append(new Option(t, t));
    await loadList();
    stream("/api/events", { "Authorization": "Bearer " + state.token }, onEvent, live => {
      $("live-state").textContent = live ? "live" : "offline – verbinde neu…";
      $("live-state").classList.toggle("off", !live);
      if (live) loadList();
    });
  }

  // ------------------------------------------------------------ list

  const seenKey = () => "support.seen." + state.me.id;
  const seen = () => JSON.parse(localStorage.getItem(seenKey()) || "{}");
  function markSeen(c) {
    const s = seen();
    s[c.id] = c.lastActivityAt;
    localStorage.setItem(seenKey(), JSON.stringify(s));
  }

  async function loadList() {
    const f = state.filters;
    const q = new URLSearchParams({ limit: "100" });
    if (f.kind) q.set("kind", f.kind);
    if (f.status) q.set("status", f.status);
    if (f.team) q.set("team", f.team);
    if (f.mine) q.set("assignee", "me");
    const page = await api("conversations?" + q);
    state.items = page.items;
    renderList();
  }

  /** Customers without a name are visitors; team chats and tickets carry their subject. */
  function displayTitle(c) {
    return c.kind === "support" && c.title.startsWith("#") ? "Besucher:in " + c.title : c.title;
  }

  function renderList() {
    const list = $("conversation-list");
    const s = seen();
    list.replaceChildren();
    for (const c of state.items) {
      const li = el("li", "conv");
      li.dataset.id = c.id;
      li.dataset.channel = c.channel || "";
      if (c.excerpt) li.title = c.excerpt;
      // The server counts unread messages per agent; older servers without it: what this browser saw.
      const unread = typeof c.unread === "number" ? c.unread > 0 : (!s[c.id] || s[c.id] < c.lastActivityAt);
      if (unread && (!state.current || state.current.id !== c.id)) li.classList.add("unread");
      if (state.current && state.current.id === c.id) li.classList.add("active");
      const title = displayTitle(c);
      const avatar = el("span", "avatar kind-" + c.kind, c.kind === "support" ? (c.contactName ? initials(c.contactName) : "?") : (c.kind === "team_chat" ? "#" : "D"));
      const body = el("div", "conv-body");
      const top = el("div", "conv-top");
      top.append(el("strong", "conv-title", title), el("time", "", time(c.lastActivityAt)));
      const bottom = el("div", "conv-bottom");
      bottom.append(
        el("span", "channel ch-" + (c.channel || "none"), c.kind === "support" ? (CHANNEL_LABEL[c.channel] || c.channel) : KIND_LABEL[c.kind]),
        el("span", "pill small prio-" + c.priority, c.priority),
        el("span", "who", c.assignee ? "→ " + c.assignee : c.team ? "Team " + c.team : "nicht zugewiesen"));
      body.append(top, bottom);
      li.append(avatar, body, el("span", "dot"));
      li.addEventListener("click", () => openConversation(c.id));
      list.append(li);
    }
    $("list-empty").hidden = state.items.length > 0;
  }

  $("kind-filter").addEventListener("click", e => {
    const b = e.target.closest("button");
    if (!b) return;
    for (const x of $("kind-filter").children) x.classList.toggle("active", x === b);
    state.filters.kind = b.dataset.kind;
    loadList();
  });
  $("status-filter").addEventListener("change", e => { state.filters.status = e.target.value; loadList(); });
  $("team-filter").addEventListener("change", e => { state.filters.team = e.target.value; loadList(); });
  $("mine-filter").addEventListener("change", e => { state.filters.mine = e.target.checked; loadList(); });

  // ------------------------------------------------------------ thread

  async function openConversation(id) {
    const c = await api("conversations/" + id);
    state.current = c;
    markSeen(c);
    renderThread();
    renderList();
  }

  function renderThread() {
    const c = state.current;
    $("thread-empty").hidden = true;
    $("thread-view").hidden = false;
    $("context").hidden = false;
    $("thread-title").textContent = displayTitle(c);
    $("thread-meta").textContent = "#" + c.number + " · " + c.inbox + " · " + (KIND_LABEL[c.kind] || c.kind)
      + (c.labels.length ? " · " + c.labels.join(", ") : "");
    $("thread-status").textContent = STATUS_LABEL[c.status] || c.status;
    $("thread-status").className = "pill status-" + c.status;
    const list = $("messages");
    list.replaceChildren();
    for (const m of c.messages) {
      const li = el("li", "msg " + m.kind);
      li.dataset.id = m.id;
      if (m.kind === "activity") {
        li.append(el("span", "activity-text", m.body));
      } else {
        const bubble = el("div", "bubble");
        if (m.kind === "note") bubble.append(el("span", "note-label", "Private Notiz"));
        bubble.append(el("p", "text", m.body));
        const who = m.sender.type === "contact" ? (c.contact && c.contact.name) || "Kund:in"
          : m.sender.type === "agent" ? (m.sender.name || m.sender.id) : m.sender.type === "bot" ? "Assistent" : "System";
        bubble.append(el("small", "meta", who + " · " + time(m.createdAt)
          + (m.kind === "outgoing" ? (m.readAt ? " · gelesen" : m.deliveredAt ? " · zugestellt" : " · gesendet") : "")));
        li.append(bubble);
      }
      list.append(li);
    }
    list.scrollTop = list.scrollHeight;
    renderContext();
  }

  function renderContext() {
    const c = state.current;
    const card = $("contact-card");
    card.replaceChildren();
    if (!c.contact) {
      card.append(el("p", "muted", c.kind === "support" ? "Kein Kontakt" : "Interne Unterhaltung"));
    } else {
      const k = c.contact;
      const head = el("div", "contact-head");
      head.append(el("span", "avatar big", initials(k.name || "?")), el("strong", "", k.name || "Unbekannt"));
      if (k.vip) head.append(el("span", "pill vip", "VIP"));
      card.append(head);
      const dl = el("dl", "facts");
      const fact = (label, value) => { if (value) dl.append(el("dt", "", label), el("dd", "", value)); };
      fact("E-Mail", k.email); fact("Telefon", k.phone); fact("Sprache", k.language);
      fact("Kunde seit", new Date(k.since).toLocaleDateString("de-AT"));
      for (const [ch, id] of Object.entries(k.channels)) fact(ch, id.length > 24 ? id.slice(0, 24) + "…" : id);
      for (const [key, v] of Object.entries(k.attributes)) fact(key, v);
      card.append(dl);
    }
    const facts = $("conversation-facts");
    facts.replaceChildren();
    const add = (label, value) => { if (value) facts.append(el("dt", "", label), el("dd", "", value)); };
    add("Status", STATUS_LABEL[c.status] || c.status); add("Priorität", c.priority); add("Team", c.team);
    add("Erstellt", new Date(c.createdAt).toLocaleString("de-AT"));
    if (c.csat) add("Zufriedenheit", "★".repeat(c.csat.rating));
    const select = $("assignee-select");
    select.replaceChildren(new Option("– niemand –", ""));
    for (const a of state.agents) select.append(new Option(a.name, a.id, false, a.id === c.assignee));
  }

  $("assignee-select").addEventListener("change", async e => {
    await api("conversations/" + state.current.id + "/assign", { method: "POST", body: { assignee: e.target.value || null } });
  });

  // ------------------------------------------------------------ live updates

  let listTimer = null;
  function onEvent(ev) {
    if (ev.type === "conversation.typing_on" || ev.type === "conversation.typing_off") {
      const c = state.current;
      const here = c && (ev.conversationId === c.id
        || (ev.actor === "contact" && c.inbox === ev.inbox && c.contact && c.contact.channels.web === ev.visitor));
      if (here && ev.actor !== state.me.id) showTyping(ev);
      return;
    }
    // Opening a thread marks it read (conversation.read): refresh the list only, never reopen.
    if (ev.type !== "conversation.read" && state.current && ev.conversationId === state.current.id) {
      openConversation(state.current.id);
    }
    clearTimeout(listTimer);
    listTimer = setTimeout(loadList, 150);
  }

  let typingHide = null;
  function showTyping(ev) {
    const on = ev.type === "conversation.typing_on";
    const agent = state.agents.find(a => a.id === ev.actor);
    const contact = state.current.contact;
    $("typing-who").textContent = (agent ? agent.name : (contact && contact.name) || "Kund:in") + " schreibt…";
    $("typing").hidden = !on;
    clearTimeout(typingHide);
    if (on) typingHide = setTimeout(() => { $("typing").hidden = true; }, 6000);
  }

  // ------------------------------------------------------------ composer

  const composer = $("composer");
  function setMode(mode) {
    state.mode = mode;
    $("mode-reply").classList.toggle("active", mode === "reply");
    $("mode-note").classList.toggle("active", mode === "note");
    $("composer-form").classList.toggle("note-mode", mode === "note");
    composer.placeholder = mode === "note" ? "Private Notiz (nur fürs Team)…" : "Antwort schreiben…";
    composer.focus();
  }
  $("mode-reply").addEventListener("click", () => setMode("reply"));
  $("mode-note").addEventListener("click", () => setMode("note"));

  function currentWord() {
    const upto = composer.value.slice(0, composer.selectionStart);
    const m = upto.match(/(^|\s)([\/@][^\s]*)$/);
    return m ? { text: m[2], start: upto.length - m[2].length } : null;
  }

  function updateSuggestions() {
    const w = currentWord();
    const box = $("suggestions");
    let options = [];
    if (w && w.text.startsWith("/") && composer.value.trimStart().startsWith("/")) {
      const q = w.text.toLowerCase();
      options = state.canned.filter(c => c.shortcut.toLowerCase().startsWith(q) || c.title.toLowerCase().includes(q.slice(1)))
        .map(c => ({ kind: "canned", value: c.shortcut, label: c.shortcut, hint: c.title }));
    } else if (w && w.text.startsWith("@")) {
      const q = w.text.slice(1).toLowerCase();
      options = state.agents.filter(a => a.id.startsWith(q) || a.name.toLowerCase().includes(q))
        .map(a => ({ kind: "mention", value: "@" + a.id, label: "@" + a.id, hint: a.name }));
    }
    state.suggestion = options.length ? { word: w, options, index: 0 } : null;
    box.replaceChildren();
    box.hidden = !state.suggestion;
    options.slice(0, 8).forEach((o, i) => {
      const item = el("div", "suggestion" + (i === 0 ? " selected" : ""));
      item.dataset.value = o.value;
      item.setAttribute("role", "option");
      item.append(el("strong", "", o.label), el("span", "", o.hint));
      item.addEventListener("mousedown", ev => { ev.preventDefault(); choose(i); });
      box.append(item);
    });
  }

  async function choose(i) {
    const s = state.suggestion;
    if (!s) return;
    const o = s.options[i];
    state.suggestion = null;
    $("suggestions").hidden = true;
    if (o.kind === "mention") {
      composer.value = composer.value.slice(0, s.word.start) + o.value + " " + composer.value.slice(s.word.start + s.word.text.length);
    } else {
      const rendered = await api("conversations/" + state.current.id + "/render", { method: "POST", body: { name: o.value } });
      composer.value = rendered.filter(r => r.action.startsWith("send")).map(r => r.text).join("\n\n");
    }
    composer.focus();
  }

  composer.addEventListener("input", () => {
    updateSuggestions();
    const now = Date.now();
    if (state.current && now - state.typingSentAt > 3000) {
      state.typingSentAt = now;
      api("conversations/" + state.current.id + "/typing", { method: "POST", body: { on: true } }).catch(() => {});
    }
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(stopTyping, 5000);
  });

  function stopTyping() {
    if (!state.current || !state.typingSentAt) return;
    state.typingSentAt = 0;
    api("conversations/" + state.current.id + "/typing", { method: "POST", body: { on: false } }).catch(() => {});
  }

  composer.addEventListener("keydown", e => {
    const s = state.suggestion;
    if (s && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      const n = Math.min(s.options.length, 8);
      s.index = (s.index + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      [...$("suggestions").children].forEach((c, i) => c.classList.toggle("selected", i === s.index));
    } else if (s && (e.key === "Enter" || e.key === "Tab")) {
      e.preventDefault();
      choose(s.index);
    } else if (s && e.key === "Escape") {
      state.suggestion = null;
      $("suggestions").hidden = true;
    } else if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      $("composer-form").requestSubmit();
    }
  });

  $("composer-form").addEventListener("submit", async e => {
    e.preventDefault();
    const text = composer.value.trim();
    if (!text || !state.current) return;
    $("send").disabled = true;
    try {
      await api("conversations/" + state.current.id + (state.mode === "note" ? "/notes" : "/replies"), { method: "POST", body: { body: text } });
      composer.value = "";
      stopTyping();
      await openConversation(state.current.id);
    } catch (err) {
      alert("Nicht gesendet: " + err.message);
    } finally {
      $("send").disabled = false;
    }
  });

  if (state.token) start().catch(() => signOut());
})();
