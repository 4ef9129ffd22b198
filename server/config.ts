// Reads the server's settings from environment variables, explaining every problem by variable name.

import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { LOG_RETENTION_DEFAULT_DAYS } from "./runtime/housekeeping";

/** How WeChat's messages reach us: plaintext, or encrypted (compatible/safe mode) when a key is set. */
export type WechatMode = "off" | "plain" | "aes";

export interface WechatConfig {
  /** The Token entered in WeChat's server settings; undefined disables /wechat (503). */
  token: string | undefined;
  appId: string | undefined;
  appSecret: string | undefined;
  encodingAESKey: string | undefined;
  /** The key before the last rotation, tried when the current one fails. */
  encodingAESKeyPrevious: string | undefined;
  apiBase: string;
  mode: WechatMode;
}

export interface Config {
  port: number;
  dbPath: string;
  flowsDir: string;
  adminPassword: string | undefined;
  /** A reverse proxy in front appends X-Forwarded-For (HUASHU_TRUST_PROXY). */
  trustProxy: boolean;
  /** Days the message log and finished outbound messages are kept; null keeps them forever. */
  logRetentionDays: number | null;
  wechat: WechatConfig;
}

/** HUASHU_LOG_RETENTION_DAYS when unset: 180, why in housekeeping.ts (the runtime's own default). */
export { LOG_RETENTION_DEFAULT_DAYS };

/** A hundred years: any more is surely a typo, and `off` says "forever" plainly. */
const LOG_RETENTION_MAX_DAYS = 36_500;
/** Shortest HUASHU_ADMIN_PASSWORD accepted. */
export const ADMIN_PASSWORD_MIN_LENGTH = 8;

/**
 * SQLite page cache for the server (KiB). 64 MB keeps the pages a busy account touches (followers,
 * sessions, recent log) in memory even with a million followers; a small VPS can still afford it.
 */
export const SQLITE_CACHE_KIB = 64 * 1024;

export type ConfigResult =
  | { ok: true; config: Config; notes: string[] }
  | { ok: false; errors: string[] };

interface VariableDoc {
  name: string;
  defaultValue: string;
  meaning: string;
}

/** The one list behind `--help`; keep it in step with loadConfig. */
export const configVariables: VariableDoc[] = [
  { name: "PORT", defaultValue: "3000", meaning: "HTTP port, 1–65535 (监听端口)" },
  {
    name: "HUASHU_DB",
    defaultValue: "data/huashu.db",
    meaning:
      "SQLite database file; its folder is created; a second server on the same file is refused (SQLite 数据库文件，每个文件一个服务进程)",
  },
  {
    name: "HUASHU_FLOWS_DIR",
    defaultValue: "flows",
    meaning: "folder of flow JSON files, published on a fresh database (流程文件目录)",
  },
  {
    name: "WECHAT_TOKEN",
    defaultValue: "(unset: /wechat answers 503)",
    meaning: "Token from the Official Account's server settings (服务器配置 Token)",
  },
  {
    name: "WECHAT_APP_ID",
    defaultValue: "(unset)",
    meaning: "AppID; needed for encrypted mode and the customer-service API (开发者ID)",
  },
  {
    name: "WECHAT_APP_SECRET",
    defaultValue: "(unset: no customer-service API)",
    meaning: "AppSecret for the access token used by outbound messages (开发者密码)",
  },
  {
    name: "WECHAT_ENCODING_AES_KEY",
    defaultValue: "(unset: plaintext mode)",
    meaning:
      "43-character EncodingAESKey; needed for safe mode, replies encrypted (消息加解密密钥); unset, compatible mode is answered in plaintext",
  },
  {
    name: "WECHAT_ENCODING_AES_KEY_PREVIOUS",
    defaultValue: "(unset)",
    meaning: "the key before the last rotation, still accepted (上一个 EncodingAESKey)",
  },
  {
    name: "WECHAT_API_BASE",
    defaultValue: "https://api.weixin.qq.com",
    meaning: "WeChat API address; point it at a fake API for testing (微信接口地址)",
  },
  {
    name: "HUASHU_ADMIN_PASSWORD",
    defaultValue: "(unset: generated on first start, printed once, stored hashed)",
    meaning: `password for the admin API and editor, at least ${ADMIN_PASSWORD_MIN_LENGTH} characters (管理后台密码)`,
  },
  {
    name: "HUASHU_TRUST_PROXY",
    defaultValue: "0",
    meaning:
      "1 behind one reverse proxy (nginx …) that appends X-Forwarded-For: the login limit then counts per client, not per proxy (反向代理)",
  },
  {
    name: "HUASHU_LOG_RETENTION_DAYS",
    defaultValue: String(LOG_RETENTION_DEFAULT_DAYS),
    meaning: `days the message log, sent or failed customer-service messages and the funnel's runs are kept, 1–${LOG_RETENTION_MAX_DAYS}, or off to keep them forever; older ones are deleted hourly, totals stay (消息记录保留天数)`,
  },
];

