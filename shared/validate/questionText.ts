// The text a question sends (prompt and options as one message), as the engine renders it.
import { renderQuestionText } from "../engine";
import type { QuestionNode } from "../schema";

/** Placeholders render empty here: the byte check measures what the marketer wrote. */
export function questionText(node: QuestionNode): string {
  return renderQuestionText(node, {}, null);
}
