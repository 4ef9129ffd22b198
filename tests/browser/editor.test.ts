// The editor in a real Chromium: log in, build message → question → message by dragging from the
// palette, connect, edit, save, reload, undo, follow a problem to its node, publish (and not again
// when nothing changed), roll back.

import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, type Harness, startHarness } from "./harness";

let h: Harness;
let page: Page;
let flowId = "";
let startId = "";
let questionId = "";
let thanksId = "";
const THANKS = "感谢选择！稍后为您推荐合适的尺码。";

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("element is not visible");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real pointer drag: press, move in steps, release (HTML5 drag from the palette, handle drags on the canvas). */
async function drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.waitForTimeout(50);
  await page.mouse.down();
  // A few pixels over the source first, so the browser starts the drag on it.
  await page.mouse.move(from.x + 6, from.y + 3, { steps: 3 });
  await page.waitForTimeout(50);
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.waitForTimeout(50);
  await page.mouse.up();
}

/** Waits until the canvas viewport stops moving (its first fit runs after the nodes are measured). */
async function viewportSettled(): Promise<void> {
  const transform = () =>
    page.locator(".react-flow__viewport").evaluate((el) => (el as HTMLElement).style.transform);
  let previous = await transform();
  for (let i = 0; i < 20; i += 1) {
    await page.waitForTimeout(150);
    const now = await transform();
    if (now === previous) return;
    previous = now;
  }
}

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

async function connect(sourceId: string, handle: Locator, targetId: string): Promise<void> {
  const before = await page.locator(".react-flow__edge").count();
  const target = node(targetId).locator(".react-flow__handle.target");
  await drag(await center(handle), await center(target));
  await page.waitForFunction(
    (n) => document.querySelectorAll(".react-flow__edge").length > n,
    before,
  );
  void sourceId;
}

async function nodeIds(): Promise<string[]> {
  return page
    .locator(".react-flow__node")
    .evaluateAll((els) => els.map((el) => el.getAttribute("data-id") ?? ""));
}

/** Waits until the selected node's name field reads `value` (after an undo, say). */
async function labelBecomes(value: string): Promise<void> {
  await page.waitForFunction(
    (v) =>
      (document.querySelector("[data-testid=node-label]") as HTMLInputElement | null)?.value === v,
    value,
  );
}

async function saveStatus(): Promise<string | null> {
  return page.locator("[data-testid=save-status]").getAttribute("data-status");
}

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
});

afterAll(async () => {
  await h?.close();
});

