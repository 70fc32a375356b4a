/* Shared by the inbox and the widget: reading a server-sent-events stream with fetch, so that
   headers (Authorization, X-Auth-Token) can be sent, which EventSource cannot. */
"use strict";

window.Support = {
  /** Reads SSE from url; calls onEvent(object) per event and onState(true|false); reconnects. */
  stream(url, headers, onEvent, onState) {
    let stopped = false;
    let controller = null;
    const connect = async () => {
      while (!stopped) {
        try {
          controller = new AbortController();
          const res = await fetch(url, { headers, signal: controller.signal, cache: "no-store" });
          if (res.status === 401) { onState && onState(false); return; }
          if (!res.ok || !res.body) throw new Error("stream " + res.status);
          onState && onState(true);
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = frame.split("\n").filter(l => l.startsWith("data: ")).map(l => l.slice(6)).join("\n");
              if (data) {
                try { onEvent(JSON.parse(data)); } catch (e) { console.warn("bad event", e); }
              }
            }
          }
        } catch (e) {
          if (stopped) return;
        }
        onState && onState(false);
        await new Promise(r => setTimeout(r, 1500));
      }
    };
    connect();
    return () => { stopped = true; if (controller) controller.abort(); };
  },

  /** Text node helper: never innerHTML with data. */
  el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  },

  time(iso) {
    const d = new Date(iso);
    const today = new Date();
    return d.toDateString() === today.toDateString()
      ? d.toLocaleTimeString("de-AT", { hour: "2-digit", minute: "2-digit" })
      : d.toLocaleDateString("de-AT", { day: "2-digit", month: "2-digit" });
  },

  initials(name) {
    return (name || "?").split(/\s+/).filter(Boolean).slice(0, 2).map(w => w[0].toUpperCase()).join("");
  }
};
