// The county map's zoom, pan and branch cards (docs/rules.md#the-county-map). The page works
// without it: each flag is a link to the same page with that branch's card.
(function () {
  "use strict";
  // A card with a grid-centre stream plays it: the player's script comes only then.
  function player() {
    if (!document.querySelector(".stream[data-stream-url]")) return;
    if (document.querySelector("script[data-stream-player]")) return;
    const s = document.createElement("script");
    s.src = "/video.js";
    s.setAttribute("data-stream-player", "");
    document.head.appendChild(s);
  }
  player();
  const svg = document.getElementById("county-map");
  if (!svg) return;
  const original = svg.getAttribute("viewBox");
  const whole = svg.viewBox.baseVal;
  const full = [whole.x, whole.y, whole.width, whole.height];
  let view = full.slice();
  const MIN = full[2] / 8;

  function apply() {
    svg.setAttribute("viewBox", view.map((v) => v.toFixed(1)).join(" "));
  }

  // Zoom by `k` (> 1 closer) about the point (px, py) of the map's own coordinates.
  function zoom(k, px, py) {
    const w = Math.min(full[2], Math.max(MIN, view[2] / k));
    const h = (w * full[3]) / full[2];
    const fx = (px - view[0]) / view[2];
    const fy = (py - view[1]) / view[3];
    view = [px - fx * w, py - fy * h, w, h];
    clamp();
    apply();
  }

  function clamp() {
    view[0] = Math.min(Math.max(view[0], full[0]), full[0] + full[2] - view[2]);
    view[1] = Math.min(Math.max(view[1], full[1]), full[1] + full[3] - view[3]);
  }

  // A point of the screen in the map's coordinates.
  function toMap(clientX, clientY) {
    const r = svg.getBoundingClientRect();
    return [view[0] + ((clientX - r.left) / r.width) * view[2], view[1] + ((clientY - r.top) / r.height) * view[3]];
  }

  const centre = () => [view[0] + view[2] / 2, view[1] + view[3] / 2];
  document.getElementById("zoom-in")?.addEventListener("click", () => zoom(1.6, ...centre()));
  document.getElementById("zoom-out")?.addEventListener("click", () => zoom(1 / 1.6, ...centre()));
  document.getElementById("zoom-reset")?.addEventListener("click", () => {
    view = full.slice();
    svg.setAttribute("viewBox", original);
  });
  svg.addEventListener(
    "wheel",
    (e) => {
      if (e.deltaY === 0) return;
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1.25 : 0.8, ...toMap(e.clientX, e.clientY));
    },
    { passive: false },
  );

  // One finger pans, two pinch; a press that moved more than a few pixels from where it began is
  // not a tap on a flag.
  const pointers = new Map();
  let moved = false;
  let pinch = 0;
  let start = null;
  // A press on a flag would otherwise start the browser's dragging of the link.
  svg.addEventListener("dragstart", (e) => e.preventDefault());
  svg.addEventListener("pointerdown", (e) => {
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    if (pointers.size === 1) {
      moved = false;
      start = [e.clientX, e.clientY];
    }
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = Math.hypot(a[0] - b[0], a[1] - b[1]);
    }
  });
  svg.addEventListener("pointermove", (e) => {
    const last = pointers.get(e.pointerId);
    if (!last) return;
    // A mouse released outside the map: its press is over.
    if (e.pointerType === "mouse" && e.buttons === 0) {
      pointers.delete(e.pointerId);
      return;
    }
    const r = svg.getBoundingClientRect();
    if (pointers.size === 1) {
      if (start && Math.hypot(e.clientX - start[0], e.clientY - start[1]) > 4) moved = true;
      if (moved) {
        view[0] -= ((e.clientX - last[0]) / r.width) * view[2];
        view[1] -= ((e.clientY - last[1]) / r.height) * view[3];
        clamp();
        apply();
      }
    }
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      if (pinch > 0 && d > 0) {
        moved = true;
        zoom(d / pinch, ...toMap((a[0] + b[0]) / 2, (a[1] + b[1]) / 2));
      }
      pinch = d;
    }
  });
  const up = (e) => {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = 0;
  };
  svg.addEventListener("pointerup", up);
  svg.addEventListener("pointercancel", up);

  // A tap on a flag opens its card below the map, without leaving the page.
  svg.addEventListener("click", async (e) => {
    const link = e.target.closest("a[data-branch]");
    if (!link) return;
    e.preventDefault();
    // A pan's release is not a tap; a key's click (no pointer) always is.
    if (moved && e.detail !== 0) return;
    const id = link.getAttribute("data-branch");
    const old = document.getElementById("branch-card");
    try {
      const r = await fetch(`/command/map/branches/${id}`, { credentials: "same-origin" });
      if (!r.ok) throw new Error(String(r.status));
      const box = document.createElement("div");
      box.innerHTML = await r.text();
      const card = box.firstElementChild;
      if (old && card) old.replaceWith(card);
      player();
      history.replaceState(null, "", `/command/map?branch=${id}`);
      card?.scrollIntoView({ behavior: "smooth", block: "nearest" });
    } catch (_) {
      // Without the fragment, the link itself still opens the card.
      location.href = link.getAttribute("href");
    }
  });
})();
