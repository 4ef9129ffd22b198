// The custom menu (自定义菜单) in Chromium, clicked as a marketer would: build a two-level menu, see a
// name that is too long counted and blocking publish, fix it, undo and redo, save and find it after a
// reload, publish to a fake WeChat API and read what it received, a refusal in words, both languages,
// the leave guard and an edit made elsewhere.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeWechatApi } from "../../server/wechat/fakeWechatApi";
import { type Harness, startHarnessWithWechatApi } from "./harness";

let h: Harness;
let page: Page;
let wechat: FakeWechatApi;

const tid = (id: string) => page.getByTestId(id);
const topButtons = () => tid("menu-top-button");
const subButtons = () => tid("menu-sub-button");
/** The menu bar as the follower reads it; ≡ marks a button that opens sub-buttons. */
const topNames = async () => (await topButtons().allInnerTexts()).map((t) => t.replace(/\s+/g, ""));
const problemTexts = async () =>
  (await tid("menu-problem").allInnerTexts()).map((t) => t.replace(/\s+/g, " "));

function menuFile(): { buttons: Array<{ name: string; children: Array<{ name: string }> }> } {
  return JSON.parse(readFileSync(join(h.flowsDir, "wechat.menu.json"), "utf8"));
}

beforeAll(async () => {
  ({ h, wechat } = await startHarnessWithWechatApi());
  page = h.page;
  page.setDefaultTimeout(8000);
  await h.login();
  // 课程咨询 answers the menu click MENU_COURSE once it is published.
  const published = await h.context.request.post(`${h.baseUrl}/api/flows/course/publish`, {
    data: {},
  });
  expect(published.ok()).toBe(true);
});

afterAll(async () => {
  await h?.close();
});

