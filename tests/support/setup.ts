import { generateKeyPairSync, randomBytes } from "node:crypto";

// Fixed per run, never written to disk: tests need keys but not the development key file.
process.env.NODE_ENV = "test";
process.env.SAMSYN_ENCRYPTION_KEYS ??= `1:${randomBytes(32).toString("base64")}`;
process.env.SAMSYN_HMAC_KEY ??= randomBytes(32).toString("base64");
process.env.SAMSYN_AUDIT_SIGNING_KEY ??= generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
process.env.SAMSYN_DATA_DIR ??= ".tmp/vitest";
