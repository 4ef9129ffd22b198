// Message text with `{{variable}}` placeholders shown as chips, so a marketer sees what gets filled in.
import { Fragment, memo } from "react";

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|([^}]*))?\}\}/g;

export const TemplateText = memo(function TemplateText({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(placeholder)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(<Fragment key={`t${at}`}>{text.slice(last, at)}</Fragment>);
    parts.push(
      <span key={`v${at}`} className="hs-var" title={match[0]}>
        {match[1]}
      </span>,
    );
    last = at + match[0].length;
  }
  if (last < text.length) parts.push(<Fragment key="end">{text.slice(last)}</Fragment>);
  return <>{parts}</>;
});
