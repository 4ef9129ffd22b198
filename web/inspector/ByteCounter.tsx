// Live WeChat byte count of a text: "已用 123 / 2048 字节", red once over the limit.
import { useTranslation } from "react-i18next";
import { utf8Bytes, WECHAT_TEXT_MAX_BYTES } from "../../shared/validate/checkMessages";

export function ByteCounter({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation("inspector");
  const bytes = utf8Bytes(text);
  const over = bytes > WECHAT_TEXT_MAX_BYTES;
  return (
    <div className={`byte-counter${over ? " over" : ""}`} data-testid="byte-counter">
      {label ? <span className="byte-counter-label">{label}</span> : null}
      <span>{t("bytesUsed", { used: bytes, max: WECHAT_TEXT_MAX_BYTES })}</span>
      {over ? <span className="byte-counter-warn">{t("bytesOver")}</span> : null}
    </div>
  );
}
