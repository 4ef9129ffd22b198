// The data view's words in both languages: badge, breakdown and version labels.
import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import type { NodeFunnel } from "../store";
import { badgeText, breakdownLines, versionLabel } from "./funnelText";

const zh = { canvas: i18n.getFixedT("zh", "canvas"), funnel: i18n.getFixedT("zh", "funnel") };
const en = { canvas: i18n.getFixedT("en", "canvas"), funnel: i18n.getFixedT("en", "funnel") };

const needCounts: NodeFunnel = {
  reached: 1500,
  inProgress: 30,
  completed: 0,
  dropped: 400,
  handedOff: 12,
  errors: 1,
};

describe("badge", () => {
  it("shows reached and dropped with its rate, numbers grouped", () => {
    expect(badgeText(needCounts, zh.canvas, "zh")).toEqual({
      reached: "到达 1,500",
      dropped: "流失 400（27%）",
    });
    expect(badgeText(needCounts, en.canvas, "en")).toEqual({
      reached: "Reached 1,500",
      dropped: "Dropped 400 (27%)",
    });
  });

  it("leaves out the drop-off when nothing was lost at the node", () => {
    expect(badgeText({ ...needCounts, dropped: 0 }, zh.canvas, "zh").dropped).toBeNull();
  });
});

describe("breakdown", () => {
  it("lists every outcome and the runs that moved on", () => {
    expect(breakdownLines(needCounts, zh.canvas, "zh")).toEqual([
      "到达 1,500",
      "进行中 30",
      "完成 0",
      "流失 400（27%）",
      "转人工 12",
      "出错 1",
      "继续下一步 1,057",
    ]);
    expect(breakdownLines(needCounts, en.canvas, "en")).toContain("Moved on 1,057");
  });
});

describe("version label", () => {
  it("names the version and its runs, singular in English for one run", () => {
    expect(versionLabel({ version: 3, runs: 1200 }, zh.funnel, "zh")).toBe("v3（1,200 次会话）");
    expect(versionLabel({ version: 3, runs: 120 }, en.funnel, "en")).toBe("v3 (120 runs)");
    expect(versionLabel({ version: 2, runs: 1 }, en.funnel, "en")).toBe("v2 (1 run)");
  });
});
