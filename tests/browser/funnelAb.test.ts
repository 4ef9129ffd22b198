// The data view's A/B comparison in Chromium on real traffic: followers chat with the published course
// flow through the server's own /wechat (signed as WeChat signs); each is drawn 亲切版 or 直接版 at
// 开场白 A/B (told apart by the greeting they get); then the card's numbers, the goal, the best-rate
// rule, a branch click, the cases it cannot count, and a failed load, without touching the flow.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeWechat, type FakeWechat } from "../../server/runtime/fakeWechatClient";
import { formatRate } from "../../web/funnel/funnelCounts";
import { type Harness, startHarness } from "./harness";

const TOKEN = "funnelAbTestToken";
const FLOW = "course";

// A fixed hour of today in China (10:00): the course flow's 是否工作时间 takes its daytime branch
// whenever the test runs, and the runs still start today.
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const offset = Date.parse(`${today}T10:00:00+08:00`) - Date.now();
const now = () => Date.now() + offset;

let h: Harness;
let page: Page;
let wechat: FakeWechat;

type Branch = "ab_warm" | "ab_direct";
/** What the test sent each branch's runs to do, counted as the card must count them. */
interface Sent {
  runs: number;
  completed: number;
  dropped: number;
  /** Runs that reached 课程推荐 (the goal picked below). */
  goal: number;
}
const sent: Record<Branch, Sent> = {
  ab_warm: { runs: 0, completed: 0, dropped: 0, goal: 0 },
  ab_direct: { runs: 0, completed: 0, dropped: 0, goal: 0 },
};

async function say(openid: string, text: string): Promise<string> {
  const reply = await wechat.text(openid, text);
  if (reply.status !== 200) throw new Error(`${openid} "${text}": HTTP ${reply.status}`);
  return reply.msgType === "text" ? (reply.content ?? "") : (reply.msgType ?? reply.xml);
}

// Each branch's followers take these paths in turn, the two branches differently, so their rates differ.
const PATHS: Record<Branch, ("goal" | "complete" | "drop" | "wait")[]> = {
  ab_warm: ["goal", "complete", "goal", "drop", "wait"],
  ab_direct: ["drop", "goal", "complete", "drop"],
};

let followers = 0;
/** A new follower asks about courses, is drawn a branch, and takes that branch's next path. */
async function follower(): Promise<Branch> {
  const openid = `ab-fan-${++followers}`;
  const greeting = await say(openid, "我想了解课程");
  const branch: Branch = greeting.includes("小启")
    ? "ab_warm"
    : greeting.includes("请问您当前需要咨询课程还是售后服务")
      ? "ab_direct"
      : (() => {
          throw new Error(`${openid} got neither opening: ${greeting}`);
        })();
  const s = sent[branch];
  const path = PATHS[branch][s.runs % PATHS[branch].length];
  s.runs += 1;
  if (path === "goal") {
    // 了解基础 → 零基础 → 课程推荐, then waits at 留手机号.
    expect(await say(openid, "课程咨询")).toContain("英语基础");
    expect(await say(openid, "零基础")).toContain("推荐");
    s.goal += 1;
  } else if (path === "complete") {
    // 售后分类 → 调课说明 → 结束.
    expect(await say(openid, "售后服务")).toContain("哪类问题");
    expect(await say(openid, "调课")).toContain("调课");
    s.completed += 1;
  } else if (path === "drop") {
    // Another flow's global keyword (ecommerce's 人工) takes the follower away mid-question.
    await say(openid, "人工");
    s.dropped += 1;
  }
  return branch;
}

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const card = () => page.locator("[data-testid=funnel-ab]");
const row = (branch: Branch) => card().locator(`[data-testid=ab-row][data-branch=${branch}]`);
const metric = (branch: Branch, name: string) =>
  row(branch).locator(`[data-metric=${name}]`).first();
const metricText = async (branch: Branch, name: string) =>
  ((await metric(branch, name).textContent()) ?? "").replace(/最好|Best/, "").trim();

