import { expect } from "vitest";
import { DomainError } from "~/lib/errors";

/** The DomainError a service call was refused with (the test fails if it was not refused). */
export async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** The Response a gate threw (a redirect to sign in, a 403); anything else fails the test. */
export async function gateResponse(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected the gate to refuse");
}
