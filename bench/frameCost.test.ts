// frameCost on a hand-made trace (bench/ is outside the project's vitest include: run it with a config that adds bench/**).
import { describe, expect, it } from "vitest";
import { frameCost, type TraceEvent } from "./frameCost";

const R = 10; // renderer pid
const MAIN = 1;
const RASTER = 2;
const VIZ_PID = 20;
const VIZ = 3;

function x(name: string, ts: number, dur: number, tid = MAIN, pid = R, args?: TraceEvent["args"]) {
  return { name, ph: "X", pid, tid, ts, dur, args } as TraceEvent;
}
const task = (ts: number, dur: number, tid = MAIN, pid = R) =>
  x("ThreadControllerImpl::RunTask", ts, dur, tid, pid);
const mouse = (type: string, ts: number) =>
  x("EventDispatch", ts, 100, MAIN, R, { data: { type } });

const events: TraceEvent[] = [
  {
    name: "thread_name",
    ph: "M",
    pid: VIZ_PID,
    tid: VIZ,
    ts: 0,
    args: { name: "VizCompositorThread" },
  },
  task(0, 200),
  mouse("mousedown", 50),
  // Frame work: 2 ms script with a 0.5 ms forced layout inside, 1 ms paint, 1 ms hit test.
  task(1_000, 5_000),
  x("FunctionCall", 1_000, 2_000),
  x("Layout", 1_500, 500),
  x("Paint", 3_000, 1_000),
  x("HitTest", 4_000, 1_000),
  // The bench's own DevTools message: 1 ms, not the page's work.
  task(7_000, 1_000),
  x("Receive mojo message", 7_000, 1_000, MAIN, R, {
    chrome_mojo_event_info: { mojo_interface_tag: "blink.mojom.DevToolsSession" },
  }),
  x("RasterTask", 2_000, 3_000, RASTER),
  task(2_000, 4_000, VIZ, VIZ_PID),
  mouse("mouseup", 9_000),
  // After the gesture: ignored.
  task(20_000, 9_000),
  x("RasterTask", 20_000, 9_000, RASTER),
];

describe("frameCost", () => {
  it("splits the gesture's work per frame by thread and kind", () => {
    const cost = frameCost(events, 2);
    expect(cost).not.toBeNull();
    if (!cost) return;
    // 1.5 ms of script outside the forced layout, plus the two 0.1 ms mouse dispatches, over 2 frames.
    expect(cost.script).toBeCloseTo(0.85, 5);
    expect(cost.styleLayout).toBeCloseTo(0.25, 5);
    expect(cost.paint).toBeCloseTo(0.5, 5);
    expect(cost.devtools).toBeCloseTo(0.5, 5);
    expect(cost.raster).toBeCloseTo(1.5, 5);
    expect(cost.compositor).toBeCloseTo(2, 5);
    // Busy 6 ms in tasks inside the gesture, minus the DevTools message: 2.5 ms per frame.
    expect(cost.main).toBeCloseTo(2.5, 5);
    expect(cost.main).toBeCloseTo(cost.script + cost.styleLayout + cost.paint + cost.other, 5);
  });

  it("gives up without a complete gesture in the trace", () => {
    expect(
      frameCost(
        events.filter((e) => e.args?.data?.type !== "mouseup"),
        2,
      ),
    ).toBeNull();
    expect(frameCost(events, 0)).toBeNull();
  });
});
