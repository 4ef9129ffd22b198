// The canvas in a real Chromium: the minimap pans and zooms the view, the dotted background follows a
// pan, and the view is painted at its real zoom again once it stops moving (sharp text).

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness";

let h: Harness;
let page: Page;

interface View {
  x: number;
  y: number;
  zoom: number;
}

async function view(): Promise<View> {
  const transform = await page
    .locator(".react-flow__viewport")
    .evaluate((el) => (el as HTMLElement).style.transform);
  const [x = 0, y = 0, zoom = 1] = (transform.match(/-?[\d.]+(e-?\d+)?/g) ?? []).map(Number);
  return { x, y, zoom };
}

/** Waits until the viewport's transform stops changing (glides take ~300 ms). */
async function settled(): Promise<View> {
  let previous = await view();
  for (let i = 0; i < 20; i += 1) {
    await page.waitForTimeout(150);
    const now = await view();
    if (now.x === previous.x && now.y === previous.y && now.zoom === previous.zoom) return now;
    previous = now;
  }
  return previous;
}

async function press(from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  await h.login();
  await page.goto(`${h.baseUrl}/#/flows/ecommerce`);
  await page.locator(".react-flow__node").first().waitFor();
  await settled();
});

afterAll(async () => {
  await h?.close();
});

describe("canvas in Chromium", () => {
  it("shows every node in the minimap and moves the view when its frame is dragged", async () => {
    const minimap = page.getByRole("img", { name: "缩略图" });
    expect(await minimap.count()).toBe(1);
    // One block path per kind colour present in the flow.
    expect(await page.locator(".hs-minimap-blocks path").count()).toBeGreaterThan(1);

    const box = await page.locator("[data-testid=rf__minimap]").boundingBox();
    if (!box) throw new Error("no minimap");
    const before = await settled();
    const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await press(from, { x: from.x + 20, y: from.y + 12 });
    const after = await settled();
    // Dragging the frame right and down shows what lies right and below: the content moves left, up.
    expect(after.x).toBeLessThan(before.x);
    expect(after.y).toBeLessThan(before.y);
    expect(after.zoom).toBe(before.zoom);
    await h.screenshot("canvas-minimap-dragged");
  });

  it("zooms the view with the wheel over the minimap", async () => {
    const box = await page.locator("[data-testid=rf__minimap]").boundingBox();
    if (!box) throw new Error("no minimap");
    const before = await settled();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    const after = await settled();
    expect(after.zoom).toBeGreaterThan(before.zoom);
  });

  it("moves the dots with a pan and drops the moving layer once the view stops", async () => {
    const empty = await page.evaluate(() => {
      for (let y = 140; y < 760; y += 29) {
        for (let x = 300; x < 1100; x += 31) {
          if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane")) {
            return { x, y };
          }
        }
      }
      return null;
    });
    if (!empty) throw new Error("no empty spot on the canvas to pan from");
    const dots = () =>
      page
        .locator(".hs-dots-layer")
        .evaluate((el) => (el as unknown as SVGElement).style.transform);
    const dotsBefore = await dots();
    const before = await settled();
    await press(empty, { x: empty.x - 47, y: empty.y - 31 });
    const after = await settled();
    expect(after.x).toBeCloseTo(before.x - 47, 0);
    expect(after.y).toBeCloseTo(before.y - 31, 0);
    expect(await dots()).not.toBe(dotsBefore);
    // At rest the nodes are painted at the current zoom, not scaled from a layer rastered earlier.
    const willChange = await page
      .locator(".react-flow__viewport")
      .evaluate((el) => getComputedStyle(el).willChange);
    expect(willChange).toBe("auto");
  });
});
