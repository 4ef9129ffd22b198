// question nodes: asking (prompt + options as one text) and taking an answer or counting a failure.
import type { QuestionNode, VariableValue } from "../schema";
import { NEXT, NO_MATCH } from "../schema";
import { type Cursor, note, type StepContext } from "./context";
import { flowIndex } from "./flowIndex";
import { follow } from "./follow";
import { matchOption, renderOptions } from "./options";
import { coerceToType } from "./session";
import { renderTemplate } from "./template";
import type { FollowerView, Session } from "./types";
import { validateInput } from "./validators";

/**
 * Forgets a question's failed answers. Rebuilds the object rather than `delete`, which would
 * push the session into V8's slow dictionary mode on every later copy.
 */
function resetRetries(session: Session, nodeId: string): void {
  if (!Object.hasOwn(session.retries, nodeId)) return;
  const retries: Record<string, number> = {};
  for (const key in session.retries) if (key !== nodeId) retries[key] = session.retries[key]!;
  session.retries = retries;
}

/** The prompt, then the options one per line: what the follower reads as one message. */
export function renderQuestionText(
  question: QuestionNode,
  variables: Record<string, VariableValue>,
  follower: FollowerView | null,
): string {
  const prompt = renderTemplate(question.prompt, variables, follower);
  if (question.answer.type !== "options") return prompt;
  const options = renderOptions(question.answer.options, question.answer.display);
  return prompt.length > 0 ? `${prompt}\n${options}` : options;
}

/** Arriving at a question: ask it and wait for the answer, with a clean retry count. */
export function askQuestion(ctx: StepContext, cursor: Cursor, node: QuestionNode): void {
  const { session } = cursor;
  session.status = "active";
  session.nodeId = node.id;
  resetRetries(session, node.id);
  ctx.replies.push({
    nodeId: node.id,
    flowId: cursor.flow.flow.id,
    type: "text",
    text: renderQuestionText(node, session.variables, ctx.follower),
  });
}

export type Answer = { text: string; menuId?: string } | { media: true };

/**
 * Keeps an answer in a number or boolean variable as that type, as set and http nodes do: 是
 * picked for a boolean is true, "1,500" typed for a number is 1500, so conditions see them.
 * Elsewhere the validator's normalised value is kept as it is (a number from a number check).
 */
function storeAnswer(
  ctx: StepContext,
  cursor: Cursor,
  node: QuestionNode,
  name: string,
  answer: string | number,
): void {
  const type = flowIndex(cursor.flow.flow).variable(name)?.type;
  const value = type === "number" || type === "boolean" ? coerceToType(answer, type) : answer;
  if (value === null) note(ctx, `${node.id}: "${answer}" is not a ${type}, ${name} set to empty`);
  cursor.session.variables[name] = value;
}

/**
 * Takes the follower's answer. Returns the node to walk on to, or null when the walk stops
 * here (asked again, or no edge to follow).
 */
export function answerQuestion(
  ctx: StepContext,
  cursor: Cursor,
  node: QuestionNode,
  answer: Answer,
): string | null {
  const { session } = cursor;
  if ("text" in answer) {
    if (node.answer.type === "options") {
      const option = matchOption(node.answer.options, answer);
      if (option) {
        note(ctx, `${node.id}: answer picked option ${option.id}`);
        if (node.answer.saveTo) storeAnswer(ctx, cursor, node, node.answer.saveTo, option.label);
        resetRetries(session, node.id);
        return follow(ctx, cursor, node.id, option.id);
      }
      note(ctx, `${node.id}: answer matched no option`);
    } else {
      const result = validateInput(node.answer.validator, answer.text);
      if (result.ok) {
        storeAnswer(ctx, cursor, node, node.answer.variable, result.value);
        resetRetries(session, node.id);
        return follow(ctx, cursor, node.id, NEXT);
      }
      note(ctx, `${node.id}: answer rejected by ${node.answer.validator.type} (${result.reason})`);
    }
  } else {
    note(ctx, `${node.id}: a media message is not an answer`);
  }
  return failedAnswer(ctx, cursor, node);
}

function failedAnswer(ctx: StepContext, cursor: Cursor, node: QuestionNode): string | null {
  const { session } = cursor;
  const retries = (session.retries[node.id] ?? 0) + 1;
  if (retries > node.maxRetries) {
    resetRetries(session, node.id);
    note(ctx, `${node.id}: ${retries} failed answers, leaving by ${NO_MATCH}`);
    return follow(ctx, cursor, node.id, NO_MATCH);
  }
  session.retries[node.id] = retries;
  session.status = "active";
  const reprompt = renderTemplate(node.reprompt, session.variables, ctx.follower);
  const question = renderQuestionText(node, session.variables, ctx.follower);
  ctx.replies.push({
    nodeId: node.id,
    flowId: cursor.flow.flow.id,
    type: "text",
    text: reprompt.length > 0 ? `${reprompt}\n\n${question}` : question,
  });
  return null;
}
