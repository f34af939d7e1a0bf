import { expect, test } from "@playwright/test";
import { luhnCheckDigit } from "../../app/lib/personnummer";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsStaff } from "./support/auth";

/**
 * Identity is the gate's decision (ADR 0015): an officer of another organisation who searches for
 * a protected person's number gets the same answer as for a number Samsyn does not know, and a
 * case they open for the person shows neither name nor number. Axe on every page, both languages.
 */
const unknown = (() => {
  const nine = "700303998";
  return `19${nine.slice(0, 6)}-${nine.slice(6)}${luhnCheckDigit(nine)}`;
})();

test("a search tells another organisation nothing, and its own new case hides a protected identity", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsStaff(page, "oliver.nord@af.samsyn.example");
  const search = async (number: string) => {
    await page.getByLabel("Personnummer", { exact: true }).fill(number);
    await page.getByRole("button", { name: "Sök", exact: true }).click();
    // The answer to this search, not the one still on the page from the search before.
    const result = page.getByTestId("lookup-result");
    await expect(result).toContainText(number);
    return result;
  };

  const forSam = await search("19750101-9843");
  await expect(forSam).toContainText("Din organisation har inget ärende med personen med personnummer 19750101-9843.");
  await expect(forSam).not.toContainText("Sam");
  await expect(forSam).not.toContainText("Skyddad");
  const samAnswer = (await forSam.innerText()).replace("19750101-9843", "N");
  await expectNoAxeViolations(page);

  const forUnknown = await search(unknown);
  await expect(forUnknown).toContainText(`personnummer ${unknown}.`);
  expect((await forUnknown.innerText()).replace(unknown, "N")).toBe(samAnswer);

  // Opening a case for Sam anyway: the officer's unit leads it, and still does not see who he is.
  await search("19750101-9843");
  await page.getByLabel("Förnamn").fill("Någon");
  await page.getByLabel("Efternamn").fill("Annan");
  await page.getByRole("button", { name: "Öppna nytt samverkansärende" }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Skyddad identitet").first()).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Nilsson");
  await expect(page.locator("main")).not.toContainText("9843");
  await expect(page.locator("main")).not.toContainText("Någon Annan");
  await expectNoAxeViolations(page);

  await page.goto("/cases?lng=en");
  await page.getByLabel("Personal identity number", { exact: true }).fill(unknown);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByTestId("lookup-result")).toContainText("Your organisation has no case with the person");
  await expect(page.getByLabel("Given name")).toBeVisible();
  await expectNoAxeViolations(page);
});
