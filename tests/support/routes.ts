import { requestIdRequestHeader } from "~/lib/load-context";

/**
 * Every route module of the app, called as Remix calls it: the harness of the authorization
 * matrix and the malformed-input fuzz. A route's path and params come from its file name (Remix
 * flat routes: `.` a slash, `$name` a param, `$` the splat, `_index` the index, `[.]` a dot).
 */
export type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

export interface AppRoute {
  /** The file under app/routes, e.g. "cases.$caseId.plan.goals.$goalId.tsx". */
  file: string;
  /** The URL pattern, e.g. "/cases/:caseId/plan/goals/:goalId". */
  pattern: string;
  /** Param names in the order they appear ("*" for the splat). */
  params: string[];
  loader?: Handler;
  action?: Handler;
  /** A page (has a component), not a resource route. */
  isPage: boolean;
}

const modules = import.meta.glob<Record<string, unknown>>("../../app/routes/*.{ts,tsx}", { eager: true });

export const appRoutes: AppRoute[] = Object.entries(modules)
  .map(([path, module]) => {
    const file = path.replace("../../app/routes/", "");
    const segments = file
      .replace(/\.tsx?$/, "")
      .replace(/\[\.\]/g, "\u0000")
      .split(".")
      .map((segment) => segment.replace(/\u0000/g, "."));
    const params: string[] = [];
    const parts = segments
      .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
      .map((segment) => {
        if (segment === "$") {
          params.push("*");
          return "*";
        }
        if (segment.startsWith("$")) {
          params.push(segment.slice(1));
          return `:${segment.slice(1)}`;
        }
        return segment;
      });
    return {
      file,
      pattern: `/${parts.join("/")}`,
      params,
      loader: typeof module.loader === "function" ? (module.loader as Handler) : undefined,
      action: typeof module.action === "function" ? (module.action as Handler) : undefined,
      isPage: typeof module.default === "function",
    };
  })
  .sort((a, b) => a.file.localeCompare(b.file));

/** The URL of a route with these params (values URL-encoded). */
export function urlOf(route: AppRoute, params: Record<string, string>, search = ""): string {
  const path = route.pattern.replace(/:([A-Za-z]+)|\*/g, (whole, name: string | undefined) => encodeURIComponent(params[name ?? "*"] ?? ""));
  return `http://localhost${path}${search}`;
}

export interface Call {
  method?: "GET" | "POST";
  params?: Record<string, string>;
  cookie?: string;
  search?: string;
  /** The body as sent; a URLSearchParams is sent urlencoded unless `contentType` says otherwise. */
  body?: BodyInit | null;
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** What the browser would get: the status, the redirect target, the data the page would show (serialised), or the server error. */
export interface Outcome {
  status: number;
  location?: string;
  /** The loader's or action's data as JSON text (what the page carries), when there is any. */
  text?: string;
  /** An error Remix would answer 500 for. */
  error?: unknown;
}

let calls = 0;

/** Calls a route's loader (GET) or action (POST) and classifies what it answers or throws. */
export async function callRoute(route: AppRoute, call: Call = {}): Promise<Outcome> {
  const method = call.method ?? "GET";
  const handler = method === "GET" ? route.loader : route.action;
  if (!handler) throw new Error(`${route.file} has no ${method === "GET" ? "loader" : "action"}`);
  const params = call.params ?? {};
  const headers: Record<string, string> = { [requestIdRequestHeader]: `harness-${++calls}`, Origin: "http://localhost", ...call.headers };
  if (call.cookie) headers.Cookie = call.cookie;
  if (method === "POST") {
    const type = call.contentType === undefined ? (call.body instanceof FormData ? undefined : "application/x-www-form-urlencoded") : call.contentType;
    if (type) headers["Content-Type"] = type;
  }
  const request = new Request(urlOf(route, params, call.search), { method, headers, body: method === "POST" ? (call.body ?? null) : undefined });
  try {
    return await answerOf(await handler({ request, params, context: { nonce: "n", requestId: headers[requestIdRequestHeader], clientIp: "203.0.113.9" } }));
  } catch (thrown) {
    if (thrown instanceof Response || isData(thrown)) return answerOf(thrown);
    return { status: 500, error: thrown };
  }
}

function isData(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

async function answerOf(value: unknown): Promise<Outcome> {
  if (value instanceof Response) {
    const location = value.headers.get("Location") ?? undefined;
    const type = value.headers.get("Content-Type") ?? "";
    const text = /json|text|csv/.test(type) ? await value.text() : undefined;
    return { status: value.status, location, text };
  }
  if (isData(value)) return { status: value.init?.status ?? 200, text: JSON.stringify(value.data) };
  return { status: 200, text: JSON.stringify(value ?? null) };
}
