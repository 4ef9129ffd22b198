// The preview phone's custom menu in Chromium: without a saved menu a button per click trigger; a
// menu saved through PUT /api/menu shows once the window regains focus, its ≡ parent opens the
// sub-buttons above it, a sub-button whose key a flow claims gets that flow's answer, and a link, a
// photo button and a broken menu API behave as the phone and WeChat would.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MenuDocument } from "../../shared/menu";
import { type Harness, startHarness } from "./harness";

let h: Harness;
let page: Page;

const menuBar = () => page.locator("[data-testid=wx-menubar]");
const topButton = (name: string) =>
  page.locator("[data-testid=wx-menu-button]").filter({ hasText: name });
const submenu = () => page.locator("[data-testid=wx-submenu]");
const subButton = (name: string) =>
  page.locator("[data-testid=wx-submenu-item]").filter({ hasText: name });
const accountBubbles = () => page.locator("[data-testid=wx-account]");
const followerBubbles = () => page.locator("[data-testid=wx-follower] .wx-me");
const systemLines = () => page.locator("[data-testid=wx-system]");

const menu: MenuDocument = {
  schemaVersion: 1,
  buttons: [
    {
      id: "b_course",
      name: "课程",
      children: [
        { id: "s_advisor", name: "课程顾问", type: "click", key: "MENU_COURSE" },
        { id: "s_site", name: "学校官网", type: "view", url: "https://example.com/school" },
      ],
    },
    {
      id: "b_service",
      name: "服务",
      children: [
        { id: "s_photo", name: "上传作业", type: "pic_photo_or_album", key: "HOMEWORK" },
        {
          id: "s_mini",
          name: "课表小程序",
          type: "miniprogram",
          appid: "wx1234567890",
          pagepath: "pages/timetable",
          url: "https://example.com/timetable",
        },
      ],
    },
    {
      id: "b_contact",
      name: "联系我们",
      type: "view",
      url: "https://example.com/contact",
      children: [],
    },
  ],
};

/** What switching back from the menu editor's window does. */
async function refocus(): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
}

async function topNames(): Promise<string[]> {
  return (await page.locator("[data-testid=wx-menu-button]").allInnerTexts()).map((s) =>
    s.replace(/\s+/g, " ").trim(),
  );
}

async function openPreview(flowId: string): Promise<void> {
  await page.goto(`${h.baseUrl}/#/flows/${flowId}`);
  await page.locator(".react-flow__node").first().waitFor();
  await page.locator("[data-testid=tab-preview]").click();
  await page.locator("[data-testid=wx-phone]").waitFor();
  // A fixed weekday morning, so the course flow's hours condition takes its daytime branch.
  await page.locator("[data-testid=sim-clock]").fill("2025-03-10T03:00");
}

beforeAll(async () => {
  h = await startHarness({ viewport: { width: 1440, height: 1000 } });
  page = h.page;
  page.setDefaultTimeout(8000);
  await h.login();
});

afterAll(async () => {
  await h?.close();
});

