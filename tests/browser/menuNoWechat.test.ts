// The custom menu on a server without WeChat credentials (no WECHAT_APP_ID or WECHAT_APP_SECRET): the
// page loads, the menu is edited and saved, and 发布到微信 stays disabled, naming the missing settings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness";

let h: Harness;
let page: Page;

const tid = (id: string) => page.getByTestId(id);
const notConfigured = "服务器未配置 WECHAT_APP_ID 和 WECHAT_APP_SECRET，无法发布";

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  page.setDefaultTimeout(8000);
  await h.login();
});

afterAll(async () => {
  await h?.close();
});

describe("custom menu without WeChat credentials", () => {
  it("edits and saves the menu, and says which settings publishing needs", async () => {
    const state = await (await h.context.request.get(`${h.baseUrl}/api/menu`)).json();
    expect(state.wechat).toEqual({ configured: false });

    await page.goto(`${h.baseUrl}/#/flows`);
    await tid("open-menu").click();
    await tid("menu-page").waitFor();
    await tid("menu-add-button").click();
    await tid("menu-name").fill("联系我们");
    await tid("menu-type").selectOption({ label: "跳转网页" });
    await tid("menu-url").fill("https://example.com/contact");
    expect(await tid("menu-problems-none").innerText()).toContain("没有问题，可以发布。");

    await page.keyboard.press("Control+s");
    await expect.poll(() => tid("save-status").getAttribute("data-status")).toBe("saved");
    const file = JSON.parse(readFileSync(join(h.flowsDir, "wechat.menu.json"), "utf8"));
    expect(file.buttons.map((b: { name: string }) => b.name)).toEqual(["联系我们"]);

    // No errors in the menu: the one reason left is the server's missing settings.
    expect(await tid("menu-publish").isDisabled()).toBe(true);
    expect(await tid("menu-publish-why").innerText()).toBe(notConfigured);
    expect(await tid("menu-publish").getAttribute("title")).toBe(notConfigured);
    expect(await tid("menu-published").innerText()).toBe("尚未发布到微信");
    await h.screenshot("menu-no-wechat");

    // The saved menu is there after a reload, still not publishable.
    await page.reload();
    await tid("menu-page").waitFor();
    expect(await tid("menu-top-button").allInnerTexts()).toEqual(["联系我们"]);
    expect(await tid("menu-publish-why").innerText()).toBe(notConfigured);

    // In English too.
    await page.getByRole("button", { name: "English" }).click();
    try {
      await expect
        .poll(() => tid("menu-publish-why").innerText())
        .toBe("The server has no WECHAT_APP_ID and WECHAT_APP_SECRET, so it cannot publish");
    } finally {
      await page.getByRole("button", { name: "中文" }).click();
    }
  });
});
