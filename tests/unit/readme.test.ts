import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { demoClients, demoPassword, demoStaff, demoTotpSecret } from "../../db/seed";

// The README is what a new user reads first: its demo accounts must be the seeded ones.
const readme = readFileSync("README.md", "utf8");

describe("README", () => {
  it("lists every demo staff account with the demo password and TOTP secret", () => {
    for (const person of demoStaff) expect(readme, person.email).toContain(`\`${person.email}\``);
    expect(readme).toContain(`\`${demoPassword}\``);
    expect(readme).toContain(`\`${demoTotpSecret}\``);
  });

  it("names the demo client and her test identity number", () => {
    for (const client of demoClients) expect(readme).toContain(`${client.givenName} ${client.familyName}, ${client.personnummer}`);
  });

  it("keeps the two quick-start commands", () => {
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm ci && npm test");
  });
});
