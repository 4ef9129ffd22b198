// Golden transcripts: each example flow driven by a script through the chat's transcript function.
// UPDATE_GOLDEN=1 rewrites tests/golden/<flow>.txt; review the diff before committing it.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadChatCatalog } from "../../server/cli/loadChatCatalog";
import { DEFAULT_HTTP_MODE, runChatScript } from "../../shared/transcript";
import { GOLDEN_NOW } from "./goldenNow";

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const flowFile = (flow: string) =>
  fileURLToPath(new URL(`../../flows/${flow}.json`, import.meta.url));

async function transcriptOf(flow: string): Promise<string> {
  const loaded = await loadChatCatalog([flowFile(flow)]);
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const script = readFileSync(here(`${flow}.input.txt`), "utf8");
  return runChatScript(script, {
    catalog: loaded.catalog,
    now: () => Date.parse(GOLDEN_NOW),
    http: DEFAULT_HTTP_MODE,
    seed: 1,
  });
}

async function golden(flow: string): Promise<string> {
  const actual = await transcriptOf(flow);
  const file = here(`${flow}.txt`);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
  return actual;
}

describe("golden transcripts", () => {
  it("ecommerce: new-follower offer, then need → size (one bad height) → offer → payment, human, restart", async () => {
    const text = await golden("ecommerce");
    // What the script is there to show, so a careless UPDATE_GOLDEN cannot quietly drop it.
    expect(text).toContain("新朋友首单立减 20 元");
    expect(text).toContain("[图文] 轻羽速干运动T恤");
    expect(text).toContain("身高请填写 100 到 220 之间的整数");
    expect(text).toContain("推荐您选 L 码");
    expect(text).toContain("已为您记下尺码：L");
    expect(text).toContain("⟶ 标签 +意向客户");
    expect(text).toContain("⟶ 转人工 (normal)");
  });

  it("course: menu click → level → mobile with one invalid try; after hours → fallback → after-sales → complaint", async () => {
    const text = await golden("course");
    expect(text).toContain("请问您当前需要咨询课程还是售后服务？\n  [课程咨询]\n  [售后服务]");
    expect(text).toContain("（点击 [课程咨询]）\n< 好的！想先了解一下");
    expect(text).toContain("这个手机号好像不太对");
    expect(text).toContain("预约成功！🎉 顾问会拨打 13800138000");
    expect(text).toContain("现在是非工作时间");
    expect(text).toContain("400-820-1234");
    expect(text).toContain("非常抱歉给您带来了不好的体验");
  });

  it("complaint: empathy first, order number with one bad try, lookup success and failure, urgent handoff", async () => {
    const text = await golden("complaint");
    expect(text.indexOf("非常抱歉")).toBeLessThan(text.indexOf("订单号"));
    expect(text).toContain("订单号是 8 到 20 位的纯数字");
    expect(text).toContain("⟶ HTTP GET https://example.com/api/orders/2025031412345678");
    expect(text).toContain("已查到您的订单：轻羽速干运动T恤 L 码（已签收）");
    expect(text).toContain("⟵ 请求失败 (network)\n< 暂时没能查到这个订单");
    expect(text).toContain(
      "⟶ 转人工 (urgent): 投诉（商品质量）：订单 2025031412345678，状态 已签收",
    );
    expect(text).toContain(
      "⟶ 转人工 (urgent): 投诉（物流太慢）：订单 2025031487654321，状态 未查到",
    );
    expect(text.match(/⟶ 标签 \+投诉用户/g)).toHaveLength(2);
  });
});
