// The grid-centre stream player (docs/rules.md#grid-centre-video): upgrades every
// `<figure class="stream" data-stream-url data-stream-kind>` on the page, now and later (a map
// card, a queue row opened on request). MP4 goes straight to <video>; HLS goes through hls.js
// (loaded from /vendor only then) wherever Media Source Extensions exist — one player whose
// errors we can read on every phone — and to <video> itself elsewhere (older iPhones). A stream that
// cannot be reached says so ("信号中断") and offers to reconnect: never a blank player.
(function () {
  "use strict";
  if (window.dangjianStreams) return;
  const HLS_SCRIPT = "/vendor/hls.light.min.js";
  // A stream that has not started playing by then is treated as down.
  const START_MS = 15000;
  // A playing stream stalled this long is down.
  const STALL_MS = 12000;
  let hlsLoading = null;

  function loadHls() {
    if (window.Hls) return Promise.resolve(window.Hls);
    if (!hlsLoading) {
      hlsLoading = new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = HLS_SCRIPT;
        s.onload = () => (window.Hls ? resolve(window.Hls) : reject(new Error("hls.js")));
        s.onerror = () => {
          hlsLoading = null;
          reject(new Error("hls.js"));
        };
        document.head.appendChild(s);
      });
    }
    return hlsLoading;
  }

  function attach(fig) {
    if (fig.dataset.attached) return;
    fig.dataset.attached = "1";
    const video = fig.querySelector("video");
    const state = fig.querySelector(".stream-state");
    const url = fig.dataset.streamUrl;
    const hlsKind = fig.dataset.streamKind === "hls";
    let hls = null;
    let timer = 0;
    let retry = null;
    // Each start (and a stop) takes a new number: hls.js arriving for an older one is dropped.
    let run = 0;

    function show(code, text) {
      fig.dataset.state = code;
      if (state) state.textContent = text;
      if (retry) {
        retry.remove();
        retry = null;
      }
    }
    // A phone that will not start playing by itself (power saving, WeChat's browser) is not a
    // dropped signal: the viewer taps play.
    function play() {
      video.play().catch((e) => {
        if (e && e.name === "NotAllowedError") {
          clearTimeout(timer);
          show("paused", "点击播放");
        }
      });
    }
    function down() {
      clearTimeout(timer);
      if (hls) {
        hls.destroy();
        hls = null;
      }
      video.removeAttribute("src");
      video.load();
      show("down", "信号中断：暂时连不上网格中心的视频，请稍后再试。");
      retry = document.createElement("button");
      retry.type = "button";
      retry.className = "secondary stream-retry";
      retry.textContent = "重新连接";
      retry.addEventListener("click", start);
      state.after(retry);
    }
    function watch(ms) {
      clearTimeout(timer);
      timer = setTimeout(down, ms);
    }
    function start() {
      const mine = ++run;
      if (hls) {
        hls.destroy();
        hls = null;
      }
      show("connecting", "正在连接…");
      watch(START_MS);
      const mse = "MediaSource" in window || "ManagedMediaSource" in window;
      if (!hlsKind || !mse) {
        video.src = url;
        play();
        return;
      }
      loadHls().then(
        (Hls) => {
          if (mine !== run || !fig.isConnected) return;
          if (!Hls.isSupported()) {
            // The browser's own player is the last try; its error event says if it cannot.
            video.src = url;
            play();
            return;
          }
          hls = new Hls({ enableWorker: false, manifestLoadingMaxRetry: 2, levelLoadingMaxRetry: 2, fragLoadingMaxRetry: 2 });
          hls.on(Hls.Events.ERROR, (_e, data) => {
            if (data.fatal) down();
          });
          hls.loadSource(url);
          hls.attachMedia(video);
          play();
        },
        () => {
          if (mine === run) down();
        },
      );
    }
    video.addEventListener("play", () => {
      if (fig.dataset.state === "paused") {
        show("connecting", "正在连接…");
        watch(START_MS);
      }
    });
    video.addEventListener("playing", () => {
      clearTimeout(timer);
      show("playing", "直播中");
    });
    video.addEventListener("waiting", () => {
      if (fig.dataset.state === "playing") {
        show("buffering", "网络较慢，正在缓冲…");
        watch(STALL_MS);
      }
    });
    video.addEventListener("error", () => {
      if (!hls) down();
    });
    // The end of a recording (or of a VOD test stream) is not a dropped signal.
    video.addEventListener("ended", () => {
      clearTimeout(timer);
      show("ended", "直播已结束。");
    });
    // Taken off the page (a card replaced, a page re-rendered): stop fetching.
    fig.stopStream = () => {
      run++;
      clearTimeout(timer);
      if (retry) retry.remove();
      if (hls) hls.destroy();
      hls = null;
      video.removeAttribute("src");
      video.load();
    };
    start();
  }

  function scan(root) {
    root.querySelectorAll("figure.stream[data-stream-url]").forEach(attach);
  }
  window.dangjianStreams = { scan: () => scan(document) };
  scan(document);
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.removedNodes) {
        if (n.nodeType !== 1 || n.isConnected) continue;
        const figs = n.matches("figure.stream") ? [n] : n.querySelectorAll("figure.stream");
        figs.forEach((f) => f.stopStream && f.stopStream());
      }
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches("figure.stream[data-stream-url]")) attach(n);
        else scan(n);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
