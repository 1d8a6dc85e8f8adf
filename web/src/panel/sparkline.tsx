/**
 * A tile's last hour, drawn with uPlot: the rate (line) against the expected rate (dashed),
 * gaps (missing values) as marks rising from the bottom edge — tall enough to see even one
 * missing pulse in a minute — and no-data periods (not watched, server or stream down, the
 * time since the last history answer) as a band with no line, never as a normal rate. The
 * right end is the live rate. One uPlot per tile, created once when first on screen and fed
 * with setData; all canvas work goes through the paint queue (no long tasks).
 *
 * uPlot draws into a canvas kept out of the page, and the tile shows a copy as an image: a
 * canvas in the page is a compositor layer of its own, and 200 of them (400 layers) made
 * every frame of the 4 Hz tile updates spend 50+ ms layerizing and committing. Images are
 * painted into their tile's layer.
 */
import { memo } from "preact/compat";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import type { Level } from "../types.js";
import { HISTORY_SECONDS, type ChannelHistory, type HistoryStore } from "./history-store.js";
import { cancelPaint, queuePaint } from "./paint-queue.js";
import { onPaletteChange, paletteOf } from "./spark-palette.js";

/** The live point moves at most this often: the hour's shape changes once a minute. */
const LIVE_EVERY_MS = 10_000;
/** A gap mark's height: a floor so one missing pulse shows, plus the missing fraction. */
const GAP_FLOOR = 0.35;

export interface SparklineProps {
  history: HistoryStore;
  name: string;
  level: Level;
  width: number;
  height: number;
  /** The live rate (right end); null when unknown or the link is down. */
  rateHz: number | null;
}

type Series = [number[], (number | null)[]];

/**
 * Runs `make` with 2D canvases created as CPU canvases (`willReadFrequently`): the sparkline
 * is read back after every draw (see SparkPlot), which on a GPU canvas is a slow readback.
 */
function withCpuCanvas<T>(make: () => T): T {
  const proto = HTMLCanvasElement.prototype;
  const original = proto.getContext;
  proto.getContext = function (this: HTMLCanvasElement, type: string, options?: CanvasRenderingContext2DSettings) {
    return original.call(this, type, type === "2d" ? { ...options, willReadFrequently: true } : options);
  } as typeof original;
  try {
    return make();
  } finally {
    proto.getContext = original;
  }
}

/** What one sparkline draws; kept outside Preact so tile renders never touch the canvas. */
class SparkPlot {
  private plot: uPlot | undefined;
  private hist: ChannelHistory | undefined;
  private liveRate: number | null = null;
  private liveAt = 0;
  private visible = false;
  level: Level = "unknown";
  width = 0;
  height = 0;

  private img: HTMLImageElement | undefined;

  constructor(private readonly el: HTMLElement) {}

  setHistory(h: ChannelHistory | undefined): void {
    this.hist = h;
    this.request();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.request();
  }


  setLive(rate: number | null): void {
    const now = Date.now();
    // A change between known and unknown shows at once; small rate wobbles wait their turn
    // (the next history refresh draws the latest anyway).
    const flipped = (rate === null) !== (this.liveRate === null);
    this.liveRate = rate;
    if (!flipped && now - this.liveAt < LIVE_EVERY_MS) return;
    this.liveAt = now;
    this.request();
  }

  /** Size or colours changed. */
  request(): void {
    if (!this.visible || !this.hist) return;
    queuePaint(this, () => this.paint());
  }

  destroy(): void {
    cancelPaint(this);
    this.plot?.destroy();
    this.plot = undefined;
    this.img?.remove();
  }

  private data(): Series {
    const h = this.hist!;
    const n = h.rate.length;
    const endX = (h.endMs - Date.now()) / 1000;
    const xs = new Array<number>(n + 1);
    const ys = new Array<number | null>(n + 1);
    for (let i = 0; i < n; i++) {
      xs[i] = endX - (n - i - 0.5) * h.step;
      ys[i] = h.rate[i]!;
    }
    xs[n] = 0;
    ys[n] = this.liveRate;
    return [xs, ys];
  }

  /** Draws now, inside this paint job (uPlot would otherwise draw in a microtask after it, out of the queue's budget). */
  private paint(): void {
    const data = this.data();
    if (!this.plot) {
      // Never attached to the page: uPlot needs no layout without cursor, legend or axes.
      this.plot = withCpuCanvas(() => new uPlot(this.options(), data, (u, init) => u.batch(init)));
    } else {
      const plot = this.plot;
      plot.batch(() => {
        if (plot.width !== this.width || plot.height !== this.height) plot.setSize({ width: this.width, height: this.height });
        plot.setData(data);
      });
    }
    if (!this.img) {
      this.img = document.createElement("img");
      this.img.alt = "";
      this.el.appendChild(this.img);
    }
    this.img.width = this.width;
    this.img.height = this.height;
    this.img.src = this.plot.ctx.canvas.toDataURL();
  }

