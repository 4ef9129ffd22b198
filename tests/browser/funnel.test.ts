// The data view (数据) in Chromium on real traffic: followers chat with the published ecommerce flow
// through the server's own /wechat (signed as WeChat signs), over two versions, then the editor shows
// per-node badges, the worst nodes and a node's breakdown, in Chinese and English, and only the runs
// through one branch, without touching the flow.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeWechat, type FakeWechat } from "../../server/runtime/fakeWechatClient";
import { type Harness, startHarness } from "./harness";

const TOKEN = "funnelTestToken";
const FLOW = "ecommerce";

let h: Harness;
let page: Page;
let wechat: FakeWechat;

interface FlowFile {
  nodes: { id: string; messages?: { type: string; text?: string }[] }[];
  edges: { source: string; target: string }[];
}

async function publish(flowId: string): Promise<number> {
  const response = await h.context.request.post(`${h.baseUrl}/api/flows/${flowId}/publish`, {
    data: {},
  });
  if (!response.ok()) throw new Error(`publish ${flowId}: HTTP ${response.status()}`);
  return ((await response.json()) as { version: number }).version;
}

/** One follower's messages, in order, each answered before the next is sent (as WeChat does). */
async function chat(openid: string, ...texts: string[]): Promise<string[]> {
  const replies: string[] = [];
  for (const text of texts) {
    const reply = await wechat.text(openid, text);
    if (reply.status !== 200) throw new Error(`${openid} "${text}": HTTP ${reply.status}`);
    replies.push(reply.msgType === "text" ? (reply.content ?? "") : (reply.msgType ?? reply.xml));
  }
  return replies;
}

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const badge = (id: string): Locator => node(id).locator("[data-testid=funnel-badge]");
const panel = () => page.locator("[data-testid=funnel-panel]");
const worstItems = () => page.locator("[data-testid=funnel-worst-item]");

/** Waits until the panel shows the answer to the latest choice. */
async function panelSettled(): Promise<void> {
  await page.locator("[data-testid=funnel-panel][aria-busy=false]").waitFor();
}

/** Fits the whole flow into the canvas, as the toolbar's button does, and waits for the glide to end. */
async function fitView(): Promise<void> {
  const viewport = page.locator(".react-flow__viewport");
  const before = await viewport.getAttribute("style");
  await page.getByRole("toolbar").getByRole("button", { name: "适应画布" }).click();
  await expect.poll(() => viewport.getAttribute("style")).not.toBe(before);
  let last: string | null = null;
  await expect
    .poll(
      async () => {
        const now = await viewport.getAttribute("style");
        const resting = now === last;
        last = now;
        return resting;
      },
      { interval: 150 },
    )
    .toBe(true);
}

async function worstList(): Promise<string[]> {
  return (await worstItems().allInnerTexts()).map((text) => text.replace(/\s+/g, " ").trim());
}

/** Today in China time, as the server counts days. */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  h = await startHarness({ env: { WECHAT_TOKEN: TOKEN } });
  page = h.page;
  page.setDefaultTimeout(8000);
  await h.login();
  wechat = createFakeWechat({ url: `${h.baseUrl}/wechat`, token: TOKEN });

  // Version 1: one follower waits at 询问身高, one buys through to the end, one starts over at 了解需求.
  expect(await publish(FLOW)).toBe(1);
  await chat("fan-a", "我想购买", "1");
  const bought = await chat("fan-b", "购买", "3");
  expect(bought[1]).toContain("满 199 减 30");
  await chat("fan-c", "购买", "重新开始");

  // Version 2 (another greeting): one goes to a human after two answers the bot does not
  // understand, one starts over at 询问身高, one at 了解需求.
  const flow = h.readFlowFile(FLOW) as FlowFile;
  const greet = flow.nodes.find((n) => n.id === "greet");
  if (!greet?.messages?.[0]) throw new Error("ecommerce has no greeting");
  greet.messages[0].text = `${greet.messages[0].text}\n（新版问候）`;
  h.writeFlowFile(FLOW, flow);
  expect(await publish(FLOW)).toBe(2);
  const handedOff = await chat("fan-d", "购买", "嗯", "不知道");
  expect(handedOff[2]).toBe("transfer_customer_service");
  await chat("fan-e", "购买", "1", "重新开始");
  await chat("fan-f", "购买", "重新开始");

  // The draft no longer has the handoff node where fan-d's run ended.
  flow.nodes = flow.nodes.filter((n) => n.id !== "handoff");
  flow.edges = flow.edges.filter((e) => e.target !== "handoff" && e.source !== "handoff");
  h.writeFlowFile(FLOW, flow);
});

afterAll(async () => {
  await h?.close();
});

