import { describeAction, describeWhy, type AccessLogEntry } from "./export";

type Language = "sv" | "en";

/**
 * The client's log line in plain words where the shared wording (export.ts) has none: a change
 * recorded without a basis still says why ("to handle a request for information about you"),
 * never "Why: –", and an action the shared wording does not know is named by what it touched
 * ("updated your case"), never "handled your information". Returns keys in the audit namespace
 * (audit:client.*) or the shared words; client-safe.
 */
export type ClientWords = { text: string } | { key: string };

const unknownWording = { sv: describeAction("\u0000unknown", "sv"), en: describeAction("\u0000unknown", "en") };

/** What the officer did: the shared words, else words of our own by the action's kind. */
export function clientWhat(action: string, resourceType: string | null, language: Language): ClientWords {
  const shared = describeAction(action, language, resourceType);
  if (shared !== unknownWording[language]) return { text: shared };
  if (action === "identity.view") return { key: "client.what.identity" };
  return { key: `client.what.${familyOf(action)}` };
}

/** Why: the basis in words, else (a change recorded without a basis) the reason the change serves (export.ts, describeWhy). */
export function clientWhy(entry: Pick<AccessLogEntry, "action" | "basis" | "outcome">, language: Language): ClientWords {
  return { text: describeWhy(entry, language) };
}

function familyOf(action: string): "request" | "plan" | "consent" | "case" {
  if (action.startsWith("request.")) return "request";
  if (action.startsWith("plan.")) return "plan";
  if (action.startsWith("consent.")) return "consent";
  return "case";
}
