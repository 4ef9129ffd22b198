// The custom menu (自定义菜单): the draft in flows/wechat.menu.json, publishing it to WeChat, its history.
import { Hono } from "hono";
import { z } from "zod";
import { checkMenu, type MenuDocument, menuPublishable, toWechatMenu } from "../../shared/menu";
import { explainMenuRefusal } from "../menu/explainMenuRefusal";
import {
  createMenuFile,
  type MenuDraft,
  type MenuFile,
  type MenuRead,
  parseMenuDocument,
} from "../menu/menuFile";
import type { PublishedFlow } from "../store/types";
import { WechatApiError } from "../wechat/apiError";
import { type ApiDeps, iso } from "./apiDeps";
import { ApiError } from "./apiError";
import { jsonBody } from "./jsonBody";

const revision = z
  .string()
  .regex(/^[0-9a-f]{40}$/, "must be the revision (sha1 hex) the edit started from, or null")
  .nullable();
const saveBody = z.object({ menu: z.unknown(), revision });
const publishBody = z.object({ revision });

export interface ClickKey {
  key: string;
  flowId: string;
  flowName: string;
}

/** The CLICK keys the live flows answer: click triggers of each flow's latest published version. */
export function clickKeysOf(flows: readonly PublishedFlow[]): ClickKey[] {
  const keys: ClickKey[] = [];
  for (const { flowId, flow } of flows) {
    for (const trigger of flow.triggers) {
      if (trigger.type !== "event" || trigger.event !== "click" || !trigger.key) continue;
      keys.push({ key: trigger.key, flowId, flowName: flow.name });
    }
  }
  return keys.sort(
    (a, b) =>
      a.flowName.localeCompare(b.flowName, "zh") ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
      (a.flowId < b.flowId ? -1 : a.flowId > b.flowId ? 1 : 0),
  );
}

function menuFileInvalid(read: Extract<MenuRead, { ok: false }>): ApiError {
  const first = read.errors[0];
  return new ApiError(
    422,
    "menu_file_invalid",
    {
      zh: `${read.file} 无法作为菜单读取${first?.field ? `（字段 ${first.field}）` : ""}：${first?.message ?? ""}。请修正文件，或在编辑器中重新保存菜单覆盖它`,
      en: `${read.file} does not read as a menu${first?.field ? ` (field ${first.field})` : ""}: ${first?.message ?? ""}. Fix the file, or save the menu from the editor over it`,
    },
    { file: read.file, errors: read.errors, revision: read.revision },
  );
}

function readable(read: MenuRead): MenuDraft {
  if (!read.ok) throw menuFileInvalid(read);
  return read;
}

