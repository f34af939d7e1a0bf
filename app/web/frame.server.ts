import { data } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import type { z } from "zod";
import type { Actor } from "~/access/actor";
import { withReader, type Reader } from "~/access/gate.server";
import { i18nServer } from "~/i18n/i18next.server";
import { refusalText } from "~/i18n/meta";
import { serverT } from "~/i18n/resources.server";
import { inputErrorOf } from "~/lib/database-errors";
import { DomainError } from "~/lib/errors";
import { failure, failureOf, outageAsFailure, readForm } from "~/lib/http.server";
import { isUuid } from "~/lib/ids";
import { cleanText } from "~/lib/text";
import type { FormFailure, FormValues } from "./form-failure";

/**
 * The one route frame (docs/architecture.md, "A route"): guard → parse → service → answer.
 * A loader or action is one call to one of these; the guard runs first, always. Domain errors
 * become their status and code here, once: loaders throw them to the error boundary, actions
 * return them with what was typed so that the form shows it again and nothing is lost.
 */
export type Guard<A> = (request: Request) => Promise<A>;

export type { FormFailure, FormValues } from "./form-failure";

/** A DomainError that carries more for the page than its code (a version conflict, per-field answer errors). */
export interface WithDetails {
  details(): unknown;
}

/** Loader of a page or file with client data: the guard, then `work` with the request's reader. */
export async function readWith<A extends Actor, T>(request: Request, guard: Guard<A>, work: (reader: Reader<A>) => Promise<T>): Promise<T> {
  const actor = await guard(request);
  return thrownAsFailure(request, () => withReader(actor, work));
}

/**
 * Loader of a resource route with client data (a file, a CSV or JSON download): as `readWith`,
 * but a refusal (the guard's 401 or 403, the gate's 404, a DomainError, the outage's 503) is
 * thrown as `resourceRefusal`'s translated plain text. Remix keeps only the status of a `data()`
 * thrown from a resource route and sends "Unexpected Server Error" as JSON in its place.
 */
export async function readResource<A extends Actor, T>(request: Request, guard: Guard<A>, work: (reader: Reader<A>) => Promise<T>): Promise<T> {
  try {
    return await readWith(request, guard, work);
  } catch (error) {
    throw await resourceRefusal(error, request);
  }
}

/** Loader or action of a resource route without client data: as `loadAs`, refusals as in `readResource`. */
export async function loadResource<A, T>(request: Request, guard: Guard<A>, work: (actor: A) => Promise<T>): Promise<T> {
  try {
    return await loadAs(request, guard, work);
  } catch (error) {
    throw await resourceRefusal(error, request);
  }
}

/**
 * A thrown `failure(status, code)` as a Response whose body is its text in the reader's language
 * (`errors.codes.<code>`, else the status's generic text), `text/plain; charset=utf-8`, with the
 * failure's own headers (Retry-After, WWW-Authenticate …); anything else (a redirect, a bug) unchanged.
 */
async function resourceRefusal(error: unknown, request: Request): Promise<unknown> {
  const refusal = failureOf(error);
  if (!refusal) return error;
  const { status, code } = refusal;
  const locale = await i18nServer.getLocale(request);
  const headers = new Headers(refusal.headers);
  headers.set("Content-Type", "text/plain; charset=utf-8");
  headers.set("Content-Language", locale);
  headers.set("Cache-Control", "no-store");
  return new Response(`${refusalText(serverT(locale), status, code)}\n`, { status, headers });
}

/**
 * A look for an actor the route already holds (the e-ID callback, which learns who signs only
 * after its public guard). DomainErrors are left to the caller.
 */
export function lookAs<A extends Actor, T>(actor: A, work: (reader: Reader<A>) => Promise<T>): Promise<T> {
  return withReader(actor, work);
}

/** Loader without client data (the account page, administration, statistics): the guard, then `work`. */
export async function loadAs<A, T>(request: Request, guard: Guard<A>, work: (actor: A) => Promise<T>): Promise<T> {
  const actor = await guard(request);
  return thrownAsFailure(request, () => work(actor));
}

export interface FormOptions<F = never> {
  /** The most the body may hold, in bytes (default `maxFormBytes`, 64 kB); larger bodies answer 400 form.too_large. */
  formLimit?: number;
  /**
   * Reads a form with files instead (a streamed upload): its text fields and the files it took in.
   * A DomainError it throws is answered like the service's (its status and code), with the text
   * fields read so far when it carries them (`values`), so that nothing typed is lost.
   */
  upload?: (request: Request) => Promise<{ form: FormData; files: F[] }>;
}