describe("data view on real WeChat traffic", () => {
  it("shows reached and dropped on the nodes and the worst nodes, without changing the flow", async () => {
    const before = JSON.stringify(h.readFlowFile(FLOW));
    await page.goto(`${h.baseUrl}/#/flows/${FLOW}`);
    await node("greet").waitFor();
    expect(await page.locator("[data-testid=funnel-badge]").count()).toBe(0);
    await page.waitForTimeout(300);
    const greetBefore = await node("greet").boundingBox();

    await page.locator("[data-testid=funnel-toggle]").click();
    expect(await page.locator("[data-testid=funnel-toggle]").getAttribute("aria-pressed")).toBe(
      "true",
    );
    await page.locator("[data-testid=funnel-summary]").waitFor();
    // The palette makes way for the wider panel; the flow stays where it was on screen.
    expect(await page.locator(".hs-palette").count()).toBe(0);
    await expect.poll(async () => (await node("greet").boundingBox())?.x).toBe(greetBefore?.x);

    // 9 runs: fan-a, fan-b, fan-c twice (v1); fan-d, fan-e twice, fan-f twice (v2).
    expect(await page.locator("[data-testid=funnel-runs]").textContent()).toBe("9");
    expect(await page.locator("[data-testid=funnel-summary]").innerText()).toContain("近7天");
    // The database was created today: the 7 days reach back before counting began.
    expect(await page.locator("[data-testid=funnel-since]").textContent()).toBe(
      `数据自 ${chinaToday()} 起统计`,
    );

    await expect.poll(() => badge("greet").innerText()).toBe("到达 9");
    // 了解需求: all 9 reached it; fan-c and fan-f started over there (2 dropped), 3 runs wait there.
    expect((await badge("need").innerText()).replace(/\s+/g, " ")).toBe("到达 9 流失 2（22%）");
    expect(await badge("need").getAttribute("title")).toBe(
      ["到达 9", "进行中 3", "完成 0", "流失 2（22%）", "转人工 0", "出错 0", "继续下一步 4"].join(
        "\n",
      ),
    );
    expect(await badge("need").getAttribute("class")).toContain("hs-funnel-mid");

    expect(await worstList()).toEqual(["了解需求 流失 2 22%", "询问身高 流失 1 50%"]);
    // fan-d's run ended at the handoff node the draft no longer has.
    expect(await page.locator("[data-testid=funnel-hidden]").textContent()).toBe(
      "另有 1 次会话停在已删除的节点上，画布上无法显示。",
    );
    expect(await panel().innerText()).toContain("流失：会话停在这个节点后没有继续");
    await h.screenshot("funnel-zh");

    // The worst list takes the marketer to the node: selected, centred, its numbers in the panel.
    await worstItems().nth(1).click();
    await expect.poll(() => node("ask_height").getAttribute("class")).toContain("selected");
    expect((await badge("ask_height").innerText()).replace(/\s+/g, " ")).toBe(
      "到达 2 流失 1（50%）",
    );
    expect(await badge("ask_height").getAttribute("class")).toContain("hs-funnel-severe");
    const detail = page.locator("[data-testid=funnel-node-detail]");
    expect(await detail.innerText()).toContain("询问身高");
    expect(await detail.locator("[data-outcome=inProgress] dd").textContent()).toBe("1");
    expect(await detail.locator("[data-outcome=dropped] dd").textContent()).toBe("1 · 50%");
    expect(await detail.locator("[data-outcome=movedOn] dd").textContent()).toBe("0");
    await page.waitForTimeout(400);
    await h.screenshot("funnel-zh-selected");

    // A node no run reached shows a muted 0.
    await expect.poll(() => badge("ask_weight").innerText()).toBe("到达 0");

    // Nothing of this is an edit: no undo step, nothing to save, the file as it was.
    expect(await page.locator("[data-testid=save-status]").getAttribute("data-status")).not.toBe(
      "dirty",
    );
    expect(await page.getByRole("button", { name: "撤销" }).isDisabled()).toBe(true);
    expect(JSON.stringify(h.readFlowFile(FLOW))).toBe(before);
  });

  it("narrows to one version and to today", async () => {
    const version = page.locator("[data-testid=funnel-version]");
    expect(await version.locator("option").allTextContents()).toEqual([
      "全部版本",
      "v2（5 次会话）",
      "v1（4 次会话）",
    ]);
    await version.selectOption("1");
    await panelSettled();
    expect(await page.locator("[data-testid=funnel-runs]").textContent()).toBe("4");
    // Version 1: fan-a, fan-b, fan-c twice; only fan-c's first run was lost, at 了解需求.
    expect(await worstList()).toEqual(["了解需求 流失 1 25%"]);
    expect(await page.locator("[data-testid=funnel-hidden]").count()).toBe(0);

    await version.selectOption("");
    await page.locator("[data-testid=funnel-period]").selectOption("1");
    await panelSettled();
    expect(await page.locator("[data-testid=funnel-summary]").innerText()).toContain("今天");
    expect(await page.locator("[data-testid=funnel-runs]").textContent()).toBe("9");
    // Today is the day counting began: the whole period is counted.
    expect(await page.locator("[data-testid=funnel-since]").count()).toBe(0);
    await page.locator("[data-testid=funnel-period]").selectOption("7");
    await panelSettled();
    expect(await page.locator("[data-testid=funnel-since]").count()).toBe(1);
  });

  it("speaks English after the language switch", async () => {
    await page.getByRole("button", { name: "English" }).click();
    await expect
      .poll(() => worstList())
      .toEqual(["了解需求 2 dropped 22%", "询问身高 1 dropped 50%"]);
    await page.locator("[data-testid=funnel-worst-item]").first().click();
    await expect.poll(() => node("need").getAttribute("class")).toContain("selected");
    expect((await badge("need").innerText()).replace(/\s+/g, " ")).toBe(
      "Reached 9 Dropped 2 (22%)",
    );
    expect(await page.locator("[data-testid=funnel-since]").textContent()).toBe(
      `Counted since ${chinaToday()}`,
    );
    expect(await page.locator("[data-testid=funnel-version] option").allTextContents()).toEqual([
      "All versions",
      "v2 (5 runs)",
      "v1 (4 runs)",
    ]);
    expect(await page.locator("[data-testid=funnel-hidden]").textContent()).toBe(
      "1 more run stopped at a node no longer in the draft and cannot be shown.",
    );
    await page.waitForTimeout(400);
    await h.screenshot("funnel-en");
    await page.getByRole("button", { name: "中文" }).click();
  });

  it("shows only the runs through one branch, survives selecting other nodes, and all runs again when cleared", async () => {
    const runs = page.locator("[data-testid=funnel-runs]");
    const chip = page.locator("[data-testid=funnel-through]");
    const chipText = () => chip.locator(".funnel-through-text").textContent();
    const toggle = page.locator("[data-testid=funnel-through-toggle]");
    const detail = page.locator("[data-testid=funnel-node-detail]");
    const reached = () => detail.locator(".funnel-detail-reached dd").textContent();

    // Variant A: 了解需求's 新品图文 branch, taken by fan-a (v1, waits at 询问身高) and by fan-e's first
    // run (v2, started over at 询问身高).
    await node("product").click();
    await expect.poll(() => detail.innerText()).toContain("新品图文");
    expect(await toggle.isChecked()).toBe(false);
    expect(await chip.count()).toBe(0);
    await toggle.check();
    await expect.poll(() => runs.textContent()).toBe("2");
    await panelSettled();
    expect(await chipText()).toBe("仅经过「新品图文」的会话");
    // The canvas marks the node too, for when the panel's chip is out of sight.
    expect((await badge("product").innerText()).replace(/\s+/g, " ")).toBe("筛选 到达 2");
    expect(await badge("product").getAttribute("data-through")).toBe("true");
    await expect.poll(() => badge("need").innerText()).toBe("到达 2");
    expect((await badge("ask_height").innerText()).replace(/\s+/g, " ")).toBe(
      "到达 2 流失 1（50%）",
    );
    expect(await worstList()).toEqual(["询问身高 流失 1 50%"]);
    // fan-d's run, which ended at the deleted handoff node, did not go this way.
    expect(await page.locator("[data-testid=funnel-hidden]").count()).toBe(0);
    expect(await page.locator("[data-testid=funnel-version] option").allTextContents()).toEqual([
      "全部版本",
      "v2（1 次会话）",
      "v1（1 次会话）",
    ]);
    await page.waitForTimeout(400);
    await h.screenshot("funnel-zh-through");

    // The filter stays while the marketer looks further down the branch. 询问身高 hangs off the
    // bottom edge: bring the whole flow into view first, as a marketer would, and click the node's
    // middle, not the strip of it that shows.
    await fitView();
    await node("ask_height").click();
    await expect.poll(() => detail.innerText()).toContain("询问身高");
    expect(await chipText()).toBe("仅经过「新品图文」的会话");
    expect(await toggle.isChecked()).toBe(false);
    expect(await reached()).toBe("2");

    // Variant B: the 优惠判断 branch, taken only by fan-b, who bought through to the end. The filter
    // on variant A hides its runs; the switch is there all the same, to go straight from A to B.
    await node("offer_rule").click();
    await expect.poll(() => detail.innerText()).toContain("优惠判断");
    expect(await detail.innerText()).toContain("筛选出的会话都没有到达这个节点。");
    await toggle.check();
    await expect.poll(() => runs.textContent()).toBe("1");
    await panelSettled();
    expect(await chipText()).toBe("仅经过「优惠判断」的会话");
    await expect.poll(() => badge("need").innerText()).toBe("到达 1");
    expect(await badge("pay").innerText()).toBe("到达 1");
    expect(await badge("ask_height").innerText()).toBe("到达 0");
    expect(await worstItems().count()).toBe(0);
    await node("end").click();
    await expect.poll(() => detail.innerText()).toContain("结束");
    expect(await detail.locator("[data-outcome=completed] dd").textContent()).toBe("1");

    // × on the chip: every run again.
    await page.locator("[data-testid=funnel-through-clear]").click();
    await expect.poll(() => runs.textContent()).toBe("9");
    await panelSettled();
    expect(await chip.count()).toBe(0);
    await expect
      .poll(async () => (await badge("need").innerText()).replace(/\s+/g, " "))
      .toBe("到达 9 流失 2（22%）");
    expect(await page.locator("[data-testid=funnel-badge][data-through]").count()).toBe(0);
    expect(await worstList()).toEqual(["了解需求 流失 2 22%", "询问身高 流失 1 50%"]);

    // Closing the data view drops the filter too.
    await node("product").click();
    await toggle.check();
    await expect.poll(() => runs.textContent()).toBe("2");
    await panelSettled();
    await page.locator("[data-testid=funnel-toggle]").click();
    await page.locator("[data-testid=funnel-toggle]").click();
    await expect.poll(() => runs.textContent()).toBe("9");
    expect(await chip.count()).toBe(0);

    // The filtered node deleted from the draft: the chip names it by its id and still clears.
    await node("product").click();
    await toggle.check();
    await expect.poll(() => runs.textContent()).toBe("2");
    // Editing keys act on the canvas: back to it from the switch.
    await node("product").click();
    await page.keyboard.press("Delete");
    await expect.poll(() => node("product").count()).toBe(0);
    expect(await chipText()).toBe("仅经过已删除节点 product 的会话");
    expect(await runs.textContent()).toBe("2");
    await page.locator("[data-testid=funnel-through-clear]").click();
    await expect.poll(() => runs.textContent()).toBe("9");
    expect(await chip.count()).toBe(0);
    await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
    await page.keyboard.press("Control+z");
    await node("product").waitFor();
  });

  it("turning the view off restores the normal canvas", async () => {
    await page.locator("[data-testid=funnel-toggle]").click();
    await expect.poll(() => page.locator("[data-testid=funnel-badge]").count()).toBe(0);
    expect(await page.locator("[data-testid=funnel-panel]").count()).toBe(0);
    expect(await page.locator(".hs-palette").count()).toBe(1);
  });

  it("says a flow never published must be published first, and a published one without runs that it had none in the period", async () => {
    await page.goto(`${h.baseUrl}/#/flows/course`);
    await node("hours").waitFor();
    await page.locator("[data-testid=funnel-toggle]").click();
    await expect
      .poll(() => page.locator("[data-testid=funnel-empty]").textContent())
      .toContain("还没有发布");
    expect(await page.locator("[data-testid=funnel-badge]").count()).toBe(0);
    await h.screenshot("funnel-unpublished", panel());

    await publish("complaint");
    await page.goto(`${h.baseUrl}/#/flows/complaint`);
    await node("empathy").waitFor();
    await page.locator("[data-testid=funnel-toggle]").click();
    await expect
      .poll(() => page.locator("[data-testid=funnel-empty]").textContent())
      .toBe("近7天没有开始的会话：粉丝与这个流程对话后，这里会显示每个节点的到达与流失。");
    await h.screenshot("funnel-empty");
  });

  it("shows the API's message when the funnel cannot be loaded, and retries", async () => {
    // The one answer here that is not the real server's: a refusal on demand, in the API's shape.
    let refuse = true;
    await page.route("**/api/flows/complaint/funnel*", async (route) => {
      if (!refuse) return route.continue();
      await route.fulfill({
        status: 400,
        json: {
          error: {
            code: "bad_request",
            message: {
              zh: "days 必须是 1 到 365 之间的整数",
              en: "days must be a whole number from 1 to 365",
            },
          },
        },
      });
    });
    await page.locator("[data-testid=funnel-refresh]").click();
    await expect
      .poll(() => page.locator("[data-testid=funnel-error]").innerText())
      .toContain("days 必须是 1 到 365 之间的整数");
    await h.screenshot("funnel-error", panel());
    refuse = false;
    await page.locator("[data-testid=funnel-error]").getByRole("button", { name: "重试" }).click();
    await page.locator("[data-testid=funnel-empty]").waitFor();
    await page.unroute("**/api/flows/complaint/funnel*");
  });
});
