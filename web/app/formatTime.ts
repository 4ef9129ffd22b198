// Dates as a marketer reads them: "3 分钟前" for recent changes, a calendar date otherwise.
import i18n from "../i18n";

export function formatTime(iso: string | number, lang: string, now: number = Date.now()): string {
  const time = typeof iso === "number" ? iso : Date.parse(iso);
  if (!Number.isFinite(time)) return "—";
  const locale = lang === "en" ? "en" : "zh-CN";
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  if (abs < 45) return i18n.t("common:justNow");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), "day");
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(time);
}

export function formatDateTime(iso: string | number, lang: string): string {
  const time = typeof iso === "number" ? iso : Date.parse(iso);
  if (!Number.isFinite(time)) return "—";
  return new Intl.DateTimeFormat(lang === "en" ? "en" : "zh-CN", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(time);
}
