import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const options = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const minimumPasswordLength = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// A real hash to verify against when the account does not exist, so that an unknown
// e-mail address costs as much time as a wrong password and reveals nothing.
let dummyHash: Promise<string> | undefined;

/** True when `password` matches `storedHash`; with no hash, spends the same time and says false. */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword("samsyn-no-such-account");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
