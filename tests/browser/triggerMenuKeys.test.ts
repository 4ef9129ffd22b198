// A flow's menu-click trigger in Chromium, beside the saved custom menu: the key picked from the menu's
// buttons names the button it comes from; a key no button has is a warning with a way to the menu page
// (through the editor's leave guard); no menu at all is one note; a broken menu read is quiet.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MenuDocument } from "../../shared/menu";
import { type Harness, startHarness } from "./harness";

let h: Harness;
let page: Page;

const tid = (id: string) => page.getByTestId(id);
const clickTriggers = () => page.locator("[data-testid=event-trigger][data-event=click]");

const menu: MenuDocument = {
  schemaVersion: 1,
  buttons: [
    { id: "b_shop", name: "商城", type: "view", url: "https://example.com/shop", children: [] },
    {
      id: "b_more",
      name: "更多",
      children: [
        { id: "s_advisor", name: "课程顾问", type: "click", key: "MENU_COURSE" },
        { id: "s_photo", name: "上传作业", type: "pic_photo_or_album", key: "HOMEWORK" },
      ],
    },
    { id: "b_price", name: "价格", type: "click", key: "MENU_PRICE", children: [] },
  ],
};

async function openTriggers(flowId: string): Promise<void> {
  await page.goto(`${h.baseUrl}/#/flows/${flowId}`);
  await page.locator(".react-flow__node").first().waitFor();
  await tid("tab-triggers").click();
  await tid("triggers-panel").waitFor();
}

async function addClickTrigger(): Promise<void> {
  const before = await clickTriggers().count();
  await page.getByLabel("+ 添加事件").selectOption({ label: "菜单点击" });
  await expect.poll(() => clickTriggers().count()).toBe(before + 1);
}

async function optionLabels(trigger = clickTriggers().last()): Promise<string[]> {
  return trigger.getByTestId("click-key-choice").locator("option").allInnerTexts();
}

beforeAll(async () => {
  h = await startHarness({ viewport: { width: 1440, height: 900 } });
  page = h.page;
  page.setDefaultTimeout(8000);
  await h.login();
});

afterAll(async () => {
  await h?.close();
});

