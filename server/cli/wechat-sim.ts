// `npm run wechat-sim`: talks to a running Huashu server exactly as WeChat would, from the terminal.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import {
  callbackXml,
  createFakeWechat,
  nextMsgId,
  type PassiveReply,
} from "../runtime/fakeWechatClient";
import { type FakeWechatApi, startFakeWechatApi } from "../wechat/fakeWechatApi";
import { cdata } from "../wechat/reply";

const HELP = `Usage: npm run wechat-sim -- --url http://127.0.0.1:3000/wechat --openid test-1 [options]

Behaves like WeChat towards a running Huashu server (模拟微信服务器): every line you type is sent
as the follower's text message, signed (and encrypted in safe mode); the passive reply is printed.
It also runs a fake WeChat API and prints every customer-service message the server sends, every
custom menu the editor publishes (发布到微信), and any access-token request it refuses (the
server's AppID or AppSecret differ from its own).

Options:
  --url URL          the server's callback URL (default http://127.0.0.1:3000/wechat)
  --openid ID        the follower's OpenID (default test-1)
  --token T          WECHAT_TOKEN of the server (default huashu)
  --aes-key K        WECHAT_ENCODING_AES_KEY: send in safe mode, decrypt and verify replies
  --app-id A         WECHAT_APP_ID (needed with --aes-key; also the fake API's AppID)
  --api-port P       port of the fake WeChat API (default 4000; 0 to not start it)
  --help             this text

Commands at the prompt:
  /subscribe [scene]   follow (through a QR scene when given)
  /scan SCENE          an existing follower scans a scene QR code
  /click KEY           a menu CLICK
  /scancode KEY [TEXT] the menu's scan button with key KEY scans TEXT (scancode_waitmsg)
  /unsubscribe         unfollow
  /kfclose [account]   the customer-service agent closes the session (kf_close_session):
                       after a handoff, the flows answer the follower again
  /image               send a picture
  /location            send a location
  /openid ID           continue as another follower
  /help                these commands
  /quit                leave

Start the server so its outbound messages reach the fake API, e.g.:
  WECHAT_TOKEN=huashu WECHAT_APP_ID=wxhuashusim WECHAT_APP_SECRET=simsecret \\
  WECHAT_API_BASE=http://127.0.0.1:4000 npm start`;

const SEND = "/cgi-bin/message/custom/send";
const MENU_CREATE = "/cgi-bin/menu/create";
/** The agent `/kfclose` names when none is given (`account@wechat id`, as WeChat writes it). */
const DEFAULT_KF_ACCOUNT = "kf2001@huashu_sim";
const TOKEN_PATHS = new Set(["/cgi-bin/token", "/cgi-bin/stable_token"]);
/** WeChat waits 5 s, then sends the same request again; three tries in all. */
const WECHAT_WAIT_MS = 5000;
const WECHAT_TRIES = 3;

function describeReply(reply: PassiveReply): string {
  if (reply.status !== 200) return `HTTP ${reply.status}: ${reply.raw}`;
  if (reply.xml === "" || reply.xml === "success") return "(no reply / 无回复)";
  const f = reply.fields ?? {};
  switch (reply.msgType) {
    case "text":
      return String(reply.content ?? "");
    case "transfer_customer_service":
      return `(transferred to customer service / 转人工${reply.kfAccount ? `: ${reply.kfAccount}` : ""})`;
    case "image":
      return `[image ${JSON.stringify(f.Image)}]`;
    case "news":
      return `[news ${JSON.stringify(f.Articles)}]`;
    default:
      return `[${reply.msgType}] ${reply.xml}`;
  }
}

/** A menu as the server sent it to /cgi-bin/menu/create: 课程咨询 | 更多: 官网, 扫码查真伪. */
function describeMenu(body: unknown): string {
  const buttons = (body as { button?: unknown } | null)?.button;
  if (!Array.isArray(buttons)) return JSON.stringify(body);
  if (buttons.length === 0) return "(no buttons)";
  const name = (b: unknown) => {
    const { name, type, key, url } = (b ?? {}) as Record<string, unknown>;
    const what = typeof key === "string" ? key : typeof url === "string" ? url : undefined;
    return `${String(name)}${type ? ` (${String(type)}${what ? ` ${what}` : ""})` : ""}`;
  };
  return buttons
    .map((b) => {
      const subs = (b as { sub_button?: unknown } | null)?.sub_button;
      return Array.isArray(subs) && subs.length > 0
        ? `${String((b as { name?: unknown }).name)}: ${subs.map(name).join(", ")}`
        : name(b);
    })
    .join(" | ");
}

