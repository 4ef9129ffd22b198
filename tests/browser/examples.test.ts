// The example flows are a marketer's first sight of Huashu: in Chromium, no node of them covers
// another, and there is room under each node for the data view's badge (about 26 px).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness";

let h: Harness;

/** Vertical room kept between two nodes one above the other: the badge and a margin. */
const MIN_GAP_PX = 40;

interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

beforeAll(async () => {
  // Tall enough for every node to be on screen: the canvas mounts only the visible ones.
  h = await startHarness({ viewport: { width: 2400, height: 4600 } });
  await h.login();
});

afterAll(async () => {
  await h?.close();
});

/** Each node's place on the canvas (flow coordinates, from React Flow's transform) and size. */
async function boxesOf(flowId: string): Promise<Box[]> {
  const { page } = h;
  // From the flow list, so that the nodes waited for below are this flow's, not the previous one's
  // (a hash change keeps the page, and the old canvas, until the new flow has loaded).
  await page.goto(`${h.baseUrl}/#/flows`);
  await page.locator(".react-flow__node").first().waitFor({ state: "detached" });
  await page.goto(`${h.baseUrl}/#/flows/${flowId}`);
  await page.locator(".react-flow__node").first().waitFor();
  // Nodes are placed once measured; wait until every one has its size.
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>(".react-flow__node")].every(
      (el) => el.offsetHeight > 0 && el.style.visibility !== "hidden",
    ),
  );
  return page.locator(".react-flow__node").evaluateAll((els) =>
    els.map((el) => {
      const node = el as HTMLElement;
      const at = /translate\(([-\d.]+)px, ([-\d.]+)px\)/.exec(node.style.transform);
      return {
        id: node.dataset.id ?? "",
        x: Number(at?.[1]),
        y: Number(at?.[2]),
        w: node.offsetWidth,
        h: node.offsetHeight,
      };
    }),
  );
}

/** Pairs of nodes that overlap, or sit closer than MIN_GAP_PX one above the other. */
function crowded(boxes: Box[]): string[] {
  const found: string[] = [];
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const across = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      if (across <= 0) continue;
      const [upper, lower] = a.y <= b.y ? [a, b] : [b, a];
      const gap = lower.y - (upper.y + upper.h);
      if (gap < MIN_GAP_PX) found.push(`${upper.id} → ${lower.id}: ${gap} px`);
    }
  }
  return found;
}

describe("the example flows in Chromium", () => {
  for (const [flowId, count] of [
    ["ecommerce", 20],
    ["complaint", 10],
    ["course", 16],
  ] as const) {
    it(`${flowId}: no node covers another, with room for the data view's badge`, async () => {
      const boxes = await boxesOf(flowId);
      expect(boxes).toHaveLength(count);
      expect(boxes.every((b) => Number.isFinite(b.x) && Number.isFinite(b.y))).toBe(true);
      expect(crowded(boxes)).toEqual([]);
    });
  }
});
