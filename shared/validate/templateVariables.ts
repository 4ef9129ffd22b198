// The variable names a `{{name}}` / `{{name|fallback}}` template refers to.
// The engine has no exported extractor yet (shared/engine/template.ts), so validation keeps this regex;
// it must accept the same placeholders the engine renders.

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*(\|[^}]*)?\}\}/g;

export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match[1]) names.add(match[1]);
  }
  return [...names];
}
