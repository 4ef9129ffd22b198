// POST /api/sandbox/send: the simulator's "through the server" mode. The input goes to this server's own
// /wechat endpoint exactly as WeChat would send it (signed, encrypted when a key is set), as a sandbox
// follower, so the published flows answer; the passive reply and the turn's customer-service messages return.
import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import { idSchema } from "../../shared/schema";
import { testInputSchema } from "../../shared/testcase";
import type { WechatConfig } from "../config";
import type { WechatCrypto } from "../wechat/crypto";
import { sha1Signature } from "../wechat/signature";
import type { ApiDeps } from "./apiDeps";
import { ApiError } from "./apiError";
import { jsonBody } from "./jsonBody";
import {
  encryptedReplyParts,
  inboundXml,
  parsePassiveReply,
  SANDBOX_ACCOUNT,
  type SandboxInput,
  type SandboxReply,
} from "./sandboxXml";

export interface SandboxDeps {
  wechat: WechatConfig;
  /** Present when WECHAT_ENCODING_AES_KEY is set: the sandbox then encrypts like WeChat's safe mode. */
  crypto?: WechatCrypto;
  /** This app's own handler (Hono's `app.request`), so no network round trip is needed. */
  wechatRequest: (path: string, init: RequestInit) => Response | Promise<Response>;
  /** Resolves when every turn in progress has been written (its customer-service messages included). */
  settled: () => Promise<void>;
}

const sendBody = z.object({
  flowId: idSchema.optional(),
  /** Only sandbox followers: the simulator can never speak as a real follower. */
  openid: z
    .string()
    .regex(/^sandbox-[A-Za-z0-9_-]{1,64}$/, "must be sandbox-<letters, digits, _ or ->"),
  input: testInputSchema,
});

const NOT_CONFIGURED = new ApiError(409, "wechat_not_configured", {
  zh: "请先配置 WECHAT_TOKEN（以及 WECHAT_APP_ID、WECHAT_APP_SECRET）并重启服务器，才能通过服务器测试",
  en: "Set WECHAT_TOKEN (and WECHAT_APP_ID, WECHAT_APP_SECRET) and restart the server to test through it",
});

function isSandboxInput(input: z.infer<typeof testInputSchema>): input is SandboxInput {
  return input.type === "text" || input.type === "media" || input.type === "event";
}

/** One CreateTime per follower that only moves forward: two events in one second would look like a retry. */
function createClock(now: () => number) {
  const last = new Map<string, number>();
  return (openid: string) => {
    const seconds = Math.max(Math.floor(now() / 1000), (last.get(openid) ?? 0) + 1);
    last.set(openid, seconds);
    if (last.size > 10_000) last.delete(last.keys().next().value as string);
    return seconds;
  };
}

export function createSandboxRoutes(
  deps: Pick<ApiDeps, "store" | "now"> & { sandbox?: SandboxDeps },
): Hono {
  const routes = new Hono();
  const createTime = createClock(deps.now);

  routes.post("/sandbox/send", jsonBody(sendBody), async (c) => {
    const sandbox = deps.sandbox;
    if (!sandbox?.wechat.token) throw NOT_CONFIGURED;
    const { openid, input, flowId } = c.req.valid("json");
    if (!isSandboxInput(input)) {
      throw new ApiError(400, "invalid_request", {
        zh: `服务器模式只能发送消息和事件，不能发送 ${input.type}`,
        en: `through the server only messages and events can be sent, not ${input.type}`,
      });
    }
    const token = sandbox.wechat.token;
    const timestamp = String(createTime(openid));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const plain = inboundXml(input, openid, Number(timestamp));
    const query = new URLSearchParams({
      signature: sha1Signature([token, timestamp, nonce]),
      timestamp,
      nonce,
      openid,
    });
    let body = plain;
    if (sandbox.crypto) {
      const sealed = sandbox.crypto.encrypt(plain, { timestamp, nonce });
      body = `<xml><ToUserName><![CDATA[${SANDBOX_ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${sealed.encrypt}]]></Encrypt></xml>`;
      query.set("encrypt_type", "aes");
      query.set("msg_signature", sealed.msgSignature);
    }

    const res = await sandbox.wechatRequest(`/wechat?${query}`, {
      method: "POST",
      headers: { "Content-Type": "text/xml" },
      body,
    });
    const answer = await res.text();
    if (res.status !== 200) {
      throw new ApiError(502, "wechat_endpoint_failed", {
        zh: `服务器的 /wechat 接口返回 ${res.status}：${answer.slice(0, 200)}`,
        en: `the server's /wechat endpoint answered ${res.status}: ${answer.slice(0, 200)}`,
      });
    }
    let replyXml = answer;
    if (sandbox.crypto && answer.trim() !== "success" && answer.trim() !== "") {
      const parts = encryptedReplyParts(answer);
      replyXml = sandbox.crypto.decrypt(parts.encrypt, parts).xml;
    }
    let passive = parsePassiveReply(replyXml);

    // The rest of the turn went to the outbound queue; the message log lists it after this input.
    await sandbox.settled();
    const log = await deps.store.listMessages(openid, 200);
    let lastIn = -1;
    log.forEach((entry, i) => {
      if (entry.direction === "in") lastIn = i;
    });
    const sent = log.slice(lastIn + 1).filter((e) => e.direction === "out");
    const customerService = sent
      .filter((e) => e.channel === "custom")
      .map((e) => JSON.parse(e.content) as SandboxReply);
    // WeChat's XML does not say that the passive reply is the first piece of a long text; the log does.
    const passiveLogged = sent.find((e) => e.channel === "passive");
    const passiveSplit = passiveLogged && (JSON.parse(passiveLogged.content) as SandboxReply).split;
    if (passive && passiveSplit) passive = { ...passive, split: passiveSplit };

    const published = flowId
      ? (await deps.store.latestFlows()).some((f) => f.flowId === flowId)
      : undefined;
    return c.json({
      passive,
      customerService,
      ...(published === false
        ? {
            warning: {
              zh: `流程 ${flowId} 尚未发布：服务器只使用已发布的版本`,
              en: `flow ${flowId} is not published: the server only uses published versions`,
            },
          }
        : {}),
    });
  });

  return routes;
}
