// Splits a Chromium performance trace of a gesture into the work each displayed frame cost, per thread.

/** The fields of a Chrome trace event this reads (the JSON of `browser.stopTracing()`). */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: {
    name?: string;
    data?: { type?: string };
    chrome_mojo_event_info?: { mojo_interface_tag?: string };
  };
}

/** Milliseconds per frame; `main` is split the way DevTools' Performance panel groups it. */
export interface FrameCost {
  /** The page's own main-thread work (everything below but `devtools`). */
  main: number;
  script: number;
  styleLayout: number;
  paint: number;
  /** Input hit tests, task scheduling, IPC: main-thread time in none of the groups above. */
  other: number;
  /**
   * Main-thread time handling DevTools protocol messages: the benchmark's own mouse moves and the
   * tracing, not the page. Left out of `main`.
   */
  devtools: number;
  /** Rasterising painted content into tiles (worker threads of the page's renderer). */
  raster: number;
  /** The display compositor drawing and swapping the frame (software: every pixel, every frame). */
  compositor: number;
}

/** Trace categories `frameCost` needs. */
export const TRACE_CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "toplevel",
  "blink",
  "cc",
  "viz",
];

type Group = "script" | "styleLayout" | "paint" | "devtools";

const groups: Record<string, Group> = {
  FunctionCall: "script",
  EventDispatch: "script",
  FireAnimationFrame: "script",
  TimerFire: "script",
  RunMicrotasks: "script",
  EvaluateScript: "script",
  MinorGC: "script",
  MajorGC: "script",
  UpdateLayoutTree: "styleLayout",
  Layout: "styleLayout",
  PrePaint: "paint",
  Paint: "paint",
  Layerize: "paint",
  UpdateLayer: "paint",
  Commit: "paint",
};

const TASK = "ThreadControllerImpl::RunTask";

/** Total length of the union of [start, end) intervals, in µs. */
function covered(spans: [number, number][]): number {
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/**
 * Work during the gesture (first mousedown to last mouseup in the trace) divided by `frames`, the
 * number of frames the page saw. The page's renderer is the one whose main thread dispatched the
 * mouse events.
 */
export function frameCost(events: TraceEvent[], frames: number): FrameCost | null {
  const threadNames = new Map<string, string>();
  for (const e of events) {
    if (e.ph === "M" && e.name === "thread_name" && e.args?.name) {
      threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
    }
  }
  const mouse = events.filter((e) => e.name === "EventDispatch" && e.args?.data?.type);
  const down = mouse.find((e) => e.args?.data?.type === "mousedown");
  const up = mouse.findLast((e) => e.args?.data?.type === "mouseup");
  if (!down || !up || frames <= 0) return null;
  const from = down.ts;
  const to = up.ts + (up.dur ?? 0);
  const inGesture = events.filter(
    (e) => e.ph === "X" && e.dur !== undefined && e.ts >= from && e.ts + (e.dur ?? 0) <= to,
  );
  const renderer = down.pid;
  const mainThread = `${renderer}:${down.tid}`;

  // Main thread: busy = union of top-level tasks; each group gets the self time of its events,
  // with untracked children (hit tests, V8 internals) counted towards the nearest tracked parent.
  const mainEvents = inGesture
    .filter((e) => `${e.pid}:${e.tid}` === mainThread)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const busy = covered(
    mainEvents.filter((e) => e.name === TASK).map((e) => [e.ts, e.ts + (e.dur ?? 0)]),
  );
  const split: Record<Group, number> = { script: 0, styleLayout: 0, paint: 0, devtools: 0 };
  const stack: { end: number; group?: Group }[] = [];
  for (const e of mainEvents) {
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= e.ts) stack.pop();
    const own =
      e.name === "Receive mojo message" &&
      e.args?.chrome_mojo_event_info?.mojo_interface_tag === "blink.mojom.DevToolsSession"
        ? "devtools"
        : groups[e.name];
    const parent = stack.at(-1)?.group;
    const end = e.ts + (e.dur ?? 0);
    // A tracked event inside another tracked event of a different group moves its time over.
    if (own && parent && own !== parent) {
      split[parent] -= e.dur ?? 0;
      split[own] += e.dur ?? 0;
    } else if (own && !parent) {
      split[own] += e.dur ?? 0;
    }
    stack.push({ end, group: own ?? parent });
  }

  const raster = inGesture
    .filter((e) => e.pid === renderer && e.name === "RasterTask")
    .reduce((sum, e) => sum + (e.dur ?? 0), 0);
  const vizThreads = new Set(
    [...threadNames].filter(([, name]) => name === "VizCompositorThread").map(([key]) => key),
  );
  const compositor = covered(
    inGesture
      .filter((e) => e.name === TASK && vizThreads.has(`${e.pid}:${e.tid}`))
      .map((e) => [e.ts, e.ts + (e.dur ?? 0)]),
  );
  const perFrame = (us: number) => us / 1000 / frames;
  const grouped = split.script + split.styleLayout + split.paint + split.devtools;
  return {
    main: perFrame(busy - split.devtools),
    script: perFrame(split.script),
    styleLayout: perFrame(split.styleLayout),
    paint: perFrame(split.paint),
    other: perFrame(Math.max(0, busy - grouped)),
    devtools: perFrame(split.devtools),
    raster: perFrame(raster),
    compositor: perFrame(compositor),
  };
}