function describeCustom(body: Record<string, unknown>): string {
  const type = String(body.msgtype);
  const inner = body[type] as Record<string, unknown> | undefined;
  if (type === "text") return String(inner?.content ?? "");
  return `[${type}] ${JSON.stringify(inner)}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: "http://127.0.0.1:3000/wechat" },
      openid: { type: "string", default: "test-1" },
      token: { type: "string", default: "huashu" },
      "aes-key": { type: "string" },
      "app-id": { type: "string" },
      "api-port": { type: "string", default: "4000" },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!/^https?:\/\/[^/]/.test(values.url!) || !URL.canParse(values.url!)) {
    console.error(
      `--url: "${values.url}" is not an http(s) URL; give the server's callback, e.g. http://127.0.0.1:3000/wechat`,
    );
    return 1;
  }
  const aesKey = values["aes-key"];
  if (aesKey !== undefined && !/^[A-Za-z0-9+/]{43}$/.test(aesKey)) {
    console.error(
      `--aes-key: must be the server's 43-character WECHAT_ENCODING_AES_KEY (got ${aesKey.length} characters)`,
    );
    return 1;
  }
  if (values["aes-key"] && !values["app-id"]) {
    console.error("--aes-key needs --app-id (the AppID the server decrypts for)");
    return 1;
  }
  const appId = values["app-id"] ?? "wxhuashusim";
  const client = createFakeWechat({
    url: values.url!,
    token: values.token!,
    ...(values["aes-key"] ? { encodingAESKey: values["aes-key"], appId } : {}),
  });
  let openid = values.openid!;

  let api: FakeWechatApi | undefined;
  let shown = 0;
  const apiPortText = values["api-port"]!;
  const apiPort = Number(apiPortText);
  if (!/^\d+$/.test(apiPortText) || apiPort > 65535) {
    console.error(
      `--api-port: "${apiPortText}" is not a port number; use 1 to 65535, or 0 to run no fake API`,
    );
    return 1;
  }
  if (apiPort > 0) {
    try {
      api = await startFakeWechatApi({ port: apiPort, appId, appSecret: "simsecret" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      console.error(
        `--api-port: ${apiPort} is already in use (another wechat-sim?); stop it or choose another port, and point the server's WECHAT_API_BASE at it`,
      );
      return 1;
    }
    console.log(
      `fake WeChat API on ${api.url} (AppID ${api.appId}, AppSecret ${api.appSecret}); start the server with\n` +
        `  WECHAT_API_BASE=${api.url} WECHAT_APP_ID=${api.appId} WECHAT_APP_SECRET=${api.appSecret}`,
    );
  }
  const printCustomMessages = () => {
    if (!api) return;
    const calls = api.received();
    for (; shown < calls.length; shown++) {
      const call = calls[shown]!;
      if (TOKEN_PATHS.has(call.path) && call.errcode !== 0) {
        // Otherwise the server's customer-service messages just never show up here.
        console.log(
          `\n✗ [access_token refused: errcode ${call.errcode}] start the server with WECHAT_APP_ID=${api.appId} WECHAT_APP_SECRET=${api.appSecret}`,
        );
        continue;
      }
      if (call.path === MENU_CREATE) {
        const status = call.errcode === 0 ? "" : ` (refused: errcode ${call.errcode})`;
        console.log(`\n← [自定义菜单 menu/create] ${describeMenu(call.body)}${status}`);
        continue;
      }
      if (call.path !== SEND) continue;
      const body = (call.body ?? {}) as Record<string, unknown>;
      const status = call.errcode === 0 ? "" : ` (refused: errcode ${call.errcode})`;
      console.log(`\n← [客服消息 → ${String(body.touser)}] ${describeCustom(body)}${status}`);
    }
  };
  const poll = setInterval(printCustomMessages, 200);

  // Events are de-duplicated by follower + CreateTime: never send two in the same second.
  let lastCreateTime = 0;
  const createTime = () => {
    lastCreateTime = Math.max(Math.floor(Date.now() / 1000), lastCreateTime + 1);
    return lastCreateTime;
  };
  const event = (name: string, fields: Record<string, string> = {}) =>
    callbackXml(openid, "event", { Event: name, ...fields }, { createTime: createTime() });
  const message = (type: string, fields: Record<string, string>) =>
    callbackXml(openid, type, { ...fields, MsgId: nextMsgId() }, { createTime: createTime() });

  async function deliver(xml: string, opensWindow: "message" | "event" | null): Promise<void> {
    if (opensWindow === "message") api?.recordFollowerMessage(openid);
    if (opensWindow === "event") api?.recordFollowerEvent(openid);
    const request = client.sign(xml);
    for (let attempt = 1; attempt <= WECHAT_TRIES; attempt++) {
      try {
        const reply = await client.send(request, { signal: AbortSignal.timeout(WECHAT_WAIT_MS) });
        // Customer-service messages that reached the fake API first are shown first, as WeChat would.
        printCustomMessages();
        console.log(`← ${describeReply(reply)}`);
        return;
      } catch (error) {
        const timedOut = (error as Error).name === "TimeoutError";
        if (!timedOut) {
          console.log(`✗ cannot reach ${values.url}: ${(error as Error).message}`);
          return;
        }
        console.log(`… no answer in 5 s (try ${attempt} of ${WECHAT_TRIES})`);
      }
    }
    console.log(
      "✗ 该公众号暂时无法提供服务，请稍后再试 (what the follower sees after three tries)",
    );
  }

  async function handle(line: string): Promise<boolean> {
    const text = line.trim();
    if (text === "") return true;
    if (!text.startsWith("/")) {
      await deliver(message("text", { Content: text }), "message");
      return true;
    }
    const [command, ...args] = text.split(/\s+/);
    const arg = args.join(" ");
    switch (command) {
      case "/quit":
        return false;
      case "/help":
        console.log(HELP.slice(HELP.indexOf("Commands")));
        return true;
      case "/openid":
        if (!arg) console.log(`current OpenID: ${openid}`);
        else openid = arg;
        console.log(`now speaking as ${openid}`);
        return true;
      case "/subscribe":
        await deliver(
          event("subscribe", arg ? { EventKey: `qrscene_${arg}`, Ticket: "TICKET" } : {}),
          "event",
        );
        return true;
      case "/scan":
        if (!arg) console.log("usage: /scan SCENE");
        else await deliver(event("SCAN", { EventKey: arg, Ticket: "TICKET" }), "event");
        return true;
      case "/click":
        if (!arg) console.log("usage: /click KEY");
        else await deliver(event("CLICK", { EventKey: arg }), "event");
        return true;
      case "/scancode": {
        // The scan button of the menu: WeChat shows 消息接收中 and waits for the reply.
        const [key, ...scanned] = args;
        if (!key) {
          console.log("usage: /scancode KEY [TEXT]");
          return true;
        }
        const info = `<ScanCodeInfo><ScanType>${cdata("qrcode")}</ScanType><ScanResult>${cdata(scanned.join(" "))}</ScanResult></ScanCodeInfo>`;
        const xml = event("scancode_waitmsg", { EventKey: key }).replace("</xml>", `${info}</xml>`);
        await deliver(xml, "event");
        return true;
      }
      case "/unsubscribe":
        // As WeChat: nothing more reaches a follower who left (43004) until they follow again.
        api?.unfollow(openid);
        await deliver(event("unsubscribe"), null);
        return true;
      case "/kfclose":
        // The agent's doing, not the follower's: it opens no customer-service window.
        await deliver(event("kf_close_session", { KfAccount: arg || DEFAULT_KF_ACCOUNT }), null);
        return true;
      case "/image":
        await deliver(
          message("image", { PicUrl: "http://example.com/sim.jpg", MediaId: "sim_media" }),
          "message",
        );
        return true;
      case "/location":
        await deliver(
          callbackXml(
            openid,
            "location",
            {
              Location_X: "23.134521",
              Location_Y: "113.358803",
              Scale: "20",
              Label: "广州市海珠区",
              MsgId: nextMsgId(),
            },
            { createTime: createTime() },
          ),
          "message",
        );
        return true;
      default:
        console.log(`unknown command ${command}; /help lists them`);
        return true;
    }
  }

  const interactive = process.stdin.isTTY === true;
  const rl = createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
  });
  const prompt = () => {
    if (!interactive) return;
    rl.setPrompt(`${openid}> `);
    rl.prompt();
  };

  console.log(
    `talking to ${values.url} as ${openid}${values["aes-key"] ? " (safe mode)" : ""}; /help for commands`,
  );
  prompt();
  for await (const line of rl) {
    if (!interactive && line.trim() !== "") console.log(`${openid}> ${line.trim()}`);
    const goOn = await handle(line);
    if (!goOn) break;
    prompt();
  }
  rl.close();
  // Customer-service messages of the last turn may still be on their way.
  if (api) await new Promise((r) => setTimeout(r, 1500));
  printCustomMessages();
  clearInterval(poll);
  await api?.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
