// Live WeChat byte count of a text: "已用 123 / 2048 字节", red once over the limit.
import { useTranslation } from "react-i18next";
import { TEXT_LIMIT_BYTES, utf8Length } from "../../shared/wechat";

export function ByteCounter({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation("inspector");
  const bytes = utf8Length(text);
  const over = bytes > TEXT_LIMIT_BYTES;
  return (
    <div className={`byte-counter${over ? " over" : ""}`} data-testid="byte-counter">
      {label ? <span className="byte-counter-label">{label}</span> : null}
      <span>{t("bytesUsed", { used: bytes, max: TEXT_LIMIT_BYTES })}</span>
      {over ? <span className="byte-counter-warn">{t("bytesOver")}</span> : null}
    </div>
  );
}