export function configHelp(): string {
  const width = Math.max(...configVariables.map((v) => v.name.length));
  const lines = configVariables.map(
    (v) =>
      `  ${v.name.padEnd(width)}  ${v.meaning}\n  ${" ".repeat(width)}  default: ${v.defaultValue}`,
  );
  return [
    "Huashu (话术) server — serves published flows to WeChat followers.",
    "",
    "Usage: npm start            (or: tsx server/main.ts [--help])",
    "",
    "Environment variables (环境变量):",
    ...lines,
    "",
    "With no WECHAT_* variables the server runs for local use only (本地模式).",
  ].join("\n");
}

const AES_KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/;

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function checkAesKey(name: string, key: string | undefined, errors: string[]): void {
  if (key !== undefined && !AES_KEY_PATTERN.test(key)) {
    errors.push(
      `${name}: must be exactly 43 characters of letters, digits, + and / (got ${key.length}); copy it again from the Official Account's server settings`,
    );
  }
}

/**
 * Why HUASHU_DB could not be opened, when SQLite says the path is not a database it can use (a
 * folder, an unwritable place, another kind of file); undefined for any other error.
 */
export function databaseProblem(dbPath: string, error: unknown): string | undefined {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === "SQLITE_CANTOPEN") {
    return `HUASHU_DB: cannot open ${dbPath} (${message}); it must be a file, not a folder, in a folder this user can write`;
  }
  if (code === "SQLITE_FULL") {
    return `HUASHU_DB: the database ${dbPath} is full (${message}): there is no space left on its disk for what opening it writes; free space on that disk and start again (数据库已满：请释放磁盘空间)`;
  }
  if (code === "SQLITE_NOTADB") {
    return `HUASHU_DB: ${dbPath} is not a SQLite database (${message}); point HUASHU_DB at Huashu's database, or at a new file to create one`;
  }
  return undefined;
}