describe("the preview phone's custom menu", () => {
  it("without a saved menu shows a button per click trigger, named after its flow", async () => {
    await openPreview("course");
    await menuBar().waitFor();
    expect(await topNames()).toEqual(["课程咨询"]);
    expect(await menuBar().textContent()).not.toContain("≡");
    await topButton("课程咨询").click();
    await expect.poll(() => accountBubbles().count()).toBeGreaterThan(0);
    expect(await followerBubbles().last().textContent()).toBe("[点击菜单 MENU_COURSE]");
    expect(await accountBubbles().last().textContent()).toContain("售后服务");
  });

  it("shows the saved menu once the window regains focus; a ≡ parent opens and closes its list", async () => {
    await h.saveMenu(menu);
    await refocus();
    await expect.poll(topNames).toEqual(["≡ 课程", "≡ 服务", "联系我们"]);
    await page.locator("[data-testid=sim-restart]").click();

    await topButton("课程").click();
    await submenu().waitFor();
    expect(await submenu().locator("[role=menuitem]").allInnerTexts()).toEqual([
      "课程顾问",
      "学校官网",
    ]);
    expect(await topButton("课程").getAttribute("aria-expanded")).toBe("true");
    // The list sits above its button, inside the phone.
    const list = (await submenu().boundingBox())!;
    const button = (await topButton("课程").boundingBox())!;
    const phone = (await page.locator("[data-testid=wx-phone]").boundingBox())!;
    expect(list.y + list.height).toBeLessThanOrEqual(button.y);
    expect(list.x).toBeGreaterThanOrEqual(phone.x);
    expect(list.x + list.width).toBeLessThanOrEqual(phone.x + phone.width);
    await h.screenshot("simulator-menu-open", page.locator("[data-testid=wx-phone]"));

    // A second tap closes it, and so does a tap elsewhere in the phone.
    await topButton("课程").click();
    await submenu().waitFor({ state: "detached" });
    await topButton("课程").click();
    await submenu().waitFor();
    await page.locator("[data-testid=wx-title]").click();
    await submenu().waitFor({ state: "detached" });
    // Another parent replaces the open list.
    await topButton("课程").click();
    await topButton("服务").click();
    expect(await submenu().count()).toBe(1);
    expect(await submenu().textContent()).toContain("上传作业");
    await topButton("服务").click();
    await submenu().waitFor({ state: "detached" });
  });

  it("a sub-button whose click key a flow claims gets that flow's reply", async () => {
    await topButton("课程").click();
    await subButton("课程顾问").click();
    await submenu().waitFor({ state: "detached" });
    await expect.poll(() => accountBubbles().count()).toBeGreaterThan(0);
    expect(await followerBubbles().last().textContent()).toBe("[点击菜单 MENU_COURSE]");
    expect(await accountBubbles().last().textContent()).toContain("售后服务");
  });

  it("a link, a mini program and a photo button do what the phone would, with a note", async () => {
    const followers = await followerBubbles().count();
    await topButton("联系我们").click();
    await expect
      .poll(() => systemLines().last().textContent())
      .toContain("打开网页 https://example.com/contact");
    await topButton("课程").click();
    await subButton("学校官网").click();
    await expect
      .poll(() => systemLines().last().textContent())
      .toContain("打开网页 https://example.com/school");
    await topButton("服务").click();
    await subButton("课表小程序").click();
    await expect
      .poll(() => systemLines().last().textContent())
      .toContain("打开小程序 wx1234567890 · pages/timetable");
    // Links and mini programs reach no flow: the follower sent nothing.
    expect(await followerBubbles().count()).toBe(followers);

    await topButton("服务").click();
    await subButton("上传作业").click();
    await expect.poll(() => followerBubbles().count()).toBe(followers + 2);
    expect(await followerBubbles().allInnerTexts()).toEqual(
      expect.arrayContaining(["[点击菜单 HOMEWORK]", "[图片]"]),
    );
    expect(await systemLines().allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining("打开拍照或相册")]),
    );
    await h.screenshot("simulator-menu-notes", page.locator("[data-testid=wx-phone]"));
  });

  it("falls back to the trigger buttons when the menu is emptied or cannot be loaded", async () => {
    await h.saveMenu({ schemaVersion: 1, buttons: [] });
    await refocus();
    await expect.poll(topNames).toEqual(["课程咨询"]);

    await h.saveMenu(menu);
    await refocus();
    await expect.poll(topNames).toEqual(["≡ 课程", "≡ 服务", "联系我们"]);
    await page.route("**/api/menu", (route) =>
      route.fulfill({ status: 500, contentType: "application/json", body: "{}" }),
    );
    await refocus();
    await expect.poll(topNames).toEqual(["课程咨询"]);
    await page.unroute("**/api/menu");
  });
});