/**
 * Action on client data: the guard, the form parsed with `schema` (files stay in `form`), then
 * `work` with the request's reader.
 */
export async function writeWith<A extends Actor, S extends z.ZodTypeAny, T, F = never>(
  request: Request,
  guard: Guard<A>,
  schema: S,
  work: (reader: Reader<A>, input: z.infer<S>, form: FormData, files: F[]) => Promise<T>,
  options: FormOptions<F> = {},
): Promise<T | ReturnType<typeof refusedForm>> {
  const actor = await guard(request);
  return submitted(request, schema, (input, form, files) => withReader(actor, (reader) => work(reader, input, form, files)), options);
}

/** Action without client data: the guard, the form parsed with `schema`, then `work`. */
export async function submitAs<A, S extends z.ZodTypeAny, T>(
  request: Request,
  guard: Guard<A>,
  schema: S,
  work: (actor: A, input: z.infer<S>, form: FormData) => Promise<T>,
  options: FormOptions = {},
): Promise<T | ReturnType<typeof refusedForm>> {
  const actor = await guard(request);
  return submitted(request, schema, (input, form) => work(actor, input, form), options);
}

/** An id from the URL, checked once: a malformed id is "not found" (404), never a database error. */
export function idParam(params: Params, name: string): string {
  const value = params[name];
  if (!isUuid(value)) throw failure(404, "not_found");
  return value;
}

/** A user id from the URL (staff ids are words like "demo-sara" or UUIDs): anything else is "not found". */
export function userIdParam(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== "string" || !/^[A-Za-z0-9-]{1,100}$/.test(value)) throw failure(404, "not_found");
  return value;
}

async function submitted<S extends z.ZodTypeAny, T, F>(request: Request, schema: S, work: (input: z.infer<S>, form: FormData, files: F[]) => Promise<T>, options: FormOptions<F>) {
  let form: FormData;
  let files: F[] = [];
  if (options.upload) {
    try {
      ({ form, files } = await options.upload(request));
    } catch (thrown) {
      if (!(thrown instanceof DomainError)) throw thrown;
      const typed = (thrown as DomainError & { values?: FormValues }).values;
      return refusedForm(thrown.status, thrown.code, typed ?? {}, {});
    }
  } else form = await readForm(request, options.formLimit);
  const values = formValues(form);
  const parsed = schema.safeParse(values);
  if (!parsed.success) return refusedForm(400, "form.invalid", values, fieldErrorsOf(parsed.error));
  try {
    return await work(parsed.data, form, files);
  } catch (thrown) {
    const error = asDomainError(thrown);
    if (!error || error.status === 404) throw asFailure(thrown, request);
    const details = typeof (error as Partial<WithDetails>).details === "function" ? (error as unknown as WithDetails).details() : null;
    return refusedForm(error.status, error.code, values, {}, details);
  }
}

function refusedForm(status: number, error: string, values: FormValues, fieldErrors: Record<string, string>, details: unknown = null) {
  const body: FormFailure = { ok: false, error, fieldErrors, values, details };
  return data(body, { status });
}

async function thrownAsFailure<T>(request: Request, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asFailure(error, request);
  }
}

/**
 * What the user did wrong, if it was that: a DomainError, or a database refusal that only bad
 * input causes (a malformed value, an id that does not exist; app/lib/database-errors.ts).
 */
function asDomainError(error: unknown): DomainError | null {
  return error instanceof DomainError ? error : inputErrorOf(error);
}

/**
 * A DomainError (or bad input the database refused) as the error boundary's response (its status
 * and code); a database outage as the 503 "try again" page; anything else unchanged.
 */
function asFailure(error: unknown, request: Request): unknown {
  const domain = asDomainError(error);
  return domain ? failure(domain.status, domain.code) : outageAsFailure(error, request);
}

/**
 * The form's text fields, each cleaned once for every form (cleanText: control characters other
 * than tab, LF and CR removed, Word's soft line break U+000B as a line break, lone surrogates
 * replaced), so no service stores or exports what is not text. A name sent twice gives a list.
 */
export function formValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const key of new Set(form.keys())) {
    const strings = form.getAll(key).filter((value): value is string => typeof value === "string").map(cleanText);
    if (strings.length === 0) continue;
    values[cleanText(key)] = strings.length === 1 ? strings[0]! : strings;
  }
  return values;
}

/** Zod's issues as field → i18n key; a message that is not a key becomes "form.invalid_value". */
function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = issue.path.join(".") || "form";
    errors[name] ??= /^[a-z_]+(\.[a-z_]+)+$/.test(issue.message) ? issue.message : "form.invalid_value";
  }
  return errors;
}