export function createMenuRoutes(
  deps: ApiDeps,
  menuFile: MenuFile = createMenuFile(deps.flowsDir),
) {
  const { store, now } = deps;

  async function menuState(draft: MenuDraft) {
    const [flows, [last]] = await Promise.all([store.latestFlows(), store.listMenuPublishes(1)]);
    const clickKeys = clickKeysOf(flows);
    return {
      menu: draft.menu,
      revision: draft.revision,
      updatedAt: draft.updatedAt === null ? null : iso(draft.updatedAt),
      problems: checkMenu(draft.menu, { claimedClickKeys: new Set(clickKeys.map((k) => k.key)) }),
      clickKeys,
      published: last
        ? { version: last.version, publishedAt: iso(last.publishedAt), menu: last.menu }
        : null,
      wechat: { configured: deps.wechatApi !== undefined },
    };
  }

  async function conflict(current: MenuRead): Promise<ApiError> {
    return new ApiError(
      409,
      "conflict",
      {
        zh: "菜单已在别处被修改，请重新加载后再操作",
        en: "the menu was changed elsewhere since you opened it; reload it and try again",
      },
      { current: await menuState(readable(current)) },
    );
  }

  /** Sends the menu to WeChat; a refusal or a failure to reach it becomes a 502 saying which. */
  async function sendToWechat(menu: MenuDocument): Promise<void> {
    const api = deps.wechatApi;
    if (!api) {
      throw new ApiError(409, "wechat_not_configured", {
        zh: "尚未配置微信接口：请设置环境变量 WECHAT_APP_ID 和 WECHAT_APP_SECRET（公众号后台 → 设置与开发 → 基本配置）后重启 Huashu，再发布菜单",
        en: "the WeChat API is not configured: set WECHAT_APP_ID and WECHAT_APP_SECRET (WeChat admin console → Settings and development → Basic configuration), restart Huashu, then publish the menu",
      });
    }
    try {
      await api.createMenu(toWechatMenu(menu));
    } catch (error) {
      if (!(error instanceof WechatApiError)) throw error;
      if (error.kind === "api" && error.errcode !== null) {
        throw new ApiError(502, "wechat_refused", explainMenuRefusal(error.errcode, error.errmsg), {
          errcode: error.errcode,
          errmsg: error.errmsg,
        });
      }
      const why = error.kind === "http" ? `HTTP ${error.httpStatus}` : error.errmsg;
      throw new ApiError(502, "wechat_unreachable", {
        zh: `无法连接微信服务器（${why}），菜单没有发布；请检查服务器网络后重试`,
        en: `could not reach WeChat (${why}); the menu was not published. Check the server's network and try again`,
      });
    }
  }

  // One publish at a time, so the last version recorded is the menu WeChat has.
  let publishing: Promise<unknown> = Promise.resolve();

  return new Hono()
    .get("/menu", async (c) => c.json(await menuState(readable(await menuFile.read()))))

    .put("/menu", jsonBody(saveBody), async (c) => {
      const body = c.req.valid("json");
      const parsed = parseMenuDocument(body.menu);
      if (!parsed.ok) {
        const first = parsed.errors[0];
        const field = first?.field || "(menu)";
        throw new ApiError(
          400,
          "invalid_menu",
          {
            zh: `菜单内容无效（字段 ${field}）：${first?.message ?? ""}，未保存`,
            en: `the menu is not valid (field ${field}): ${first?.message ?? ""}; nothing was saved`,
          },
          { field, issues: parsed.errors },
        );
      }
      const saved = await menuFile.save(parsed.menu, body.revision);
      if (!saved.ok) throw await conflict(saved.current);
      return c.json(await menuState(saved.draft));
    })

    .post("/menu/publish", jsonBody(publishBody), async (c) => {
      const { revision: expected } = c.req.valid("json");
      const run = publishing.then(async () => {
        const current = await menuFile.read();
        if (current.revision !== expected) throw await conflict(current);
        const draft = readable(current);
        const state = await menuState(draft);
        if (!menuPublishable(state.problems)) {
          throw new ApiError(
            422,
            "menu_invalid",
            {
              zh: "菜单还有错误，修正后才能发布到微信",
              en: "the menu has errors; fix them before publishing it to WeChat",
            },
            { problems: state.problems },
          );
        }
        await sendToWechat(draft.menu);
        const recorded = await store.recordMenuPublish(draft.menu, now());
        return {
          ...(await menuState(draft)),
          version: recorded.version,
          publishedAt: iso(recorded.publishedAt),
        };
      });
      publishing = run.catch(() => undefined);
      return c.json(await run);
    })

    .get("/menu/publishes", async (c) => {
      const text = c.req.query("limit") ?? "20";
      const limit = /^\d{1,3}$/.test(text) ? Number(text) : 0;
      if (limit < 1 || limit > 200) {
        throw new ApiError(400, "invalid_request", {
          zh: `limit 须为 1–200 的整数，收到「${text}」`,
          en: `limit must be a whole number from 1 to 200, got "${text}"`,
        });
      }
      const publishes = await store.listMenuPublishes(limit);
      return c.json({
        publishes: publishes.map((p) => ({
          version: p.version,
          publishedAt: iso(p.publishedAt),
          menu: p.menu,
        })),
      });
    });
}
