// The flow list and the editor's safety nets in Chromium: search, import errors, duplicate, delete and
// restore, language switch, the 409 conflict dialog, the unsaved-changes guard, the login rate limit.

import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness";

let h: Harness;
let page: Page;

const row = (id: string) => page.locator(`[data-testid=flow-row][data-flow-id="${id}"]`);

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  await h.login();
});

afterAll(async () => {
  await h?.close();
});

describe("flow list in Chromium", () => {
  it("searches flows by name", async () => {
    await page.goto(`${h.baseUrl}/#/flows`);
    await row("course").waitFor();
    const all = await page.locator("[data-testid=flow-row]").count();
    expect(all).toBeGreaterThanOrEqual(3);
    await page.getByPlaceholder("按名称搜索流程").fill("课程");
    await page.waitForFunction(
      () => document.querySelectorAll("[data-testid=flow-row]").length === 1,
    );
    expect(await row("course").isVisible()).toBe(true);
    await page.getByPlaceholder("按名称搜索流程").fill("");
  });

  it("refuses an invalid import, naming the node and the field", async () => {
    const bad = {
      schemaVersion: 1,
      id: "bad-import",
      name: "坏文件",
      startNodeId: "hello",
      nodes: [
        {
          id: "hello",
          kind: "message",
          position: { x: 0, y: 0 },
          messages: [{ type: "text", text: "你好" }],
        },
        {
          id: "ask",
          kind: "question",
          position: { x: 0, y: 200 },
          answer: { type: "options", options: [] },
        },
      ],
    };
    await page.locator("[data-testid=import-input]").setInputFiles({
      name: "bad.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    const dialog = page.locator("[data-testid=import-errors]");
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? "";
    expect(text).toContain("bad.json");
    expect(text).toContain("节点 ask");
    expect(text).toContain("nodes.1.prompt");
    expect(text).toContain("缺少此项（应为文字）");
    await h.screenshot("import-errors");
    await dialog.getByRole("button", { name: "确定" }).click();
    expect(await row("bad-import").count()).toBe(0);
  });

  it("imports a valid file and duplicates a flow", async () => {
    const good = {
      ...(h.readFlowFile("course") as object),
      id: "course-imported",
      name: "导入的课程",
    };
    await page.locator("[data-testid=import-input]").setInputFiles({
      name: "good.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(good)),
    });
    await row("course-imported").waitFor();

    const before = await page.locator("[data-testid=flow-row]").count();
    await row("course-imported").getByRole("button", { name: "复制" }).click();
    await page.waitForFunction(
      (n) => document.querySelectorAll("[data-testid=flow-row]").length === n + 1,
      before,
    );
    expect(await page.locator(".flow-row-name", { hasText: "导入的课程 副本" }).count()).toBe(1);
  });

  it("exports a flow as a JSON download", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      row("course").getByRole("link", { name: "导出" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("course.json");
    const path = await download.path();
    expect(JSON.parse(readFileSync(path, "utf8")).id).toBe("course");
  });

  it("deletes after a confirm and restores from 最近删除", async () => {
    await row("course-imported").getByRole("button", { name: "删除" }).click();
    const confirm = page.locator("[data-testid=confirm-dialog]");
    await confirm.waitFor();
    await confirm.getByRole("button", { name: "删除" }).click();
    await row("course-imported").waitFor({ state: "detached" });

    await page.getByRole("button", { name: "最近删除" }).click();
    const trash = page.locator("[data-testid=trash-dialog]");
    await trash.getByText("导入的课程").waitFor();
    await trash.getByRole("button", { name: "恢复" }).first().click();
    await row("course-imported").waitFor();
    await trash.getByRole("button", { name: "关闭" }).click();
  });

  it("switches the language to English and back", async () => {
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Conversation flows" }).waitFor();
    expect(await page.getByRole("button", { name: "New flow" }).count()).toBe(1);
    await h.screenshot("flow-list-en");
    await page.getByRole("button", { name: "中文" }).click();
    await page.getByRole("heading", { name: "对话流程" }).waitFor();
  });
});

describe("editor safety nets in Chromium", () => {
  it("shows the conflict dialog when the flow changed elsewhere, and reloads theirs", async () => {
    await page.goto(`${h.baseUrl}/#/flows/complaint`);
    await page.locator(".react-flow__node").first().waitFor();
    const theirs = h.readFlowFile("complaint") as { name: string };
    h.writeFlowFile("complaint", { ...theirs, name: "别处改过的名字" });

    await page.locator("[data-testid=flow-name]").fill("我的名字");
    await page.keyboard.press("Control+s");
    const dialog = page.locator("[data-testid=conflict-dialog]");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("此流程已在别处被修改");
    await h.screenshot("conflict-dialog");
    // Nothing was overwritten.
    expect((h.readFlowFile("complaint") as { name: string }).name).toBe("别处改过的名字");

    await dialog.getByRole("button", { name: "加载最新版本" }).click();
    await dialog.waitFor({ state: "detached" });
    // The dialog closes as the reload starts; the name follows once their version has arrived.
    await expect
      .poll(() => page.locator("[data-testid=flow-name]").inputValue(), { timeout: 10_000 })
      .toBe("别处改过的名字");
  });

  it("keeps my changes as a copy when I choose so in the conflict dialog", async () => {
    const theirs = h.readFlowFile("complaint") as { name: string };
    h.writeFlowFile("complaint", { ...theirs, name: "又被改了" });
    await page.locator("[data-testid=flow-name]").fill("我的改动");
    await page.locator("[data-testid=save]").click();
    const dialog = page.locator("[data-testid=conflict-dialog]");
    await dialog.getByRole("button", { name: "将我的修改另存为副本" }).click();
    await page.waitForFunction(() => !location.hash.endsWith("/complaint"));
    const copyId = decodeURIComponent(new URL(page.url()).hash.replace("#/flows/", ""));
    await page.locator(".react-flow__node").first().waitFor();
    expect(await page.locator("[data-testid=flow-name]").inputValue()).toBe("我的改动（我的版本）");
    expect((h.readFlowFile(copyId) as { name: string }).name).toBe("我的改动（我的版本）");
    expect((h.readFlowFile("complaint") as { name: string }).name).toBe("又被改了");
    // Only the hash changes: the copy's canvas is still there until the editor remounts, so wait
    // for the complaint flow itself, not for any node.
    await page.goto(`${h.baseUrl}/#/flows/complaint`);
    await expect
      .poll(() => page.locator("[data-testid=flow-name]").inputValue(), { timeout: 10_000 })
      .toBe("又被改了");
  });

  it("autosaves about two seconds after the last change", async () => {
    await page.locator("[data-testid=flow-name]").fill("自动保存的名字");
    expect(await page.locator("[data-testid=save-status]").getAttribute("data-status")).toBe(
      "dirty",
    );
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=save-status]")?.getAttribute("data-status") ===
        "autosaved",
      undefined,
      { timeout: 6000 },
    );
    expect((h.readFlowFile("complaint") as { name: string }).name).toBe("自动保存的名字");
  });

  it("asks before leaving with unsaved changes", async () => {
    await page.locator("[data-testid=flow-name]").fill("还没保存");
    await page.locator("[data-testid=back-to-list]").click();
    const confirm = page.locator("[data-testid=confirm-dialog]");
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain("有未保存的更改");
    await confirm.getByRole("button", { name: "留在此页" }).click();
    expect(page.url()).toContain("#/flows/complaint");

    await page.locator("[data-testid=back-to-list]").click();
    await confirm.getByRole("button", { name: "放弃更改并离开" }).click();
    await row("complaint").waitFor();
    expect((h.readFlowFile("complaint") as { name: string }).name).toBe("自动保存的名字");
  });

  it("says saved when Ctrl+S is pressed while an autosave is on its way", async () => {
    // Hold the autosave's request until the save button has been pressed.
    let releaseAutosave: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      releaseAutosave = resolve;
    });
    let puts = 0;
    let autosaveStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      autosaveStarted = resolve;
    });
    await page.route("**/api/flows/complaint", async (route) => {
      if (route.request().method() !== "PUT") return route.continue();
      puts += 1;
      if (puts === 1) {
        autosaveStarted();
        await held;
      }
      return route.continue();
    });
    try {
      await page.goto(`${h.baseUrl}/#/flows/complaint`);
      await page.locator(".react-flow__node").first().waitFor();
      await page.locator("[data-testid=flow-name]").fill("保存时正在自动保存");
      await started;
      const status = page.locator("[data-testid=save-status]");
      expect(await status.getAttribute("data-status")).toBe("saving");
      // The button waits while saving; Ctrl+S (and publish) can still ask for a save.
      await page.keyboard.press("Control+s");
      releaseAutosave();
      await page.waitForFunction(
        () =>
          document.querySelector("[data-testid=save-status]")?.getAttribute("data-status") ===
          "saved",
        undefined,
        { timeout: 6000 },
      );
      // One request carried both: the document was saved once, as the person typed it.
      expect(puts).toBe(1);
      expect((h.readFlowFile("complaint") as { name: string }).name).toBe("保存时正在自动保存");
    } finally {
      releaseAutosave();
      await page.unroute("**/api/flows/complaint");
    }
  });

  it("inserts a variable at the cursor and checks A/B weights live", async () => {
    await page.goto(`${h.baseUrl}/#/flows/complaint`);
    await page.locator(".react-flow__node-message").first().click();
    const text = page.locator("[data-testid=message-text]").first();
    await text.fill("您好，我们会尽快处理。");
    await text.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(3, 3));
    await page.getByRole("button", { name: "插入变量" }).first().click();
    const first = page.locator(".var-menu button").first();
    const token = (await first.textContent()) ?? "";
    expect(token).toMatch(/^\{\{\w+\}\}$/);
    await first.click();
    expect(await text.inputValue()).toBe(`您好，${token}我们会尽快处理。`);

    await page.locator(".hs-palette-item[data-kind=ab]").click();
    const sum = page.locator("[data-testid=ab-sum]");
    expect(await sum.textContent()).toBe("合计 100%");
    await page.getByLabel("比例").first().fill("70");
    expect(await sum.textContent()).toBe("合计 120%，必须等于 100%");
    expect(await sum.getAttribute("class")).toContain("bad");
    await page.locator("[data-testid=save]").click();
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=save-status]")?.getAttribute("data-status") ===
        "saved",
    );
  });

  it("tells a locked-out person how long to wait", async () => {
    const fresh = await h.browser.newPage();
    await fresh.goto(`${h.baseUrl}/#/login`);
    const error = fresh.locator("[data-testid=login-error]");
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await fresh.locator("input[type=password]").fill(`wrong-${attempt}`);
      await fresh.locator("button[type=submit]").click();
      await error.waitFor();
      if ((await error.textContent())?.includes("尝试次数过多")) break;
    }
    expect(await error.textContent()).toMatch(/尝试次数过多，请 \d+ (分钟|秒)后再试/);
    expect(await fresh.locator("button[type=submit]").isDisabled()).toBe(true);
    await fresh.close();
  });
});
