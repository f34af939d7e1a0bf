import { z } from "zod";

/**
 * The sign-in forms. They never refuse a field for its form: what does not match simply does not
 * sign anyone in, with the same answer as a wrong password (no hint about which field was wrong).
 * Over-long values are cut, not echoed (an e-mail address is at most 320 characters, RFC 5321).
 */
const text = (max: number) => z.string().catch("").default("").transform((value) => value.slice(0, max));

export const signInSchema = z.object({ email: text(320), password: text(1024), returnTo: text(2000) });

export const secondFactorSchema = z.object({
  code: text(64),
  method: z.enum(["totp", "recovery"]).catch("totp").default("totp"),
  returnTo: text(2000),
});

export const signOutSchema = z.object({ scope: z.enum(["here", "everywhere"]).catch("here").default("here") });
