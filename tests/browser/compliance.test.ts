// Promotional content in a real Chromium: tick 推广内容 on a message node, see the 广告 badge on the
// canvas and 【广告】 in the preview, then as a follower tagged 未成年 at night see the grey skip line.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, type Harness, startHarness } from "./harness";

let h: Harness;
let page: Page;

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"] .hs-node`);
const accountBubbles = () => page.locator("[data-testid=wx-account]");

const promoFlow = {
  schemaVersion: 1,
  id: "promo",
  name: "双十一活动",
  startNodeId: "sale",
  triggers: [{ id: "t_sale", type: "keyword", match: "exact", pattern: "活动", action: "start" }],
  nodes: [
    {
      id: "sale",
      kind: "message",
      label: "活动推送",
      position: { x: 0, y: 0 },
      messages: [
        { type: "text", text: "双十一全场五折，今晚 12 点截止！" },
        {
          type: "news",
          articles: [
            { title: "新品上市", description: "轻羽跑鞋", url: "https://example.com/new" },
          ],
        },
      ],
    },
    {
      id: "ask",
      kind: "message",
      label: "结束语",
      position: { x: 0, y: 260 },
      messages: [{ type: "text", text: "还有什么可以帮您？回复“人工”联系客服。" }],
    },
  ],
  edges: [{ id: "e1", source: "sale", sourceHandle: "next", target: "ask" }],
};

async function say(text: string): Promise<void> {
  const before = await page.locator("[data-testid=wx-follower]").count();
  await page.locator("[data-testid=wx-input]").fill(text);
  await page.locator("[data-testid=wx-input]").press("Enter");
  await expect.poll(() => page.locator("[data-testid=wx-follower]").count()).toBe(before + 1);
}

/** Sets the simulated clock; the browser is in China's time zone, as the flow is (UTC+8). */
async function setClock(hhmm: string): Promise<void> {
  await page.locator("[data-testid=sim-clock]").fill(`2025-03-10T${hhmm}`);
}

beforeAll(async () => {
  h = await startHarness({ timezoneId: "Asia/Shanghai" });
  page = h.page;
  page.setDefaultTimeout(8000);
  await page.goto(`${h.baseUrl}/`);
  await page.locator("input[type=password]").fill(ADMIN_PASSWORD);
  await page.locator("button[type=submit]").click();
  await page.locator("[data-testid=flow-row]").first().waitFor();
});

afterAll(async () => {
  await h?.close();
});

describe("promotional content", () => {
  it("labels the preview 【广告】 once ticked, and skips it for a minor at night with a grey note", async () => {
    h.writeFlowFile("promo", promoFlow);
    await page.goto(`${h.baseUrl}/#/flows/promo`);
    await node("sale").waitFor();
    expect(await node("sale").locator(".hs-badge-ad").count()).toBe(0);

    await node("sale").click();
    const toggle = page.locator("[data-testid=promotional-toggle]");
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await expect.poll(() => node("sale").locator(".hs-badge-ad").textContent()).toBe("广告");
    // The byte counter measures the text as sent, label included (12 bytes).
    const text = "双十一全场五折，今晚 12 点截止！";
    expect(await page.locator("[data-testid=byte-counter]").first().textContent()).toContain(
      `已用 ${Buffer.byteLength(`【广告】${text}`)} / 2048 字节`,
    );
    await h.screenshot("compliance-inspector");

    await page.locator("[data-testid=tab-preview]").click();
    await page.locator("[data-testid=wx-phone]").waitFor();
    await setClock("21:59");
    await say("活动");
    await expect.poll(() => accountBubbles().count()).toBe(3);
    expect(await accountBubbles().nth(2).textContent()).not.toContain("广告");
    expect(await accountBubbles().nth(0).textContent()).toContain("【广告】双十一全场五折");
    expect(await accountBubbles().nth(1).textContent()).toContain("【广告】新品上市");

    // A follower the marketer tags 未成年, at 22:00 China time: nothing promotional, the flow goes on.
    await page.locator("[data-testid=sim-tag-input]").fill("未成年");
    await page.locator("[data-testid=sim-tag-input]").press("Enter");
    await setClock("22:00");
    await say("活动");
    await expect.poll(() => accountBubbles().count()).toBe(4);
    expect(await accountBubbles().nth(3).textContent()).toContain("还有什么可以帮您？");
    const skip = page.locator(".wx-system-withheld");
    expect(await skip.count()).toBe(1);
    expect(await skip.textContent()).toBe("夜间不向未成年粉丝发送推广内容，已跳过");
    expect(await skip.evaluate((el) => getComputedStyle(el.querySelector("span")!).color)).not.toBe(
      "rgb(0, 0, 0)",
    );
    await h.screenshot("compliance-night-skip");
    await h.screenshot("compliance-night-skip-phone", page.locator("[data-testid=wx-phone]"));
  });

  it("saves the mark as promotional: true, and unticked leaves no trace in the file", async () => {
    const saved = async () => {
      await page.keyboard.press("Control+s");
      await page.waitForFunction(
        () =>
          document.querySelector("[data-testid=save-status]")?.getAttribute("data-status") ===
          "saved",
      );
      return JSON.stringify(h.readFlowFile("promo"));
    };
    await page.locator("[data-testid=tab-inspector]").click();
    await node("sale").click();
    expect(await saved()).toContain('"promotional":true');
    await page.locator("[data-testid=promotional-toggle]").uncheck();
    await expect.poll(() => node("sale").locator(".hs-badge-ad").count()).toBe(0);
    expect(await saved()).not.toContain("promotional");
  });
});
