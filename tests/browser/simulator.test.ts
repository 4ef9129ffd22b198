// The preview simulator in a real Chromium: chat with the e-commerce draft to payment while the canvas
// follows, click option links, follow through a QR scene, see captured answers, and save a test case
// that turns red after an edit changes a reply.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LONG_NOTE_ANSWER, longNoteFlow } from "../fixtures/longNote";
import { ADMIN_PASSWORD, type Harness, startHarness } from "./harness";

let h: Harness;
let page: Page;

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"] .hs-node`);
const accountBubbles = () => page.locator("[data-testid=wx-account]");

async function say(text: string): Promise<void> {
  const before = await accountBubbles().count();
  await page.locator("[data-testid=wx-input]").fill(text);
  await page.locator("[data-testid=wx-input]").press("Enter");
  await page.waitForFunction(
    (n) => document.querySelectorAll("[data-testid=wx-account]").length > n,
    before,
  );
}

async function lastAccountText(): Promise<string> {
  return (await accountBubbles().last().textContent()) ?? "";
}

async function openPreview(flowId: string): Promise<void> {
  // From another flow only the hash changes: that flow's canvas stays until the editor remounts,
  // so wait for it to go before waiting for nodes.
  const switching = !page.url().endsWith(`#/flows/${flowId}`);
  const previous = switching ? await page.$(".react-flow") : null;
  await page.goto(`${h.baseUrl}/#/flows/${flowId}`);
  if (previous) await page.waitForFunction((el) => !el.isConnected, previous);
  await page.locator(".react-flow__node").first().waitFor();
  await page.locator("[data-testid=tab-preview]").click();
  await page.locator("[data-testid=wx-phone]").waitFor();
  // A fixed weekday morning, so time conditions take their daytime branch.
  await page.locator("[data-testid=sim-clock]").fill("2025-03-10T03:00");
}

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  // Fail a step within the test's own time limit, with the locator that did not appear.
  page.setDefaultTimeout(8000);
  await page.goto(`${h.baseUrl}/`);
  await page.locator("input[type=password]").fill(ADMIN_PASSWORD);
  await page.locator("button[type=submit]").click();
  await page.locator("[data-testid=flow-row]").first().waitFor();
});

afterAll(async () => {
  await h?.close();
});

