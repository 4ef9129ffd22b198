// The error an outbound WeChat API call ends in, with what it means for the marketer and whether to retry.

export interface Explanation {
  zh: string;
  en: string;
}

const EXPLANATIONS: Record<number, Explanation> = {
  [-1]: { zh: "微信系统繁忙，请稍后重试。", en: "WeChat is busy; try again shortly." },
  40001: {
    zh: "access_token 无效或已被新的 token 取代。",
    en: "The access_token is invalid or was replaced by a newer one.",
  },
  40003: {
    zh: "OpenID 无效：该粉丝不属于本公众号。",
    en: "Invalid OpenID: the follower does not belong to this account.",
  },
  40013: { zh: "AppID 无效：请检查 WECHAT_APP_ID。", en: "Invalid AppID: check WECHAT_APP_ID." },
  40014: { zh: "access_token 不合法。", en: "The access_token is not valid." },
  40125: {
    zh: "AppSecret 无效：请检查 WECHAT_APP_SECRET（在公众号后台重置后需更新）。",
    en: "Invalid AppSecret: check WECHAT_APP_SECRET (it changes when reset in the admin console).",
  },
  40164: {
    zh: "服务器 IP 不在公众号后台的 IP 白名单中。",
    en: "This server's IP is not on the account's IP whitelist in the admin console.",
  },
  42001: { zh: "access_token 已过期。", en: "The access_token has expired." },
  43004: {
    zh: "该用户未关注公众号，无法发送。",
    en: "The follower has unfollowed the account, so nothing can be sent.",
  },
  45002: { zh: "消息内容过长。", en: "The message is too long." },
  45009: {
    zh: "接口调用已达今日上限，请明天再试或在后台清零。",
    en: "The daily API call limit is reached; wait until tomorrow or reset the quota in the admin console.",
  },
  45011: {
    zh: "接口调用过于频繁，请稍后再试。",
    en: "API calls are too frequent; slow down and retry.",
  },
  45015: {
    zh: "超出 48 小时客服消息窗口：粉丝最近没有给公众号发消息，只能等他再次互动。",
    en: "Outside the 48-hour window: the follower has not messaged the account recently; wait for them to write again.",
  },
  45047: {
    zh: "客服消息条数已用完：粉丝互动后最多下发 5 条（点击菜单、关注或扫码后 1 分钟内 3 条）。",
    en: "Customer-service quota used up: 5 messages after a follower's message (3 within a minute after a click, follow or scan).",
  },
  48001: {
    zh: "接口未授权：未认证的公众号没有客服消息等接口权限。",
    en: "API not authorised: unverified accounts have no customer-service API.",
  },
};

const TRANSIENT_CODES = new Set([-1, 45009, 45011]);

export type WechatApiErrorKind = "api" | "http" | "network";

export class WechatApiError extends Error {
  override readonly name = "WechatApiError";
  /** WeChat's errcode; null when the call never got a WeChat answer (network, HTTP status). */
  readonly errcode: number | null;
  readonly errmsg: string;
  readonly kind: WechatApiErrorKind;
  readonly httpStatus: number | undefined;
  /** The API path that failed, e.g. `/cgi-bin/message/custom/send`. */
  readonly path: string;
  /** Safe to try again later (busy, rate-limited, network, 5xx). */
  readonly transient: boolean;
  readonly explanation: Explanation | undefined;

  constructor(init: {
    path: string;
    kind: WechatApiErrorKind;
    errcode?: number | null;
    errmsg: string;
    httpStatus?: number;
    cause?: unknown;
  }) {
    const errcode = init.errcode ?? null;
    const explanation = errcode === null ? undefined : EXPLANATIONS[errcode];
    const what =
      errcode !== null
        ? `errcode ${errcode}`
        : init.kind === "http"
          ? `HTTP ${init.httpStatus}`
          : "network error";
    super(
      `WeChat ${init.path} failed (${what}): ${init.errmsg}${explanation ? ` — ${explanation.en}` : ""}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.errcode = errcode;
    this.errmsg = init.errmsg;
    this.kind = init.kind;
    this.httpStatus = init.httpStatus;
    this.path = init.path;
    this.explanation = explanation;
    this.transient =
      init.kind === "network" ||
      (init.kind === "http" && (init.httpStatus ?? 0) >= 500) ||
      (errcode !== null && TRANSIENT_CODES.has(errcode));
  }
}

/** The human explanation for an errcode, if it is one worth explaining. */
export function explainErrcode(errcode: number): Explanation | undefined {
  return EXPLANATIONS[errcode];
}
