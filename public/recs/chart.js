/** The events-per-second chart: polls GET /v1/events/rate every second and draws bars on a canvas. */
import { t } from "../shared/i18n.js";
import { clearProblem, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const SECONDS = 60;
const POLL_MS = 1000;
const HEIGHT = 150;
const PAD = { left: 34, right: 8, top: 10, bottom: 20 };
// the behaviour log reaches the counter through the queue, and a busy user's events ship every five
// seconds (durable-objects/user/outbox.ts), so the newest seconds are still filling
const SETTLED_FROM_END = 6;
const AVERAGE_OVER = 5;

/** The smallest 1, 2 or 5 × 10^k that is at least `n` (and at least 5, so an idle chart has a scale). */
function niceCeil(n) {
  const target = Math.max(5, n);
  const base = 10 ** Math.floor(Math.log10(target));
  return [1, 2, 5, 10].map((m) => m * base).find((v) => v >= target);
}

export function createRateChart({ call }) {
  const canvas = $("rate-chart");
  let timer = 0;
  let busy = false;
  let points = [];

  async function poll() {
    if (busy || document.hidden) return;
    busy = true;
    try {
      points = (await call(`/v1/events/rate?seconds=${SECONDS}`)).items;
      clearProblem($("rate-problem"));
      draw();
    } catch (error) {
      showProblem($("rate-problem"), error);
    } finally {
      busy = false;
    }
  }

  function stats() {
    const counts = points.map((p) => p.events);
    const settled = counts.slice(-SETTLED_FROM_END - AVERAGE_OVER, -SETTLED_FROM_END);
    const now = settled.length ? settled.reduce((a, b) => a + b, 0) / settled.length : 0;
    return { now, peak: Math.max(0, ...counts), total: counts.reduce((a, b) => a + b, 0) };
  }

  function draw() {
    const { now, peak, total } = stats();
    $("rate-now").textContent = now.toFixed(1);
    $("rate-peak").textContent = String(peak);
    $("rate-total").textContent = String(total);
    canvas.dataset.total = String(total);

    const dpr = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 300;
    if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(HEIGHT * dpr);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);

    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).replace(/\s+/g, " ").trim();
    const plotW = width - PAD.left - PAD.right;
    const plotH = HEIGHT - PAD.top - PAD.bottom;
    const max = niceCeil(peak);
    const y = (v) => PAD.top + plotH - (v / max) * plotH;

    ctx.font = `11px ${color("--font") || "sans-serif"}`;
    ctx.textBaseline = "middle";
    ctx.strokeStyle = color("--border");
    ctx.fillStyle = color("--muted");
    ctx.lineWidth = 1;
    for (const v of [0, max / 2, max]) {
      const py = Math.round(y(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(PAD.left, py);
      ctx.lineTo(width - PAD.right, py);
      ctx.stroke();
      ctx.textAlign = "right";
      ctx.fillText(String(Number.isInteger(v) ? v : v.toFixed(1)), PAD.left - 6, py);
    }

    const slot = plotW / SECONDS;
    const bar = Math.max(1, slot - 1.5);
    const offset = SECONDS - points.length;
    points.forEach((p, i) => {
      if (!p.events) return;
      const settled = i < points.length - SETTLED_FROM_END;
      ctx.fillStyle = color("--accent");
      ctx.globalAlpha = settled ? 1 : 0.45;
      const top = y(p.events);
      ctx.fillRect(PAD.left + (offset + i) * slot + (slot - bar) / 2, top, bar, PAD.top + plotH - top);
    });
    ctx.globalAlpha = 1;

    ctx.fillStyle = color("--muted");
    ctx.textBaseline = "alphabetic";
    ctx.textAlign = "left";
    ctx.fillText(t("recs.rate.ago"), PAD.left, HEIGHT - 4);
    ctx.textAlign = "right";
    ctx.fillText(t("recs.rate.nowLabel"), width - PAD.right, HEIGHT - 4);
  }

  window.addEventListener("resize", () => timer && draw());
  window.addEventListener("langchange", () => timer && draw());
  document.addEventListener("visibilitychange", () => timer && !document.hidden && poll());

  return {
    start() {
      clearInterval(timer);
      timer = setInterval(poll, POLL_MS);
      poll();
    },
    stop() {
      clearInterval(timer);
      timer = 0;
      points = [];
    },
  };
}