describe("a menu click trigger beside the saved custom menu", () => {
  it("without a saved menu says so once, and the key is typed", async () => {
    await openTriggers("ecommerce");
    await addClickTrigger();
    await tid("no-menu-note").waitFor();
    expect(await tid("no-menu-note").innerText()).toContain("尚未设置自定义菜单");
    expect(await tid("click-key-choice").count()).toBe(0);
    await clickTriggers().last().getByTestId("click-key").fill("MENU_ANY");
    // No warning per trigger when there is no menu to be missing from.
    expect(await tid("click-key-missing").count()).toBe(0);
    await h.screenshot("trigger-menu-keys-no-menu");
  });

  it("offers the menu's buttons once it is saved, names the button, warns about a key none has", async () => {
    await h.saveMenu(menu);
    // Back from the menu page's window: the panel reads the menu again.
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
    await expect.poll(() => tid("no-menu-note").count()).toBe(0);

    // The typed key no button has: a warning with the way to the menu page.
    const typed = clickTriggers().first();
    await typed.getByTestId("click-key-missing").waitFor();
    expect(await typed.getByTestId("click-key-missing").innerText()).toContain(
      "自定义菜单里没有事件键为「MENU_ANY」的菜单，粉丝无法点到",
    );
    expect(await typed.getByTestId("click-key-choice").inputValue()).not.toBe("MENU_ANY");
    // Typing on until the key is a button's keeps the field under the cursor, now naming the button.
    await typed.getByTestId("click-key").fill("MENU_PRICE");
    await expect
      .poll(() => typed.getByTestId("click-key-reach").innerText())
      .toBe("菜单「价格」点击时开始此流程");
    expect(await typed.getByTestId("click-key").isVisible()).toBe(true);
    await typed.getByTestId("click-key").fill("MENU_ANY");

    await addClickTrigger();
    const picked = clickTriggers().last();
    // Parents and links are not choices; a photo button is, marked as such.
    expect(await optionLabels(picked)).toEqual([
      "选择菜单…",
      "「更多 › 课程顾问」 · MENU_COURSE",
      "「更多 › 上传作业」 · HOMEWORK（拍照或从相册选）",
      "「价格」 · MENU_PRICE",
      "自定义事件键…",
    ]);
    await picked
      .getByTestId("click-key-choice")
      .selectOption({ label: "「更多 › 课程顾问」 · MENU_COURSE" });
    await expect
      .poll(() => picked.getByTestId("click-key-reach").innerText())
      .toBe("菜单「更多 › 课程顾问」点击时开始此流程");
    expect(await picked.getByTestId("click-key").count()).toBe(0);
    await picked.scrollIntoViewIfNeeded();
    await h.screenshot("trigger-menu-keys-picked");

    // The same in English.
    await page.getByRole("button", { name: "English" }).click();
    await expect
      .poll(() => picked.getByTestId("click-key-reach").innerText())
      .toBe("Starts this flow when the menu button “更多 › 课程顾问” is clicked");
    expect(await typed.getByTestId("click-key-missing").innerText()).toContain(
      "No button of the custom menu has the key “MENU_ANY”",
    );
    await h.screenshot("trigger-menu-keys-en");
    await page.getByRole("button", { name: "中文" }).click();

    // A custom key of one's own: typed, and checked against the menu as it is typed.
    await picked.getByTestId("click-key-choice").selectOption({ label: "自定义事件键…" });
    await picked.getByTestId("click-key").fill("MENU_NOPE");
    await picked.getByTestId("click-key-missing").waitFor();
    expect(await picked.getByTestId("click-key-missing").innerText()).toContain(
      "自定义菜单里没有事件键为「MENU_NOPE」的菜单，粉丝无法点到",
    );
    await picked.getByTestId("click-key").fill("MENU_PRICE");
    await expect
      .poll(() => picked.getByTestId("click-key-reach").innerText())
      .toBe("菜单「价格」点击时开始此流程");
    await picked.getByTestId("click-key").fill("MENU_NOPE");
    await picked.getByTestId("click-key-missing").waitFor();
    await picked.scrollIntoViewIfNeeded();
    await h.screenshot("trigger-menu-keys-missing");

    // The flow has the keys as chosen.
    await expect.poll(() => tid("save-status").getAttribute("data-status")).toMatch(/saved$/);
    const flow = h.readFlowFile("ecommerce") as {
      triggers: Array<{ type: string; event?: string; key?: string }>;
    };
    expect(flow.triggers.filter((tr) => tr.event === "click").map((tr) => tr.key)).toEqual([
      "MENU_ANY",
      "MENU_NOPE",
    ]);
  });

  it("the warning's link opens the menu page, asking first about unsaved changes", async () => {
    const picked = clickTriggers().last();
    await picked.getByTestId("click-key").fill("MENU_NOPE2");
    const link = picked.getByTestId("click-key-missing").getByTestId("open-menu-from-trigger");
    await link.scrollIntoViewIfNeeded();
    await link.click();
    // Unsaved: the editor's leave guard asks; staying keeps the panel.
    const confirm = tid("confirm-dialog");
    await confirm.waitFor();
    await h.animationsSettled();
    await confirm.getByRole("button", { name: "留在此页" }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await tid("triggers-panel").isVisible()).toBe(true);

    await expect.poll(() => tid("save-status").getAttribute("data-status")).toMatch(/saved$/);
    await link.click();
    await tid("menu-page").waitFor();
    expect(page.url()).toContain("#/menu");
  });

  it("without the menu API the panel still works, quietly, with the key typed", async () => {
    await page.route("**/api/menu", (route) =>
      route.fulfill({ status: 500, body: '{"error":{"code":"boom"}}' }),
    );
    await openTriggers("ecommerce");
    // A fresh load, so the panel's first read is the one that fails.
    await page.reload();
    await tid("tab-triggers").click();
    const trigger = clickTriggers().last();
    await trigger.waitFor();
    // The read has failed by the time the panel has its answer; nothing is said about the menu.
    await page.waitForLoadState("networkidle");
    expect(await trigger.getByTestId("click-key").inputValue()).toBe("MENU_NOPE2");
    expect(await tid("click-key-choice").count()).toBe(0);
    expect(await tid("click-key-missing").count()).toBe(0);
    expect(await tid("no-menu-note").count()).toBe(0);
    expect(await page.locator(".toast").count()).toBe(0);
    expect(page.url()).toContain("#/flows/ecommerce");
    await page.unroute("**/api/menu");
  });
});