describe("editor in Chromium", () => {
  it("refuses a wrong password, then logs in to the flow list", async () => {
    await page.goto(`${h.baseUrl}/`);
    await page.locator("input[type=password]").fill("not-the-password");
    await page.locator("button[type=submit]").click();
    const error = page.locator("[data-testid=login-error]");
    await error.waitFor();
    expect(await error.textContent()).toContain("密码不正确");
    await h.screenshot("login");

    await page.locator("input[type=password]").fill(ADMIN_PASSWORD);
    await page.locator("button[type=submit]").click();
    await page.locator("[data-testid=flow-row]").first().waitFor();
    expect(await page.locator("[data-testid=flow-row]").count()).toBeGreaterThan(0);
    await h.screenshot("flow-list");
  });

  it("creates a blank flow and builds message → question → message by dragging", async () => {
    await page.getByRole("button", { name: "新建流程" }).first().click();
    const dialog = page.locator("[data-testid=create-flow-dialog]");
    await dialog.locator("input").first().fill("尺码助手");
    await dialog.getByRole("button", { name: "创建并编辑" }).click();
    await page.locator(".react-flow__node").first().waitFor();
    flowId = decodeURIComponent(new URL(page.url()).hash.replace("#/flows/", ""));
    expect(flowId).not.toBe("");
    [startId = ""] = await nodeIds();
    await viewportSettled();

    const canvas = await page.locator(".react-flow").boundingBox();
    if (!canvas) throw new Error("no canvas");
    const cx = canvas.x + canvas.width / 2;
    const cy = canvas.y + canvas.height / 2;
    const palette = (kind: string) => page.locator(`.hs-palette-item[data-kind=${kind}]`);

    await drag(await center(palette("question")), { x: cx - 170, y: cy + 150 });
    await page.waitForFunction(() => document.querySelectorAll(".react-flow__node").length === 2);
    await drag(await center(palette("message")), { x: cx + 170, y: cy + 150 });
    await page.waitForFunction(() => document.querySelectorAll(".react-flow__node").length === 3);

    const ids = await nodeIds();
    questionId = (await page.locator(".react-flow__node-question").getAttribute("data-id")) ?? "";
    thanksId = ids.find((id) => id !== startId && id !== questionId) ?? "";
    expect(questionId).not.toBe("");
    expect(thanksId).not.toBe("");

    await connect(startId, node(startId).locator(".react-flow__handle.source"), questionId);
    const firstOption = node(questionId).locator(".hs-handle-out").first();
    await connect(questionId, firstOption, thanksId);
    expect(await page.locator(".react-flow__edge").count()).toBe(2);
  });

  it("edits the text in the inspector, saves, and finds it in the file and after a reload", async () => {
    await node(thanksId).click();
    const text = page.locator("[data-testid=message-text]").first();
    await text.fill(THANKS);
    expect(await page.locator("[data-testid=byte-counter]").first().textContent()).toContain(
      `已用 ${Buffer.byteLength(THANKS)} / 2048 字节`,
    );
    await h.screenshot("editor-inspector");
    await page.keyboard.press("Control+s");
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=save-status]")?.getAttribute("data-status") ===
        "saved",
    );
    const saved = JSON.stringify(h.readFlowFile(flowId));
    expect(saved).toContain(THANKS);

    await page.reload();
    await node(thanksId).waitFor();
    await node(thanksId).click();
    expect(await page.locator("[data-testid=message-text]").first().inputValue()).toBe(THANKS);
    expect(await page.locator(".react-flow__edge").count()).toBe(2);
  });

  it("undoes the last change with Ctrl+Z", async () => {
    const label = page.locator("[data-testid=node-label]");
    const before = await label.inputValue();
    await label.fill("感谢语");
    expect(await saveStatus()).toBe("dirty");
    // Leave the text field so the shortcut means "undo the document", not "undo my typing".
    await node(thanksId).click();
    await page.keyboard.press("Control+z");
    await labelBecomes(before);
    expect(await label.inputValue()).toBe(before);

    // Typing letter by letter is one step, not one per key.
    await label.click();
    await page.keyboard.press("End");
    await page.keyboard.type("一二三");
    expect(await label.inputValue()).toBe(`${before}一二三`);
    await node(thanksId).click();
    await page.keyboard.press("Control+z");
    await labelBecomes(before);
  });

  it("keeps unsaved edits, the selection and undo across the language switch", async () => {
    const label = page.locator("[data-testid=node-label]");
    const before = await label.inputValue();
    await label.fill("语言切换前的修改");
    expect(await saveStatus()).toBe("dirty");
    await node(thanksId).click();

    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Auto layout" }).waitFor();
    // The same node is still selected, with the edit (whether autosave has stored it by now or not).
    expect(await label.inputValue()).toBe("语言切换前的修改");
    // And the edit can still be undone.
    await node(thanksId).click();
    await page.keyboard.press("Control+z");
    await labelBecomes(before);
    await page.getByRole("button", { name: "中文" }).click();
    await page.getByRole("button", { name: "自动排列" }).waitFor();
    expect(await label.inputValue()).toBe(before);
  });

  it("lists the unconnected option as a problem and selects its node on click", async () => {
    await page.locator("[data-testid=tab-problems]").click();
    const problem = page.locator(`[data-testid=problem][data-code=OPTION_WITHOUT_EDGE]`);
    await problem.first().waitFor();
    expect(await problem.first().getAttribute("data-node-id")).toBe(questionId);
    expect(
      Number(await page.locator("[data-testid=tab-problems] .tab-count").textContent()),
    ).toBeGreaterThan(0);
    await h.screenshot("problems-panel");

    await node(thanksId).click();
    await page.locator("[data-testid=tab-problems]").click();
    await problem.first().click();
    await page.waitForFunction(
      (id) =>
        document
          .querySelector(`.react-flow__node[data-id="${id}"]`)
          ?.classList.contains("selected"),
      questionId,
    );
    const selected = await page
      .locator(".react-flow__node.selected")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-id")));
    expect(selected).toEqual([questionId]);
  });

  it("refuses to publish while an error exists, publishes after connecting, shows the version", async () => {
    await page.locator("[data-testid=publish]").click();
    const refused = page.locator("[data-testid=publish-refused]");
    await refused.waitFor();
    expect(await refused.textContent()).toContain("选项没有连线");
    await refused.getByRole("button", { name: "知道了" }).click();

    const secondOption = node(questionId).locator(".hs-handle-out").nth(1);
    await connect(questionId, secondOption, thanksId);
    await page.waitForFunction(
      () =>
        document.querySelectorAll("[data-testid=problem][data-code=OPTION_WITHOUT_EDGE]").length ===
        0,
    );

    await page.locator("[data-testid=publish]").click();
    const dialog = page.locator("[data-testid=publish-dialog]");
    await dialog.waitFor();
    await dialog.locator("input").fill("第一版");
    await dialog.locator(".btn-primary").click();
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=versions]")?.textContent?.includes("v1"),
    );
    await page.locator("[data-testid=versions]").click();
    const row = page.locator("[data-testid=version-row]").first();
    await row.waitFor();
    expect(await row.textContent()).toContain("v1");
    expect(await row.textContent()).toContain("第一版");
    // Publishing saved first: the file on disk has both option edges.
    const file = h.readFlowFile(flowId) as { edges: unknown[] };
    expect(file.edges).toHaveLength(3);
    await page
      .locator("[data-testid=versions-dialog]")
      .getByRole("button", { name: "关闭" })
      .click();
  });

  it("publishing again without a change makes no new version and says so", async () => {
    const publishWith = async (note: string) => {
      await page.locator("[data-testid=publish]").click();
      const dialog = page.locator("[data-testid=publish-dialog]");
      await dialog.locator("input").fill(note);
      await dialog.locator(".btn-primary").click();
      await dialog.waitFor({ state: "detached" });
    };
    await publishWith("再发一次");
    await page
      .locator(".toast-info", {
        hasText: "内容与已发布的第 1 版相同，无需重新发布；版本说明未保存。",
      })
      .waitFor();

    // Moving a node is no change to the conversation either, and the notice says why.
    const from = await center(node(thanksId));
    await drag(from, { x: from.x + 60, y: from.y + 80 });
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=save-status]")?.getAttribute("data-status") ===
        "dirty",
    );
    await publishWith("");
    await page
      .locator(".toast-info", {
        hasText: "只移动了节点位置，对话内容与已发布的第 1 版相同，无需重新发布。",
      })
      .waitFor();
    await h.screenshot("publish-unchanged");
    expect(await page.locator(".toast", { hasText: "v2" }).count()).toBe(0);
    expect(await page.locator("[data-testid=versions]").textContent()).toContain("v1");
    await page.locator("[data-testid=versions]").click();
    await page.locator("[data-testid=version-row]").first().waitFor();
    expect(await page.locator("[data-testid=version-row]").count()).toBe(1);
    await page
      .locator("[data-testid=versions-dialog]")
      .getByRole("button", { name: "关闭" })
      .click();
  });

  it("rolls back to an earlier version by publishing it as a new one", async () => {
    // A change, so that publishing makes v2.
    await page.locator("[data-testid=tab-inspector]").click();
    await node(thanksId).click();
    await page.locator("[data-testid=node-label]").fill("感谢语");
    await page.locator("[data-testid=publish]").click();
    await page.locator("[data-testid=publish-dialog] .btn-primary").click();
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=versions]")?.textContent?.includes("v2"),
    );
    await page.locator("[data-testid=versions]").click();
    const v1 = page.locator("[data-testid=version-row]", { hasText: "第一版" });
    await v1.getByRole("button", { name: "回滚到此版本" }).click();
    await page.locator("[data-testid=confirm-dialog] .btn-primary").click();
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=versions]")?.textContent?.includes("v3"),
    );
    const rows = page.locator("[data-testid=version-row]");
    await page.waitForFunction(
      () => document.querySelectorAll("[data-testid=version-row]").length === 3,
    );
    expect(await rows.first().textContent()).toContain("v3");
    await h.screenshot("versions-dialog");

    // v1 is live again as v3: rolling back to it once more changes nothing.
    await v1.getByRole("button", { name: "回滚到此版本" }).click();
    await page.locator("[data-testid=confirm-dialog] .btn-primary").click();
    await page.locator(".toast-info", { hasText: "v1 与线上的 v3 内容相同，无需回滚。" }).waitFor();
    expect(await rows.count()).toBe(3);
  });

  it("suggests the brief's segments where a condition compares interactions or days silent", async () => {
    await page.keyboard.press("Escape");
    await page.locator("[data-testid=tab-inspector]").click();
    const canvas = await page.locator(".react-flow").boundingBox();
    if (!canvas) throw new Error("no canvas");
    const before = await page.locator(".react-flow__node").count();
    const condition = page.locator(".hs-palette-item[data-kind=condition]");
    await drag(await center(condition), { x: canvas.x + 120, y: canvas.y + 120 });
    await page.waitForFunction(
      (n) => document.querySelectorAll(".react-flow__node").length > n,
      before,
    );
    await page.locator(".react-flow__node-condition").first().click();
    const operand = page.getByLabel("判断对象").first();
    const value = page.getByLabel("值", { exact: true }).first();
    // A new condition compares the hour with a range; ranges keep their own example.
    await page.getByLabel("比较方式").first().selectOption("gte");
    await operand.selectOption("follower.silentDays");
    // The hour range the new condition came with means nothing for days silent: it is cleared.
    expect(await value.inputValue()).toBe("");
    expect(await value.getAttribute("placeholder")).toBe("如 90：90 天及以上为沉默粉丝");
    await operand.selectOption("follower.interactions");
    expect(await value.getAttribute("placeholder")).toBe("如 3：超过 3 次为活跃粉丝");
    await h.screenshot("condition-segment-hint");
    await operand.selectOption("follower.tags");
    expect(await value.getAttribute("placeholder")).toBe("值");
  });
});
