import { expect, test } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { signInAsStaff } from "./support/auth";

test("case page payload", async ({ page }) => {
  await signInAsStaff(page, "sara.lindqvist@berg.samsyn.example");
  await page.goto("/cases");
  await page.locator("main a[href^='/cases/']").first().click();
  await expect(page.locator("#text")).toBeVisible();
  const u = new URL(page.url());
  const doc = await page.request.get(u.pathname);
  const html = await doc.text();
  const data = await (await page.request.get(`${u.pathname}.data`)).text();
  const home = await (await page.request.get(`/`)).text();
  writeFileSync(".cache/case.html", html); writeFileSync(".cache/case.data", data); writeFileSync(".cache/home.html", home);
  console.log(JSON.stringify({ html: html.length, data: data.length, home: home.length }));
});
