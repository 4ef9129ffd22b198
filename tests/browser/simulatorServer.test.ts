// The simulator's server mode in Chromium, against a server with WeChat configured: the published
// flow answers through the server's own /wechat, as a follower would get it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LONG_NOTE_ANSWER, longNoteFlow } from "../fixtures/longNote";
import { type Harness, startHarness } from "./harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { WECHAT_TOKEN: "browserTestToken" } });
  h.page.setDefaultTimeout(8000);
  h.writeFlowFile("long_note", longNoteFlow());
  await h.login();
  const published = await h.context.request.post(`${h.baseUrl}/api/flows/long_note/publish`, {
    data: {},
  });
  if (!published.ok()) throw new Error(`publish failed: HTTP ${published.status()}`);
});

afterAll(async () => {
  await h?.close();
});

describe("simulator through the server", () => {
  it("notes the pieces of a long text the server split, the passive one included", async () => {
    const { page } = h;
    const bubbles = () => page.locator("[data-testid=wx-account]");
    const say = async (text: string, expected: number) => {
      await page.locator("[data-testid=wx-input]").fill(text);
      await page.locator("[data-testid=wx-input]").press("Enter");
      await expect.poll(() => bubbles().count()).toBe(expected);
    };
    await page.goto(`${h.baseUrl}/#/flows/long_note`);
    await page.locator(".react-flow__node").first().waitFor();
    await page.locator("[data-testid=tab-preview]").click();
    await page.locator("[data-testid=wx-phone]").waitFor();
    await page.locator("[data-testid=sim-mode-server]").check();

    await say("留言", 1);
    await say(LONG_NOTE_ANSWER, 3);
    expect(await page.locator("[data-testid=wx-split-note]").allTextContents()).toEqual([
      "超过微信 2048 字节上限，已分为 2 条发送",
      "续上条 · 第 2/2 条",
    ]);
    expect(await bubbles().nth(2).locator(".wx-text").textContent()).toMatch(/^您的留言：我想反馈/);
    // No warning: the server answered from the published version.
    expect(await page.locator("[data-testid=wx-system]").allTextContents()).not.toContainEqual(
      expect.stringContaining("尚未发布"),
    );
    await h.screenshot("simulator-server-split-long-text", page.locator("[data-testid=wx-phone]"));
  });
});