  private options(): uPlot.Options {
    return {
      width: this.width,
      height: this.height,
      title: undefined,
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      padding: [2, 0, 0, 0],
      scales: {
        x: { time: false, range: () => [-HISTORY_SECONDS, 0] },
        y: { range: (_u, _min, max) => [0, Math.max(this.hist?.expectedHz ?? 0, max ?? 0, 0.1) * 1.15] },
      },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: () => paletteOf(this.level).line, width: 2, spanGaps: false, points: { show: false } }],
      hooks: { drawClear: [(u) => this.drawUnknown(u)], draw: [(u) => this.drawMarks(u)] },
    };
  }

  /** Bands where nothing is known: buckets without data and the time since the last answer. */
  private drawUnknown(u: uPlot): void {
    const h = this.hist;
    if (!h) return;
    const ctx = u.ctx;
    const [xs, ys] = u.data as unknown as Series;
    const top = u.bbox.top;
    const height = u.bbox.height;
    ctx.save();
    ctx.fillStyle = paletteOf(this.level).unknown;
    const half = h.step / 2;
    const band = (from: number, to: number) => {
      const a = u.valToPos(from, "x", true);
      const b = u.valToPos(to, "x", true);
      if (b > a) ctx.fillRect(a, top, Math.max(1, b - a), height);
    };
    const n = xs.length - 1;
    for (let i = 0; i < n; i++) if (ys[i] === null) band(xs[i]! - half, xs[i]! + half);
    // After the last bucket: unknown until the live point, unless that is within a step.
    const end = xs[n - 1]! + half;
    if (-end > h.step) band(end, 0);
    ctx.restore();
  }

  /** Expected rate (dashed) and gap marks from the bottom edge. */
  private drawMarks(u: uPlot): void {
    const h = this.hist;
    if (!h) return;
    const ctx = u.ctx;
    const p = paletteOf(this.level);
    const { left, top, width, height } = u.bbox;
    const [xs] = u.data as unknown as Series;
    ctx.save();
    if (h.expectedHz !== null) {
      const y = Math.round(u.valToPos(h.expectedHz, "y", true)) + 0.5;
      ctx.strokeStyle = p.expected;
      ctx.lineWidth = Math.max(1, devicePixelRatio);
      ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
    }
    ctx.fillStyle = p.gap;
    const w = Math.max(2 * devicePixelRatio, (width * h.step) / HISTORY_SECONDS - devicePixelRatio);
    for (let i = 0; i < h.gap.length; i++) {
      const g = h.gap[i];
      if (g === null || g === undefined) continue;
      const x = u.valToPos(xs[i]!, "x", true);
      const gh = height * (GAP_FLOOR + (1 - GAP_FLOOR) * Math.min(1, g));
      ctx.fillRect(x - w / 2, top + height - gh, w, gh);
    }
    ctx.restore();
  }

}

/** Sparklines on screen: created when first visible (a scrolled-away tile costs nothing). */
const shown = new WeakMap<Element, SparkPlot>();
let observer: IntersectionObserver | undefined;
function visibility(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      // Created once on screen, a sparkline stays: no observing (per frame) from then on.
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        shown.get(e.target)?.setVisible(true);
        observer?.unobserve(e.target);
      }
    },
    { rootMargin: "200px" },
  );
  return observer;
}

function SparklineView({ history, name, level, width, height, rateHz }: SparklineProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<SparkPlot | null>(null);

  useEffect(() => {
    const el = box.current!;
    const p = new SparkPlot(el);
    plot.current = p;
    shown.set(el, p);
    visibility().observe(el);
    p.setHistory(history.get(name));
    const unsubscribe = history.subscribe(name, () => p.setHistory(history.get(name)));
    const unwatchTheme = onPaletteChange(() => p.request());
    return () => {
      unsubscribe();
      unwatchTheme();
      visibility().unobserve(el);
      shown.delete(el);
      p.destroy();
    };
  }, [history, name]);

  useEffect(() => {
    const p = plot.current!;
    p.level = level;
    p.width = width;
    p.height = height;
    p.request();
  }, [level, width, height]);

  useEffect(() => plot.current!.setLive(rateHz), [rateHz]);

  return <div class="tile-spark" ref={box} style={{ height: `${height}px` }} aria-hidden="true" />;
}

export const Sparkline = memo(SparklineView);