describe("custom menu editor", () => {
  it("builds a two-level menu, counts bytes, blocks publish with its reason, undoes and saves", async () => {
    await h.openMenuPage();
    // An empty menu cannot be published, and the button says why.
    await expect.poll(() => tid("menu-publish").isDisabled()).toBe(true);
    expect(await tid("menu-publish-why").innerText()).toBe("有 1 个错误，修正后才能发布");
    expect(await problemTexts()).toEqual(["错误 菜单为空 菜单至少要有一个一级菜单。"]);

    // First button: starts the course flow, picked by the flow's name.
    await tid("menu-add-button").click();
    await tid("menu-name").fill("课程咨询");
    expect(await tid("menu-name-bytes").innerText()).toBe("12/16 字节");
    const options = await tid("menu-click-key").locator("option").allInnerTexts();
    expect(options).toContain("课程咨询 · MENU_COURSE");
    expect(options).toContain("自定义事件键…");
    await tid("menu-click-key").selectOption({ label: "课程咨询 · MENU_COURSE" });
    await expect
      .poll(() => page.getByText("粉丝点击后，带有这个事件键的流程开始对话。").count())
      .toBe(1);

    // Second button with two sub-buttons: a web page and a scan that waits for the reply.
    await tid("menu-add-button").click();
    await tid("menu-name").fill("更多服务与帮助");
    // A key of one's own, that no published flow answers: a warning, which does not block.
    await tid("menu-click-key").selectOption({ label: "自定义事件键…" });
    await tid("menu-key").fill("MORE");
    expect(await problemTexts()).toContainEqual(expect.stringContaining("提醒 没有流程响应此菜单"));
    await tid("menu-add-child").click();
    await tid("menu-name").fill("官网");
    await tid("menu-type").selectOption({ label: "跳转网页" });
    await tid("menu-url").fill("https://example.com/");
    await tid("menu-add-child").click();
    await tid("menu-name").fill("扫码查真伪");
    await tid("menu-type").selectOption({ label: "扫一扫并等待回复" });
    await tid("menu-key").fill("SCAN_CHECK");
    expect(await subButtons().allInnerTexts()).toEqual(["官网", "扫码查真伪"]);

    // The parent's name is 21 bytes: the counter, the problem and the publish button all say so.
    await topButtons().nth(1).click();
    expect(await tid("menu-name-bytes").innerText()).toBe("21/16 字节");
    expect(await tid("menu-name-bytes").getAttribute("class")).toContain("over");
    expect(await tid("menu-parent-note").innerText()).toContain(
      "这个菜单有子菜单：粉丝点击它只会展开子菜单。",
    );
    expect(await tid("menu-kept-action").innerText()).toBe(
      "原来设置的动作「开始流程（点击事件）」已保留但不会使用；删除全部子菜单后恢复。",
    );
    expect(await problemTexts()).toEqual([
      "错误 菜单名称过长 菜单「更多服务与帮助」的名称有 21 字节，一级菜单最多 16 字节（约 5 个汉字）。",
    ]);
    expect(await tid("menu-publish").isDisabled()).toBe(true);
    expect(await tid("menu-publish-why").innerText()).toBe("有 1 个错误，修正后才能发布");
    await h.screenshot("menu-name-too-long");

    // The problem takes the marketer to the name; a shorter one clears it.
    await topButtons().nth(0).click();
    await tid("menu-problem").click();
    await expect.poll(() => tid("menu-name").inputValue()).toBe("更多服务与帮助");
    expect(await tid("menu-name").evaluate((el) => el === document.activeElement)).toBe(true);
    await tid("menu-name").fill("更多");
    expect(await tid("menu-name-bytes").innerText()).toBe("6/16 字节");
    expect(await tid("menu-problems-none").innerText()).toContain("没有问题，可以发布。");
    expect(await tid("menu-publish").isEnabled()).toBe(true);
    await expect.poll(() => tid("menu-publish-why").count()).toBe(0);

    // Undo brings the long name back (and the block), redo fixes it again; keys and buttons alike.
    await page.keyboard.press("Control+z");
    expect(await tid("menu-name").inputValue()).toBe("更多服务与帮助");
    expect(await tid("menu-publish").isDisabled()).toBe(true);
    await page.keyboard.press("Control+Shift+z");
    expect(await tid("menu-name").inputValue()).toBe("更多");
    await tid("menu-undo").click();
    expect(await topButtons().nth(1).innerText()).toContain("更多服务与帮助");
    await tid("menu-redo").click();
    expect(await topNames()).toEqual(["课程咨询", "≡更多"]);

    // Ctrl+S saves; the file holds the menu and a reload shows it again.
    await page.keyboard.press("Control+s");
    await expect.poll(() => tid("save-status").getAttribute("data-status")).toBe("saved");
    const saved = menuFile();
    expect(saved.buttons.map((b) => [b.name, ...b.children.map((c) => c.name)])).toEqual([
      ["课程咨询"],
      ["更多", "官网", "扫码查真伪"],
    ]);
    await page.reload();
    await tid("menu-page").waitFor();
    expect(await topNames()).toEqual(["课程咨询", "≡更多"]);
    expect(await tid("menu-published").innerText()).toBe("尚未发布到微信");
  });

  it("publishes to WeChat after a confirmation, and shows WeChat's refusal in words", async () => {
    await h.openMenuPage();
    await topButtons().nth(1).click();
    await h.screenshot("menu-ready");
    await tid("menu-publish").click();
    const confirm = tid("confirm-dialog");
    await h.animationsSettled();
    await h.screenshot("menu-publish-confirm");
    expect(await confirm.innerText()).toContain("5 分钟");
    await confirm.getByRole("button", { name: "发布" }).click();
    await expect.poll(() => tid("menu-published").innerText()).toContain("已发布第 1 版");
    expect(wechat.menu()).toEqual({
      button: [
        { type: "click", name: "课程咨询", key: "MENU_COURSE" },
        {
          name: "更多",
          sub_button: [
            { type: "view", name: "官网", url: "https://example.com/" },
            { type: "scancode_waitmsg", name: "扫码查真伪", key: "SCAN_CHECK" },
          ],
        },
      ],
    });
    // The picture for the README: the toast dismissed, a sub-button's form open.
    await page.locator(".toast-close").click();
    await expect.poll(() => page.locator(".toast").count()).toBe(0);
    await subButtons().nth(1).click();
    await h.screenshot("menu-published");

    // An edit after publishing: the header says the draft is not what followers see.
    await subButtons().nth(0).click();
    await tid("menu-name").fill("官方网站");
    await expect.poll(() => tid("menu-differs").count()).toBe(1);
    expect(await tid("menu-differs").innerText()).toBe("草稿与已发布的菜单不同");

    // WeChat refuses (an unverified account has no menu API): said on the page, nothing recorded.
    wechat.failNext("/cgi-bin/menu/create", 48001);
    await tid("menu-publish").click();
    await tid("confirm-dialog").getByRole("button", { name: "发布" }).click();
    const failure = tid("menu-publish-failure");
    await failure.waitFor();
    expect(await failure.innerText()).toContain("菜单没有发布");
    expect(await failure.innerText()).toContain("48001");
    expect(await tid("menu-published").innerText()).toContain("已发布第 1 版");
    expect((wechat.menu() as { button: Array<{ sub_button?: unknown[] }> }).button[1]).toEqual({
      name: "更多",
      sub_button: [
        { type: "view", name: "官网", url: "https://example.com/" },
        { type: "scancode_waitmsg", name: "扫码查真伪", key: "SCAN_CHECK" },
      ],
    });
    await h.screenshot("menu-refused");
    await failure.getByRole("button", { name: "知道了" }).click();
    await expect.poll(() => failure.count()).toBe(0);
  });

  it("speaks English when switched", async () => {
    await h.openMenuPage();
    await page.getByRole("button", { name: "English" }).click();
    try {
      await expect.poll(() => page.locator(".menu-title").innerText()).toBe("Custom menu");
      await topButtons().nth(1).click();
      await subButtons().nth(0).click();
      expect(await tid("menu-name-bytes").innerText()).toMatch(/^\d+\/60 bytes$/);
      expect(await tid("menu-type").locator("option:checked").innerText()).toBe("Open a web page");
      await topButtons().nth(0).click();
      await tid("menu-name").fill("Course consulting");
      expect(await tid("menu-name-bytes").innerText()).toBe("17/16 bytes");
      expect(await tid("menu-publish-why").innerText()).toBe("1 error to fix before publishing");
      expect(await problemTexts()).toEqual([
        'Error Button name too long The name of button "Course consulting" is 17 bytes; a top-level button allows 16 (about 5 Chinese characters).',
      ]);
      await h.screenshot("menu-english");
      await page.keyboard.press("Control+z");
      expect(await tid("menu-name").inputValue()).toBe("课程咨询");
    } finally {
      await page.getByRole("button", { name: "中文" }).click();
    }
    await expect.poll(() => page.locator(".menu-title").innerText()).toBe("自定义菜单");
  });

  it("asks before leaving with unsaved changes, and stays when asked to", async () => {
    await h.openMenuPage();
    await topButtons().nth(0).click();
    await tid("menu-name").fill("课程");
    await tid("back-to-list").click();
    const dialog = tid("confirm-dialog");
    expect(await dialog.innerText()).toContain("有未保存的更改");
    await dialog.getByRole("button", { name: "留在此页" }).click();
    expect(await tid("menu-name").inputValue()).toBe("课程");
    await page.keyboard.press("Control+s");
    await expect.poll(() => tid("save-status").getAttribute("data-status")).toBe("saved");
    await tid("back-to-list").click();
    await tid("flow-list").waitFor();
  });

  it("pauses saving when the menu was saved elsewhere, and loads theirs on request", async () => {
    await h.openMenuPage();
    const theirs = menuFile();
    theirs.buttons[0]!.name = "他们的按钮";
    writeFileSync(join(h.flowsDir, "wechat.menu.json"), `${JSON.stringify(theirs, null, 2)}\n`);
    await topButtons().nth(0).click();
    await tid("menu-name").fill("我的按钮");
    await page.keyboard.press("Control+s");
    const dialog = tid("menu-conflict-dialog");
    await dialog.waitFor();
    expect(await tid("menu-publish-why").innerText()).toBe("菜单已在别处被修改，请先处理冲突");
    await h.animationsSettled();
    await h.screenshot("menu-conflict");
    await dialog.getByRole("button", { name: "加载最新菜单" }).click();
    await expect.poll(topNames).toEqual(["他们的按钮", "≡更多"]);
    expect(menuFile().buttons[0]!.name).toBe("他们的按钮");

    // Again, and this time the marketer keeps their own menu.
    theirs.buttons[0]!.name = "又改了";
    writeFileSync(join(h.flowsDir, "wechat.menu.json"), `${JSON.stringify(theirs, null, 2)}\n`);
    await tid("menu-name").fill("就用我的");
    await page.keyboard.press("Control+s");
    await dialog.getByRole("button", { name: "用我的菜单覆盖" }).click();
    await expect.poll(() => menuFile().buttons[0]!.name).toBe("就用我的");
    await expect.poll(() => tid("save-status").getAttribute("data-status")).toBe("saved");
    expect(await dialog.count()).toBe(0);
    expect(await tid("menu-publish").isEnabled()).toBe(true);
  });
});
