// minimapGeometry: blocks per colour, framing and shade of the minimap for a view.
import type { InternalNode } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import { kindColors } from "./kinds";
import { MINIMAP_HEIGHT, MINIMAP_WIDTH, minimapBlocks, minimapFrame } from "./minimapGeometry";

function node(id: string, type: string, x: number, y: number, hidden = false): InternalNode {
  return {
    id,
    type,
    hidden,
    position: { x, y },
    data: {},
    measured: { width: 260, height: 120 },
    internals: { positionAbsolute: { x, y }, z: 0, userNode: { id, position: { x, y }, data: {} } },
  } as InternalNode;
}

describe("minimapBlocks", () => {
  it("draws one path per kind colour and bounds every shown node", () => {
    const blocks = minimapBlocks([
      node("a", "message", 0, 0),
      node("b", "question", 400, 300),
      node("c", "message", -100, 600),
      node("d", "message", 5000, 5000, true),
    ]);
    expect(blocks.paths.map((p) => p.color).sort()).toEqual(
      [kindColors.message, kindColors.question].sort(),
    );
    const message = blocks.paths.find((p) => p.color === kindColors.message);
    // Two rounded blocks, each one closed subpath; the hidden node is left out.
    expect(message?.d.match(/z/g)).toHaveLength(2);
    expect(blocks.bounds).toEqual({ x: -100, y: 0, width: 760, height: 720 });
  });

  it("has nothing to draw for an empty flow", () => {
    expect(minimapBlocks([])).toEqual({ paths: [], bounds: null });
  });
});

describe("minimapFrame", () => {
  const view = {
    transform: [-100, -50, 0.5] as [number, number, number],
    width: 1440,
    height: 900,
  };

  it("cuts the visible area out of the shade", () => {
    const { mask } = minimapFrame(view, { x: 0, y: 0, width: 10_000, height: 4_000 });
    // At zoom 0.5 the 1440×900 canvas shows 2880×1800 flow pixels starting at (200, 100).
    expect(mask).toContain("M200,100h2880v1800h-2880z");
  });

  it("frames both the nodes and the visible area, with the minimap's proportions", () => {
    const { viewBox, pixel } = minimapFrame(view, { x: 5_000, y: 0, width: 10_000, height: 4_000 });
    const [x, y, width, height] = viewBox.split(" ").map(Number) as [
      number,
      number,
      number,
      number,
    ];
    expect(x).toBeLessThan(200);
    expect(x + width).toBeGreaterThan(15_000);
    expect(y).toBeLessThan(0);
    expect(y + height).toBeGreaterThan(4_000);
    expect(width / height).toBeCloseTo(MINIMAP_WIDTH / MINIMAP_HEIGHT, 1);
    // Dragging one minimap pixel moves the view by `pixel` flow pixels: the whole box fits.
    expect(pixel * MINIMAP_WIDTH).toBeGreaterThanOrEqual(width - 1e-6);
    expect(pixel * MINIMAP_HEIGHT).toBeGreaterThanOrEqual(height - 1e-6);
  });

  it("shows just the view of an empty flow", () => {
    const { mask, pixel } = minimapFrame(view, null);
    expect(mask).toContain("M200,100h2880v1800h-2880z");
    expect(pixel).toBeGreaterThan(2880 / MINIMAP_WIDTH);
  });
});
