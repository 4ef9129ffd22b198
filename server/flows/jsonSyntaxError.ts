// Where JSON text first goes wrong, as line and column: Node's JSON.parse often names no position.

export interface JsonSyntaxError {
  /** 1-based, counted in characters. */
  line: number;
  column: number;
  message: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Scans the text as JSON and returns the first error, or null when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (message: string): never => {
    throw new Stop(i, message);
  };
  const found = () => (i < text.length ? `"${text[i]}"` : "the end of the file");
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`expected ${word}, found ${found()}`);
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const ch = text[i]!;
      if (ch < " ") fail("unescaped line break or control character inside a string");
      if (ch === "\\") {
        i++;
        const esc = text[i] ?? "";
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("bad \\u escape");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(esc) || esc === "") {
          fail(`bad escape \\${esc}`);
        }
      }
      i++;
    }
    if (i >= text.length) fail("unterminated string");
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(`unexpected ${found()}`);
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === "{") object();
    else if (ch === "[") array();
    else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) number();
    else fail(`expected a value, found ${found()}`);
  };
  const object = () => {
    i++;
    space();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] !== '"') fail(`expected a double-quoted property name, found ${found()}`);
      string();
      space();
      if (text[i] !== ":") fail(`expected ":" after the property name, found ${found()}`);
      i++;
      value();
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail(`expected "," or "}" after a property value, found ${found()}`);
    }
  };
  const array = () => {
    i++;
    space();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value();
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail(`expected "," or "]" after an array element, found ${found()}`);
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    space();
    if (i < text.length) fail(`unexpected ${found()} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.offset).split("\n");
    return {
      line: before.length,
      column: before[before.length - 1]!.length + 1,
      message: error.message,
    };
  }
}
