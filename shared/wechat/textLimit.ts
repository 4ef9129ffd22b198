// Keeps reply text within WeChat's 2048-byte (UTF-8) limit without ever cutting a character in half.

export const TEXT_LIMIT_BYTES = 2048;
export const TRUNCATION_MARKER = "…（内容过长已截断）";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const SENTENCE_END = /[。！？.!?；;]$/u;

/**
 * UTF-8 bytes of `text`, counted from UTF-16 code units without encoding (shared runs in the browser
 * too). A lone surrogate counts 3 bytes: TextEncoder and Buffer both send it as U+FFFD.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

interface Piece {
  text: string;
  bytes: number;
}

/** Grapheme clusters (so an emoji with modifiers stays whole), code points when one is oversized. */
function pieces(text: string, maxBytes: number): Piece[] {
  const out: Piece[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const bytes = utf8Length(segment);
    if (bytes <= maxBytes) {
      out.push({ text: segment, bytes });
      continue;
    }
    for (const codePoint of segment) out.push({ text: codePoint, bytes: utf8Length(codePoint) });
  }
  return out;
}

/**
 * Splits text into chunks of at most `maxBytes` UTF-8 bytes, preferring a line break, then a
 * sentence end, as long as the chunk keeps at least half the room. The line break itself is dropped.
 */
export function splitText(text: string, maxBytes = TEXT_LIMIT_BYTES): string[] {
  if (maxBytes < 4) throw new RangeError("maxBytes must be at least 4 (one UTF-8 character)");
  if (utf8Length(text) <= maxBytes) return [text];
  const all = pieces(text, maxBytes);
  const chunks: string[] = [];
  let start = 0;
  while (start < all.length) {
    let end = start;
    let bytes = 0;
    const lineBreaks: number[] = [];
    let sentenceEnd = -1;
    while (end < all.length && bytes + all[end]!.bytes <= maxBytes) {
      const piece = all[end]!;
      if (piece.text === "\n" || piece.text === "\r\n") lineBreaks.push(end);
      if (SENTENCE_END.test(piece.text)) sentenceEnd = end;
      bytes += piece.bytes;
      end++;
    }
    if (end >= all.length) {
      chunks.push(join(all, start, end));
      break;
    }
    const half = maxBytes / 2;
    const lastBreak = lineBreaks[lineBreaks.length - 1];
    if (lastBreak !== undefined && lastBreak > start && bytesOf(all, start, lastBreak) >= half) {
      chunks.push(join(all, start, lastBreak));
      start = lastBreak + 1;
    } else if (sentenceEnd >= start && bytesOf(all, start, sentenceEnd + 1) >= half) {
      chunks.push(join(all, start, sentenceEnd + 1));
      start = sentenceEnd + 1;
    } else {
      chunks.push(join(all, start, end));
      start = end;
    }
    // A chunk that begins with the rest of a line break would show an empty first line.
    while (start < all.length && all[start]!.text === "\n") start++;
  }
  return chunks.filter((chunk) => chunk.length > 0);
}

function join(all: Piece[], from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i++) out += all[i]!.text;
  return out;
}

function bytesOf(all: Piece[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += all[i]!.bytes;
  return sum;
}

/** Cuts text to fit, ending with a visible "…（内容过长已截断）" so the follower knows there was more. */
export function trimText(text: string, maxBytes = TEXT_LIMIT_BYTES): string {
  if (utf8Length(text) <= maxBytes) return text;
  const room = maxBytes - utf8Length(TRUNCATION_MARKER);
  if (room <= 0) return splitText(text, maxBytes)[0] ?? "";
  let kept = "";
  let bytes = 0;
  for (const piece of pieces(text, room)) {
    if (bytes + piece.bytes > room) break;
    kept += piece.text;
    bytes += piece.bytes;
  }
  return kept.trimEnd() + TRUNCATION_MARKER;
}

/** The passive reply gets `first`; the runtime sends `rest` through the customer-service API. */
export function fitText(
  text: string,
  maxBytes = TEXT_LIMIT_BYTES,
): { first: string; rest: string[] } {
  const [first = "", ...rest] = splitText(text, maxBytes);
  return { first, rest };
}
