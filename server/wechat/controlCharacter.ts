// Control characters in what WeChat sends as printable text (query parameters, an echostr).

/** C0, DEL and C1: never in WeChat's digits and base64, and no echo should carry one. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** The first control character in `text`, written as U+XXXX for an error message, if any. */
export function controlCharacterIn(text: string): string | undefined {
  const found = CONTROL.exec(text)?.[0];
  return found === undefined
    ? undefined
    : `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}