/** Waits until the panel and the card show the answers to the latest choice. */
async function settled(): Promise<void> {
  await page.locator("[data-testid=funnel-panel][aria-busy=false]").waitFor();
  await page.locator("[data-testid=funnel-ab][aria-busy=false]").waitFor();
}

/** Fits the whole flow into the canvas, as the toolbar's button does, and waits for the glide to end. */
async function fitView(): Promise<void> {
  const viewport = page.locator(".react-flow__viewport");
  await page.getByRole("toolbar").getByRole("button", { name: "适应画布" }).click();
  let last: string | null = null;
  await expect
    .poll(
      async () => {
        const style = await viewport.getAttribute("style");
        const resting = style === last;
        last = style;
        return resting;
      },
      { interval: 200 },
    )
    .toBe(true);
}

/** Opens the course flow's data view and selects 开场白 A/B. */
async function openComparison(): Promise<void> {
  // The same address again only changes the hash: reload, to read the flow file afresh.
  const url = `${h.baseUrl}/#/flows/${FLOW}`;
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await node("opening_ab").waitFor();
  await page.locator("[data-testid=funnel-toggle]").click();
  await page.locator("[data-testid=funnel-summary]").waitFor();
  await fitView();
  await node("opening_ab").click();
  await card().waitFor();
  await settled();
}

const rate = (n: number, of: number) => formatRate(n / of, "zh");

async function expectRow(branch: Branch): Promise<void> {
  const s = sent[branch];
  expect(await metricText(branch, "runs")).toBe(`到达 ${s.runs}`);
  expect(await metricText(branch, "completionRate")).toBe(rate(s.completed, s.runs));
  expect(await metricText(branch, "completed")).toBe(`完成 ${s.completed}`);
  expect(await metricText(branch, "dropRate")).toBe(rate(s.dropped, s.runs));
  expect(await metricText(branch, "dropped")).toBe(`流失 ${s.dropped}`);
  expect(await metricText(branch, "handedOff")).toBe("0");
}

beforeAll(async () => {
  h = await startHarness({
    env: { WECHAT_TOKEN: TOKEN },
    now,
    viewport: { width: 1440, height: 1100 },
  });
  page = h.page;
  page.setDefaultTimeout(8000);
  await h.login();
  wechat = createFakeWechat({ url: `${h.baseUrl}/wechat`, token: TOKEN, now });
  for (const flowId of [FLOW, "ecommerce"]) {
    const response = await h.context.request.post(`${h.baseUrl}/api/flows/${flowId}/publish`, {
      data: {},
    });
    if (!response.ok()) throw new Error(`publish ${flowId}: HTTP ${response.status()}`);
  }
  // Followers until both branches were drawn a few times (the draw is random, 50/50).
  while (followers < 12 || sent.ab_warm.runs < 4 || sent.ab_direct.runs < 4) {
    if (followers > 60) throw new Error("the A/B draw never gave both branches");
    await follower();
  }
});

afterAll(async () => {
  await h?.close();
});

