// The custom menu's published versions in Chromium: the empty history, a failed load and its retry,
// two publishes listed newest (live) first, version 1 loaded over unsaved edits as one undo step, and
// loaded again and published, so the fake WeChat API receives version 1's menu as version 3.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeWechatApi } from "../../server/wechat/fakeWechatApi";
import type { MenuDocument } from "../../shared/menu";
import { type Harness, startHarnessWithWechatApi } from "./harness";

let h: Harness;
let page: Page;
let wechat: FakeWechatApi;

const tid = (id: string) => page.getByTestId(id);
const dialog = () => tid("menu-history-dialog");
const rows = () => dialog().getByTestId("menu-history-row");
const flat = (texts: string[]) => texts.map((t) => t.replace(/\s+/g, ""));
/** The page's menu bar (the dialog has a phone of its own). */
const draftNames = async () =>
  flat(await page.locator(".menu-stage [data-testid=menu-top-button]").allInnerTexts());

const version1: MenuDocument = {
  schemaVersion: 1,
  buttons: [
    { id: "course", name: "课程咨询", type: "click", key: "COURSE", children: [] },
    {
      id: "more",
      name: "更多",
      children: [
        { id: "site", name: "官网", type: "view", url: "https://example.com/" },
        { id: "help", name: "人工客服", type: "click", key: "HELP" },
        { id: "scan", name: "扫码查真伪", type: "scancode_waitmsg", key: "SCAN" },
      ],
    },
  ],
};
const version2: MenuDocument = {
  schemaVersion: 1,
  buttons: [
    { id: "new", name: "新品上市", type: "click", key: "NEW", children: [] },
    {
      id: "contact",
      name: "联系我们",
      type: "view",
      url: "https://example.com/contact",
      children: [],
    },
  ],
};
const version1ForWechat = {
  button: [
    { type: "click", name: "课程咨询", key: "COURSE" },
    {
      name: "更多",
      sub_button: [
        { type: "view", name: "官网", url: "https://example.com/" },
        { type: "click", name: "人工客服", key: "HELP" },
        { type: "scancode_waitmsg", name: "扫码查真伪", key: "SCAN" },
      ],
    },
  ],
};

/** Saves and publishes a menu through the API, as an earlier session in the editor would have. */
async function publishThroughApi(menu: MenuDocument): Promise<void> {
  const revision = await h.saveMenu(menu);
  const published = await h.context.request.post(`${h.baseUrl}/api/menu/publish`, {
    data: { revision },
  });
  expect(published.ok()).toBe(true);
}

async function openHistory(): Promise<void> {
  await tid("menu-history").click();
  await dialog().waitFor();
  await h.animationsSettled();
}

beforeAll(async () => {
  ({ h, wechat } = await startHarnessWithWechatApi());
  page = h.page;
  page.setDefaultTimeout(8000);
  await h.login();
});

afterAll(async () => {
  await h?.close();
});