/**
 * Turns environment variables into a Config or a list of errors, one per variable at fault.
 * `createDbFolder` is false in tests that only check the messages.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  options: { createDbFolder?: boolean } = {},
): ConfigResult {
  const errors: string[] = [];
  const notes: string[] = [];

  const portText = blankToUndefined(env.PORT) ?? "3000";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || !Number.isInteger(port) || port < 1 || port > 65535) {
    errors.push(`PORT: "${portText}" is not a port number; use a whole number from 1 to 65535`);
  }

  const dbPath = resolve(blankToUndefined(env.HUASHU_DB) ?? "data/huashu.db");
  if (options.createDbFolder !== false && errors.length === 0) {
    try {
      mkdirSync(dirname(dbPath), { recursive: true });
    } catch (error) {
      errors.push(
        `HUASHU_DB: cannot create the folder ${dirname(dbPath)} (${(error as Error).message}); choose a writable path`,
      );
    }
  }
  const flowsDir = resolve(blankToUndefined(env.HUASHU_FLOWS_DIR) ?? "flows");

  const token = blankToUndefined(env.WECHAT_TOKEN);
  const appId = blankToUndefined(env.WECHAT_APP_ID);
  const appSecret = blankToUndefined(env.WECHAT_APP_SECRET);
  const encodingAESKey = blankToUndefined(env.WECHAT_ENCODING_AES_KEY);
  const encodingAESKeyPrevious = blankToUndefined(env.WECHAT_ENCODING_AES_KEY_PREVIOUS);
  const apiBase = blankToUndefined(env.WECHAT_API_BASE) ?? "https://api.weixin.qq.com";

  if (token !== undefined && !/^[A-Za-z0-9]{3,32}$/.test(token)) {
    errors.push(
      "WECHAT_TOKEN: WeChat accepts 3–32 letters and digits; use the same Token as in the server settings",
    );
  }
  checkAesKey("WECHAT_ENCODING_AES_KEY", encodingAESKey, errors);
  checkAesKey("WECHAT_ENCODING_AES_KEY_PREVIOUS", encodingAESKeyPrevious, errors);
  if (encodingAESKey !== undefined) {
    if (token === undefined) {
      errors.push("WECHAT_ENCODING_AES_KEY is set but WECHAT_TOKEN is not; set both (or neither)");
    }
    if (appId === undefined) {
      errors.push(
        "WECHAT_ENCODING_AES_KEY is set but WECHAT_APP_ID is not; encrypted messages carry the AppID, so set it",
      );
    }
  }
  if (encodingAESKeyPrevious !== undefined && encodingAESKey === undefined) {
    errors.push(
      "WECHAT_ENCODING_AES_KEY_PREVIOUS is set without WECHAT_ENCODING_AES_KEY; set the current key too",
    );
  }
  if (appSecret !== undefined && appId === undefined) {
    errors.push("WECHAT_APP_SECRET is set but WECHAT_APP_ID is not; the access token needs both");
  }
  let apiUrl: URL | undefined;
  try {
    apiUrl = new URL(apiBase);
  } catch {
    // reported below
  }
  if (!apiUrl || (apiUrl.protocol !== "http:" && apiUrl.protocol !== "https:")) {
    errors.push(
      `WECHAT_API_BASE: "${apiBase}" is not an http(s) URL, e.g. https://api.weixin.qq.com`,
    );
  }

  const trustProxyText = blankToUndefined(env.HUASHU_TRUST_PROXY)?.toLowerCase() ?? "0";
  const trustProxy = ["1", "true", "yes"].includes(trustProxyText);
  if (!trustProxy && !["0", "false", "no"].includes(trustProxyText)) {
    errors.push(
      `HUASHU_TRUST_PROXY: "${env.HUASHU_TRUST_PROXY}" is not 1 or 0; set 1 only when a reverse proxy in front appends X-Forwarded-For`,
    );
  }

  const adminPassword = blankToUndefined(env.HUASHU_ADMIN_PASSWORD);
  // The editor faces the internet beside /wechat; the login limit slows guessing, a length helps.
  if (adminPassword !== undefined && [...adminPassword].length < ADMIN_PASSWORD_MIN_LENGTH) {
    errors.push(
      `HUASHU_ADMIN_PASSWORD: ${[...adminPassword].length} characters is too short for a server on the internet; use at least ${ADMIN_PASSWORD_MIN_LENGTH}, or unset it to have a strong one generated (密码太短)`,
    );
  }

  const retentionText = blankToUndefined(env.HUASHU_LOG_RETENTION_DAYS)?.toLowerCase();
  let logRetentionDays: number | null = LOG_RETENTION_DEFAULT_DAYS;
  if (retentionText === "off") logRetentionDays = null;
  else if (retentionText !== undefined) {
    logRetentionDays = Number(retentionText);
    if (!/^\d+$/.test(retentionText)) {
      errors.push(
        `HUASHU_LOG_RETENTION_DAYS: "${env.HUASHU_LOG_RETENTION_DAYS}" is not a number of days; use a whole number from 1 to ${LOG_RETENTION_MAX_DAYS}, or off to keep the message log forever`,
      );
    } else if (logRetentionDays < 1) {
      // The log is also what the editor's sandbox reads a reply back from, so it must outlive a turn.
      errors.push(
        "HUASHU_LOG_RETENTION_DAYS: 0 would delete each message as soon as it is logged; use at least 1 day, or off to keep the message log forever",
      );
    } else if (logRetentionDays > LOG_RETENTION_MAX_DAYS) {
      errors.push(
        `HUASHU_LOG_RETENTION_DAYS: ${retentionText} days is more than ${LOG_RETENTION_MAX_DAYS} (100 years); use off to keep the message log forever`,
      );
    }
  }

  if (errors.length > 0) return { ok: false, errors };

  const mode: WechatMode = token === undefined ? "off" : encodingAESKey ? "aes" : "plain";
  if (mode === "off") {
    notes.push(
      "WECHAT_TOKEN is not set: running for local use only; /wechat answers 503 (未配置微信，仅本地使用)",
    );
  } else if (mode === "plain") {
    notes.push("WeChat plaintext mode (明文模式); set WECHAT_ENCODING_AES_KEY for safe mode");
  } else {
    notes.push("WeChat compatible/safe mode: encrypted messages accepted (兼容/安全模式)");
  }
  if (mode !== "off" && (appId === undefined || appSecret === undefined)) {
    notes.push(
      "WECHAT_APP_ID/WECHAT_APP_SECRET not set: only the passive reply is sent; further messages are marked failed",
    );
  }

  if (logRetentionDays === null) {
    notes.push(
      "HUASHU_LOG_RETENTION_DAYS=off: the message log is kept forever and the database keeps growing (消息记录永久保留)",
    );
  }

  return {
    ok: true,
    notes,
    config: {
      port,
      dbPath,
      flowsDir,
      adminPassword,
      trustProxy,
      logRetentionDays,
      wechat: {
        token,
        appId,
        appSecret,
        encodingAESKey,
        encodingAESKeyPrevious,
        apiBase: apiBase.replace(/\/+$/, ""),
        mode,
      },
    },
  };
}