describe("preview simulator in Chromium", () => {
  it("chats with the e-commerce draft to the payment step while the canvas highlight follows", async () => {
    await openPreview("ecommerce");
    await say("我想买件T恤");
    expect(await page.locator("[data-testid=wx-account]").first().textContent()).toContain(
      "欢迎来到轻羽运动旗舰店",
    );
    // The question is the second message of the turn: a customer-service message with its quota.
    expect(await page.locator("[data-testid=wx-cs-label]").first().textContent()).toContain("1/5");
    await expect.poll(() => node("need").getAttribute("class")).toContain("is-current");

    await say("2");
    await expect.poll(() => node("ask_height").getAttribute("class")).toContain("is-current");
    expect(await node("need").getAttribute("class")).toContain("is-path");
    expect(await node("need").getAttribute("class")).not.toContain("is-current");
    await say("175");
    expect(await page.locator("[data-testid=sim-var-height]").inputValue()).toBe("175");
    await say("70");
    await expect.poll(lastAccountText).toContain("点击链接即可下单支付");
    expect(await page.locator("[data-testid=wx-system]").last().textContent()).toContain(
      "对话结束",
    );
    // The canvas followed the conversation to its last node.
    await expect.poll(() => node("end").getAttribute("class")).toContain("is-current");
    await h.screenshot("simulator-ecommerce-payment");
  });

  it("selects the node that said a message when its bubble is clicked", async () => {
    await accountBubbles().filter({ hasText: "点击链接即可下单支付" }).click();
    await expect.poll(() => node("pay").getAttribute("class")).toContain("is-selected");
    // The preview stays open.
    expect(await page.locator("[data-testid=wx-phone]").isVisible()).toBe(true);
  });

  it("saves the conversation as a test case that passes, then fails after an edit changes a reply", async () => {
    await page.locator("[data-testid=sim-case-name]").fill("尺码推荐到下单");
    await page.locator("[data-testid=sim-save-case]").click();
    const saved = page.locator("[data-testid^=sim-case-]").filter({ hasText: "尺码推荐到下单" });
    await saved.waitFor();
    await expect.poll(() => saved.getAttribute("data-status")).toBe("pass");
    const file = JSON.parse(
      (await import("node:fs")).readFileSync(`${h.flowsDir}/ecommerce.tests.json`, "utf8"),
    );
    expect(file.cases.map((c: { name: string }) => c.name)).toContain("尺码推荐到下单");

    // Edit the greeting in the inspector (its bubble selects it); the case re-runs and turns red.
    await accountBubbles().first().click();
    await expect.poll(() => node("greet").getAttribute("class")).toContain("is-selected");
    await page.locator("[data-testid=tab-inspector]").click();
    const text = page.locator("[data-testid=message-text]").first();
    await text.fill("您好，这里是轻羽运动！");
    await page.locator("[data-testid=tab-preview]").click();
    await expect.poll(() => saved.getAttribute("data-status"), { timeout: 5000 }).toBe("fail");
    expect(await saved.textContent()).toContain("您好，这里是轻羽运动！");
    await page.locator("[data-testid=sim-tests]").scrollIntoViewIfNeeded();
    await h.screenshot("simulator-test-case-failing");
    // Save, so leaving the editor asks nothing.
    await page.keyboard.press("Control+s");
    await expect
      .poll(() => page.locator("[data-testid=save-status]").getAttribute("data-status"))
      .toMatch(/saved$/);
  });

  it("follows through the course-fair QR scene into the course flow and takes an option link", async () => {
    await openPreview("course");
    await page.locator("[data-testid=sim-scene]").fill("course_fair");
    await page.locator("[data-testid=sim-follow]").click();
    await accountBubbles().first().waitFor();
    expect(await page.locator("[data-testid=wx-follower]").last().textContent()).toContain(
      "course_fair",
    );
    expect(await lastAccountText()).toContain("咨询课程还是售后服务");
    const link = page.locator("[data-testid=wx-menu-link]", { hasText: "课程咨询" }).last();
    await link.click();
    await expect.poll(lastAccountText).toContain("学员目前的英语基础");
    expect(await page.locator("[data-testid=wx-follower] .wx-me").last().textContent()).toBe(
      "课程咨询",
    );
    await expect.poll(() => node("ask_level").getAttribute("class")).toContain("is-current");
    await h.screenshot("simulator-course-scene");
  });

  it("answers a waiting http node with a mock body and shows the handoff", async () => {
    await openPreview("complaint");
    await say("我要投诉，太差了");
    await say("1");
    await page.locator("[data-testid=wx-input]").fill("2025031412345678");
    await page.locator("[data-testid=wx-input]").press("Enter");
    await page.locator("[data-testid=sim-http]").waitFor();
    await page
      .locator("[data-testid=sim-http-body]")
      .fill('{"data":{"item":"速干T恤","status":"已发货"}}');
    await page.locator("[data-testid=sim-http-success]").click();
    await expect
      .poll(() => page.locator("[data-testid=wx-phone]").textContent())
      .toContain("已查到您的订单：速干T恤（已发货）");
    expect(await page.locator("[data-testid=wx-phone]").textContent()).toContain(
      "已转接人工客服（紧急）",
    );
    await h.screenshot("simulator-complaint-handoff");

    // Start again from the node that said "已查到": a fresh conversation there.
    await accountBubbles().filter({ hasText: "已查到您的订单" }).click();
    await expect.poll(() => node("order_found").getAttribute("class")).toContain("is-selected");
    await page.locator("[data-testid=sim-start-selected]").click();
    await expect
      .poll(() => page.locator("[data-testid=wx-system]").filter({ hasText: "从节点" }).count())
      .toBe(1);
    expect(await page.locator("[data-testid=sim-status]").textContent()).toContain(
      "complaint / handoff",
    );
  });

  it("through the server without WeChat configured, says to set WECHAT_TOKEN", async () => {
    await page.locator("[data-testid=sim-mode-server]").check();
    await page.locator("[data-testid=wx-input]").fill("我要投诉");
    await page.locator("[data-testid=wx-input]").press("Enter");
    await expect
      .poll(() => page.locator("[data-testid=wx-system]").last().textContent())
      .toContain("请先配置 WECHAT_TOKEN");
    await page.locator("[data-testid=sim-mode-server]").uncheck();
  });

  it("lets the agent end a handoff, after which the flows answer the follower again", async () => {
    await openPreview("ecommerce");
    await page.locator("[data-testid=sim-restart]").click();
    const kfClose = page.locator("[data-testid=sim-kf-close]");
    const handoffs = () =>
      page.locator("[data-testid=wx-system]").filter({ hasText: "已转接人工客服" }).count();
    expect(await kfClose.count()).toBe(0);
    await say("转人工");
    expect(await handoffs()).toBe(1);
    await h.screenshot("simulator-kf-close-offered", page.locator("[data-testid=simulator]"));
    await kfClose.click();
    await expect
      .poll(() => page.locator("[data-testid=wx-system]").allTextContents())
      .toContainEqual(expect.stringContaining("人工客服已结束会话"));
    await kfClose.waitFor({ state: "detached" });
    await say("我想买件T恤");
    await expect.poll(lastAccountText).toContain("请问您今天想了解哪方面呢");
    // Answered by the flow, not transferred again.
    expect(await handoffs()).toBe(1);
    await h.screenshot("simulator-kf-close", page.locator("[data-testid=wx-phone]"));
  });

  it("shows a text that grows past 2048 bytes with the follower's answer as the runtime's 2 messages", async () => {
    h.writeFlowFile("long_note", longNoteFlow());
    await openPreview("long_note");
    await say("留言");
    await say(LONG_NOTE_ANSWER);
    await expect.poll(() => accountBubbles().count()).toBe(3);
    expect(await accountBubbles().nth(1).textContent()).toContain(
      "超过微信 2048 字节上限，已分为 2 条发送",
    );
    expect(await accountBubbles().nth(2).locator(".wx-text").textContent()).toMatch(
      /^您的留言：我想反馈/,
    );
    expect(await page.locator("[data-testid=wx-split-note]").allTextContents()).toEqual([
      "超过微信 2048 字节上限，已分为 2 条发送",
      "续上条 · 第 2/2 条",
    ]);
    await h.screenshot("simulator-split-long-text", page.locator("[data-testid=wx-phone]"));
  });
});