describe("custom menu history", () => {
  it("says when nothing was published yet, and offers a retry when the history cannot be loaded", async () => {
    await h.openMenuPage();
    await openHistory();
    await dialog().getByTestId("menu-history-empty").waitFor();
    expect(await dialog().getByTestId("menu-history-empty").innerText()).toContain(
      "还没有发布过菜单",
    );
    await h.screenshot("menu-history-empty");
    await dialog().getByRole("button", { name: "关闭" }).click();
    await expect.poll(() => dialog().count()).toBe(0);

    // The server fails: the dialog says so in place, and 重试 asks again once it answers.
    let failing = true;
    await page.route("**/api/menu/publishes*", (route) =>
      failing
        ? route.fulfill({
            status: 500,
            json: {
              error: { code: "internal", message: { zh: "服务器出错了", en: "Server error" } },
            },
          })
        : route.continue(),
    );
    await openHistory();
    const error = dialog().getByTestId("menu-history-error");
    await error.waitFor();
    expect(await error.innerText()).toContain("历史版本加载失败");
    expect(await error.innerText()).toContain("服务器出错了");
    await h.screenshot("menu-history-error");
    failing = false;
    await error.getByRole("button", { name: "重试" }).click();
    await dialog().getByTestId("menu-history-empty").waitFor();
    await page.unroute("**/api/menu/publishes*");
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog().count()).toBe(0);
  });

  it("lists two publishes, loads version 1 as one undoable edit, and publishes it as version 3", async () => {
    await publishThroughApi(version1);
    await publishThroughApi(version2);
    await h.openMenuPage();
    expect(await draftNames()).toEqual(["新品上市", "联系我们"]);
    expect(await tid("menu-published").innerText()).toContain("已发布第 2 版");

    // An edit not saved yet: the live version no longer matches the draft.
    await page.locator(".menu-stage [data-testid=menu-top-button]").nth(0).click();
    await tid("menu-name").fill("新品");
    await openHistory();
    expect(await rows().count()).toBe(2);
    const [second, first] = [rows().nth(0), rows().nth(1)];
    expect((await second.innerText()).replace(/\s+/g, " ")).toMatch(/^第 2 版 线上 草稿已改动 /);
    expect(await second.innerText()).toContain("「新品上市」「联系我们」");
    expect(await first.innerText()).toContain("第 1 版");
    expect(await first.innerText()).not.toContain("线上");
    expect(await first.getByTestId("menu-history-summary").innerText()).toBe(
      "「课程咨询」「更多（3 个子菜单）」",
    );
    // When: relative and absolute, e.g. 刚刚 · 2026年11月25日 02:10.
    expect(await first.innerText()).toMatch(/刚刚 · \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);

    // The newest is shown first; version 1 on the read-only phone, its sub-menu open, nothing to add.
    const preview = dialog().getByTestId("menu-history-preview");
    expect(await preview.innerText()).toContain("第 2 版的菜单（只读）");
    await first.click();
    expect(await preview.innerText()).toContain("第 1 版的菜单（只读）");
    expect(flat(await preview.getByTestId("menu-top-button").allInnerTexts())).toEqual([
      "课程咨询",
      "≡更多",
    ]);
    expect(await preview.getByTestId("menu-sub-button").allInnerTexts()).toEqual([
      "官网",
      "人工客服",
      "扫码查真伪",
    ]);
    expect(await preview.locator("[data-testid^=menu-add]").count()).toBe(0);
    expect(await dialog().innerText()).toContain("回滚 = 载入到草稿 + 发布到微信");
    await h.screenshot("menu-history");

    // Loading over the unsaved edit asks first; then the draft is version 1, not saved yet.
    await preview.getByTestId("menu-history-load").click();
    const confirm = tid("confirm-dialog");
    await confirm.waitFor();
    await h.animationsSettled();
    expect(await confirm.innerText()).toContain("替换未保存的修改？");
    await h.screenshot("menu-history-confirm");
    await confirm.getByRole("button", { name: "载入第 1 版" }).click();
    await expect.poll(() => dialog().count()).toBe(0);
    expect(await draftNames()).toEqual(["课程咨询", "≡更多"]);
    expect(await tid("save-status").getAttribute("data-status")).toBe("dirty");
    expect(await tid("menu-differs").innerText()).toBe("草稿与已发布的菜单不同");

    // One undo brings the edited draft back.
    await tid("menu-undo").click();
    expect(await draftNames()).toEqual(["新品", "联系我们"]);
    await page.keyboard.press("Control+s");
    await expect.poll(() => tid("save-status").getAttribute("data-status")).toBe("saved");

    // Again, over a saved draft (no question), and publish it with the usual check and confirmation.
    await openHistory();
    await rows().nth(1).click();
    await dialog().getByTestId("menu-history-load").click();
    await expect.poll(() => dialog().count()).toBe(0);
    expect(await tid("confirm-dialog").count()).toBe(0);
    expect(await draftNames()).toEqual(["课程咨询", "≡更多"]);
    await page.locator(".toast-close").click();
    await expect.poll(() => page.locator(".toast").count()).toBe(0);
    await tid("menu-publish").click();
    await tid("confirm-dialog").waitFor();
    await h.animationsSettled();
    await tid("confirm-dialog").getByRole("button", { name: "发布" }).click();
    await expect.poll(() => tid("menu-published").innerText()).toContain("已发布第 3 版");
    expect(wechat.menu()).toEqual(version1ForWechat);
    expect(await tid("menu-differs").count()).toBe(0);

    // Version 3 is live and is version 1's menu; both match the draft, so neither loads again.
    await openHistory();
    expect(await rows().count()).toBe(3);
    expect((await rows().nth(0).innerText()).replace(/\s+/g, " ")).toMatch(
      /^第 3 版 线上 与草稿相同 /,
    );
    expect(await rows().nth(2).getByTestId("menu-history-same").count()).toBe(1);
    expect(await rows().nth(1).getByTestId("menu-history-same").count()).toBe(0);
    const load = dialog().getByTestId("menu-history-load");
    expect(await load.isDisabled()).toBe(true);
    expect(await load.innerText()).toBe("草稿已是这一版");
    await h.screenshot("menu-history-after-rollback");

    // In English: the same list in the other words.
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog().count()).toBe(0);
    await page.getByRole("button", { name: "English" }).click();
    try {
      await openHistory();
      expect(await dialog().locator(".modal-title").innerText()).toBe("Menu history");
      expect((await rows().nth(0).innerText()).replace(/\s+/g, " ")).toMatch(
        /^Version 3 Live Same as draft just now · .+ “课程咨询”, “更多 \(3 sub-buttons\)”$/,
      );
      await rows().nth(1).click();
      expect(await dialog().getByTestId("menu-history-load").innerText()).toBe("Load into draft");
      await h.screenshot("menu-history-english");
    } finally {
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "中文" }).click();
    }
  });
});
