import { defineConfig } from "@playwright/test";
import { e2eBaseUrl } from "./tests/e2e/support/server";

// Debian's Chromium, never a downloaded browser (scripts/test-e2e.ts finds it or skips).
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./tests/e2e/support/global-setup.ts",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: ".tmp/playwright-report" }]],
  outputDir: ".tmp/test-results",
  // The story tests sign several people in and walk a whole case; CI machines are slower than
  // laptops, and a test that times out says nothing about the product.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: e2eBaseUrl,
    // Playwright would otherwise send Accept-Language en-US and every page would be English.
    locale: "sv-SE",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