describe("A/B comparison in the data view", () => {
  it("shows each branch's runs and outcomes, and says the samples are too small to pick a best", async () => {
    const before = JSON.stringify(h.readFlowFile(FLOW));
    await openComparison();
    expect(await card().locator(".funnel-heading").innerText()).toBe("A/B 对比 · 开场白 A/B");
    expect((await row("ab_warm").locator(".funnel-ab-head").innerText()).replace(/\s+/g, " ")).toBe(
      `亲切版 权重 50% 到达 ${sent.ab_warm.runs}`,
    );
    expect(await row("ab_direct").locator(".funnel-ab-label").innerText()).toBe("直接版");
    await expectRow("ab_warm");
    await expectRow("ab_direct");
    // No goal yet: no conversion column.
    expect(await card().locator("[data-metric=conversionRate]").count()).toBe(0);
    const fewest = Math.min(sent.ab_warm.runs, sent.ab_direct.runs);
    expect(await card().locator("[data-testid=ab-verdict]").textContent()).toBe(
      `样本太少，结论可能不可靠：有分支只有 ${fewest} 次会话，每个分支至少 30 次才标出最好的比率。`,
    );
    expect(await card().locator("[data-best]").count()).toBe(0);
    expect(await card().locator("[data-testid=ab-means]").textContent()).toContain(
      "到达是经过分支第一个节点的会话数",
    );
    await page.waitForTimeout(300);
    await h.screenshot("funnel-ab-zh");

    // Nothing of this is an edit: no undo step, nothing to save, the file as it was.
    expect(await page.locator("[data-testid=save-status]").getAttribute("data-status")).not.toBe(
      "dirty",
    );
    expect(await page.getByRole("button", { name: "撤销" }).isDisabled()).toBe(true);
    expect(JSON.stringify(h.readFlowFile(FLOW))).toBe(before);
  });

  it("counts conversion to the goal picked, and remembers the goal for the flow after a reload", async () => {
    const goal = card().locator("[data-testid=ab-goal]");
    expect(await goal.inputValue()).toBe("");
    await goal.selectOption({ label: "课程推荐" });
    for (const branch of ["ab_warm", "ab_direct"] as const) {
      const s = sent[branch];
      expect(await metricText(branch, "conversionRate")).toBe(rate(s.goal, s.runs));
      expect(await metricText(branch, "goalReached")).toBe(`到达目标 ${s.goal}`);
    }
    await page.waitForTimeout(300);
    await h.screenshot("funnel-ab-goal", page.locator("[data-testid=funnel-panel]"));

    await openComparison();
    expect(await card().locator("[data-testid=ab-goal]").inputValue()).toBe("recommend");
    expect(await metricText("ab_direct", "conversionRate")).toBe(
      rate(sent.ab_direct.goal, sent.ab_direct.runs),
    );
    expect(await page.evaluate(() => localStorage.getItem("huashu.funnel.abGoal.course"))).toBe(
      "recommend",
    );
  });

  it("selects and centres a branch's first node on a click, and keeps the comparison open", async () => {
    await row("ab_direct").locator("button").click();
    await expect.poll(() => node("opening_direct").getAttribute("class")).toContain("selected");
    expect(await node("opening_ab").getAttribute("class")).not.toContain("selected");
    expect(await page.locator("[data-testid=funnel-node-detail]").innerText()).toContain(
      "开场白（直接版）",
    );
    expect(await row("ab_direct").locator("button").getAttribute("aria-current")).toBe("true");
    expect(await row("ab_warm").locator("button").getAttribute("aria-current")).toBeNull();
    // The node's own numbers agree with the card's 到达.
    expect(
      await page
        .locator("[data-testid=funnel-node-detail] .funnel-detail-reached dd")
        .textContent(),
    ).toBe(String(sent.ab_direct.runs));
    await page.waitForTimeout(500);
    await h.screenshot("funnel-ab-picked");
    // A node off both branches closes the card (the centred node moved the view: fit it again).
    await fitView();
    await node("end").click();
    await expect.poll(() => card().count()).toBe(0);
    expect(await page.getByRole("button", { name: "撤销" }).isDisabled()).toBe(true);
  });

  it("marks the best rate per column once every branch has 30 runs", async () => {
    while (sent.ab_warm.runs < 30 || sent.ab_direct.runs < 30) {
      if (followers > 400) throw new Error("the A/B draw kept to one branch");
      await follower();
    }
    await fitView();
    await node("opening_ab").click();
    await card().waitFor();
    await page.locator("[data-testid=funnel-refresh]").click();
    await settled();
    await expectRow("ab_warm");
    await expectRow("ab_direct");
    expect(await card().locator("[data-testid=ab-verdict]").textContent()).toBe(
      "每个分支都有至少 30 次会话时，才标出每列最好的比率。",
    );
    const best = (column: string) =>
      card()
        .locator(`[data-testid=ab-row]:has([data-best] [data-metric=${column}])`)
        .getAttribute("data-branch");
    const share = (b: Branch, k: keyof Sent) => sent[b][k] / sent[b].runs;
    const higher = (k: keyof Sent): Branch =>
      share("ab_warm", k) > share("ab_direct", k) ? "ab_warm" : "ab_direct";
    // The paths make the rates differ: 亲切版 converts more and loses fewer, 直接版 completes more.
    expect(await best("completionRate")).toBe(higher("completed"));
    expect(await best("conversionRate")).toBe(higher("goal"));
    expect(await best("dropRate")).toBe(higher("dropped") === "ab_warm" ? "ab_direct" : "ab_warm");
    expect(await card().locator("[data-best]").count()).toBe(3);
    await page.waitForTimeout(300);
    await h.screenshot("funnel-ab-best", card());
  });

  it("says when a branch is not connected, or two branches lead to the same node, instead of numbers", async () => {
    const original = h.readFlowFile(FLOW) as {
      edges: { id: string; source: string; sourceHandle: string; target: string }[];
    };
    h.writeFlowFile(FLOW, {
      ...original,
      edges: original.edges.filter((e) => e.id !== "e_ab_direct"),
    });
    await openComparison();
    expect(await row("ab_direct").locator("[data-testid=ab-problem]").textContent()).toBe(
      "这个分支没有连线，无法统计。",
    );
    expect(await row("ab_direct").locator("[data-metric]").count()).toBe(0);
    await expectRow("ab_warm");
    expect(await card().locator("[data-testid=ab-verdict]").textContent()).toBe(
      "能统计的分支不到两个，无法比较。",
    );

    h.writeFlowFile(FLOW, {
      ...original,
      edges: original.edges.map((e) =>
        e.id === "e_ab_direct" ? { ...e, target: "opening_warm" } : e,
      ),
    });
    await openComparison();
    expect(await row("ab_warm").locator("[data-testid=ab-problem]").textContent()).toBe(
      "与「直接版」连到同一个节点「开场白（亲切版）」，无法区分，不显示数字。",
    );
    expect(await row("ab_direct").locator("[data-testid=ab-problem]").textContent()).toBe(
      "与「亲切版」连到同一个节点「开场白（亲切版）」，无法区分，不显示数字。",
    );
    expect(await card().locator("[data-metric]").count()).toBe(0);
    await page.waitForTimeout(300);
    await h.screenshot("funnel-ab-shared", card());
    h.writeFlowFile(FLOW, original);
  });

  it("says when the branches' numbers cannot be loaded, and retries", async () => {
    let refuse = true;
    const throughReports = (url: URL) =>
      url.pathname === `/api/flows/${FLOW}/funnel` && url.searchParams.has("through");
    await page.route(throughReports, async (route) => {
      if (!refuse) return route.continue();
      await route.fulfill({
        status: 500,
        json: { error: { code: "internal", message: { zh: "服务器出错了", en: "Server error" } } },
      });
    });
    await openComparison();
    await expect
      .poll(() => card().locator("[data-testid=ab-error]").innerText())
      .toContain("A/B 对比加载失败");
    expect(await card().locator("[data-testid=ab-error]").innerText()).toContain("服务器出错了");
    // The panel's own numbers came through.
    expect(await page.locator("[data-testid=funnel-runs]").textContent()).toBe(String(followers));
    refuse = false;
    await card().getByRole("button", { name: "重试" }).click();
    await settled();
    await expectRow("ab_warm");
    await page.unroute(throughReports);
  });

  it("speaks English", async () => {
    await page.getByRole("button", { name: "English" }).click();
    await expect
      .poll(() => card().locator(".funnel-heading").innerText())
      .toBe("A/B comparison · 开场白 A/B");
    expect(await metricText("ab_warm", "runs")).toBe(`Reached ${sent.ab_warm.runs}`);
    expect(await card().locator("[data-testid=ab-verdict]").textContent()).toBe(
      "The best rate in each column is marked once every branch has at least 30 runs.",
    );
    await page.waitForTimeout(300);
    await h.screenshot("funnel-ab-en", page.locator("[data-testid=funnel-panel]"));
    await page.getByRole("button", { name: "中文" }).click();
  });
});
