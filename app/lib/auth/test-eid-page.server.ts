/**
 * HTML for the local test e-ID provider (test-eid.server.ts): the sign page and the few pages
 * oidc-provider renders itself. The provider runs outside the Remix app, so it keeps its own
 * small text table in both languages instead of the app's i18n namespaces. No JavaScript.
 */
import { formatPersonnummer } from "../personnummer";

export type Lang = "sv" | "en";

export type SignError = "choice_missing" | "pin_missing" | "pin_invalid" | "pin_not_test";

export interface SignPageInput {
  lang: Lang;
  uid: string;
  nonce: string;
  persons: { personnummer: string; givenName: string; familyName: string }[];
  /** What the form held when it was sent, so that a re-rendered page keeps it. */
  values?: { choice?: string; pin?: string; givenName?: string; familyName?: string };
  error?: SignError;
}

const text = {
  sv: {
    title: "Test-e-legitimation",
    banner: "Testmiljö – ingen riktig legitimering",
    intro:
      "Det här är en testtjänst för utveckling, test och demonstration. Den låtsas vara BankID eller Freja eID. Ingen riktig legitimering sker.",
    series:
      "Bara testpersonnummer fungerar. Det är Skatteverkets testserie, där födelsenumret (de tre siffrorna före den sista siffran) är 980–999.",
    legend: "Vem vill du logga in som?",
    other: "Annat testpersonnummer",
    pinLabel: "Testpersonnummer",
    pinHint: "Skriv 12 siffror: år, månad, dag och fyra siffror. Till exempel 19900315-9838.",
    givenName: "Förnamn (frivilligt)",
    familyName: "Efternamn (frivilligt)",
    nameHint: "Skriver du inget namn heter personen Test Testsson.",
    sign: "Signera",
    cancel: "Avbryt",
    otherLanguage: "In English",
    errorPrefix: "Fel:",
    errors: {
      choice_missing: "Välj en person eller skriv ett testpersonnummer.",
      pin_missing: "Skriv ett testpersonnummer.",
      pin_invalid: "Personnumret är inte giltigt. Kontrollera siffrorna.",
      pin_not_test:
        "Det här är inte ett testpersonnummer. Födelsenumret (de tre siffrorna före den sista siffran) ska vara 980–999.",
    },
    expiredTitle: "Inloggningen har gått ut",
    expired: "Gå tillbaka till tjänsten och börja om.",
    errorTitle: "Något gick fel",
    errorCode: "Felkod",
    errorDetails: "Beskrivning (på engelska)",
    logoutTitle: "Vill du logga ut från test-e-legitimationen?",
    logoutYes: "Ja, logga ut",
    logoutNo: "Nej, fortsätt vara inloggad",
    loggedOutTitle: "Du är utloggad",
    loggedOut: "Du kan stänga fönstret eller gå tillbaka till tjänsten.",
  },
  en: {
    title: "Test e-ID",
    banner: "Test environment – no real identification",
    intro:
      "This is a test service for development, testing and demonstrations. It pretends to be BankID or Freja eID. No real identification takes place.",
    series:
      "Only test personal identity numbers work: the Swedish Tax Agency's test series, where the birth number (the three digits before the last digit) is 980–999.",
    legend: "Who do you want to sign in as?",
    other: "Another test personal identity number",
    pinLabel: "Test personal identity number",
    pinHint: "Enter 12 digits: year, month, day and four digits. For example 19900315-9838.",
    givenName: "Given name (optional)",
    familyName: "Family name (optional)",
    nameHint: "If you leave the name empty, the person is called Test Testsson.",
    sign: "Sign",
    cancel: "Cancel",
    otherLanguage: "På svenska",
    errorPrefix: "Error:",
    errors: {
      choice_missing: "Choose a person or enter a test personal identity number.",
      pin_missing: "Enter a test personal identity number.",
      pin_invalid: "The personal identity number is not valid. Check the digits.",
      pin_not_test:
        "This is not a test personal identity number. The birth number (the three digits before the last digit) must be 980–999.",
    },
    expiredTitle: "The sign-in has expired",
    expired: "Go back to the service and start again.",
    errorTitle: "Something went wrong",
    errorCode: "Error code",
    errorDetails: "Description",
    logoutTitle: "Do you want to sign out of the test e-ID?",
    logoutYes: "Yes, sign out",
    logoutNo: "No, stay signed in",
    loggedOutTitle: "You are signed out",
    loggedOut: "You can close the window or go back to the service.",
  },
} as const;

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The first of ui_locales (or ?lng) that we speak; Swedish otherwise. */
export function pickLang(...candidates: (string | null | undefined)[]): Lang {
  for (const candidate of candidates) {
    for (const tag of (candidate ?? "").split(/\s+/)) {
      const base = tag.toLowerCase().split("-")[0];
      if (base === "sv" || base === "en") return base;
    }
  }
  return "sv";
}

// Contrast (WCAG AA): body #1b1b1b on #fff is 17:1, link/button blue #0a4a82 on #fff is 9:1,
// white on #0a4a82 is 9:1, error red #a4001d on #fff is 8:1. Focus is a 3px outline, offset
// so that it shows against both the page and the filled button.
const css = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.0625rem;line-height:1.5;color:#1b1b1b;background:#fff}
header{background:#fdf3c4;border-bottom:2px solid #6b5900;padding:.5rem 1rem;font-weight:600}
header p{margin:0;max-width:40rem;margin-inline:auto;display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 1rem}
a{color:#0a4a82}
fieldset{border:1px solid #6e6e6e;border-radius:.25rem;padding:1rem;margin:1.5rem 0}
legend{font-weight:600;padding:0 .25rem}
.option{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.option input{width:1.25rem;height:1.25rem;margin:.15rem 0 0}
.other{margin:.5rem 0 0 1.75rem}
label.field{display:block;font-weight:600;margin-top:1rem}
.hint{color:#4a4a4a;margin:.25rem 0}
input[type=text]{display:block;width:100%;max-width:20rem;font:inherit;padding:.4rem .5rem;border:2px solid #555;border-radius:.25rem;color:#1b1b1b;background:#fff}
input[aria-invalid=true]{border-color:#a4001d}
.error{color:#a4001d;font-weight:600;margin:.25rem 0}
.actions{display:flex;gap:1rem;flex-wrap:wrap;margin-top:1.5rem}
button{font:inherit;font-weight:600;padding:.6rem 1.25rem;border-radius:.25rem;border:2px solid #0a4a82;cursor:pointer}
button.primary{background:#0a4a82;color:#fff}
button.secondary{background:#fff;color:#0a4a82}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #1b1b1b;outline-offset:3px;box-shadow:0 0 0 3px #fff}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}dd{margin:0}
`;

function layout(input: {
  lang: Lang;
  nonce: string;
  title: string;
  body: string;
  switchHref?: string;
}): string {
  const t = text[input.lang];
  const other: Lang = input.lang === "sv" ? "en" : "sv";
  const switchLink = input.switchHref
    ? `<a href="${escapeHtml(input.switchHref)}" lang="${other}" hreflang="${other}">${escapeHtml(t.otherLanguage)}</a>`
    : "";
  return `<!DOCTYPE html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(input.title)}</title>
<style nonce="${escapeHtml(input.nonce)}">${css}</style>
</head>
<body>
<header><p><span>${escapeHtml(t.banner)}</span>${switchLink}</p></header>
<main>
${input.body}
</main>
</body>
</html>`;
}

/** The page where the tester picks or types the person to sign in as. */
export function renderSignPage(input: SignPageInput): string {
  const t = text[input.lang];
  const values = input.values ?? {};
  const base = `/interaction/${encodeURIComponent(input.uid)}`;
  const chosen = values.choice ?? input.persons[0]?.personnummer ?? "other";
  const errorText = input.error ? t.errors[input.error] : undefined;
  const choiceError = input.error === "choice_missing";
  const pinError = input.error !== undefined && !choiceError;

  const personOptions = input.persons
    .map((person, i) => {
      const id = `person-${i}`;
      const label = `${person.givenName} ${person.familyName}, ${formatPersonnummer(person.personnummer)}`;
      return `<div class="option"><input type="radio" id="${id}" name="choice" value="${escapeHtml(person.personnummer)}"${chosen === person.personnummer ? " checked" : ""}><label for="${id}">${escapeHtml(label)}</label></div>`;
    })
    .join("\n");

  const errorLine = (id: string) =>
    errorText
      ? `<p class="error" id="${id}"><span>${escapeHtml(t.errorPrefix)}</span> ${escapeHtml(errorText)}</p>`
      : "";

  const body = `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<p>${escapeHtml(t.series)}</p>
<form method="post" action="${base}/login" novalidate>
<input type="hidden" name="lng" value="${input.lang}">
<fieldset${choiceError ? ' aria-describedby="choice-error"' : ""}>
<legend>${escapeHtml(t.legend)}</legend>
${choiceError ? errorLine("choice-error") : ""}
${personOptions}
<div class="option"><input type="radio" id="choice-other" name="choice" value="other"${chosen === "other" ? " checked" : ""}><label for="choice-other">${escapeHtml(t.other)}</label></div>
<div class="other">
<label class="field" for="pin">${escapeHtml(t.pinLabel)}</label>
<p class="hint" id="pin-hint">${escapeHtml(t.pinHint)}</p>
${pinError ? errorLine("pin-error") : ""}
<input type="text" id="pin" name="pin" inputmode="numeric" autocomplete="off" spellcheck="false" maxlength="20" value="${escapeHtml(values.pin ?? "")}" aria-describedby="pin-hint${pinError ? " pin-error" : ""}"${pinError ? ' aria-invalid="true"' : ""}>
<p class="hint" id="name-hint">${escapeHtml(t.nameHint)}</p>
<label class="field" for="given-name">${escapeHtml(t.givenName)}</label>
<input type="text" id="given-name" name="given_name" autocomplete="off" maxlength="100" value="${escapeHtml(values.givenName ?? "")}" aria-describedby="name-hint">
<label class="field" for="family-name">${escapeHtml(t.familyName)}</label>
<input type="text" id="family-name" name="family_name" autocomplete="off" maxlength="100" value="${escapeHtml(values.familyName ?? "")}" aria-describedby="name-hint">
</div>
</fieldset>
<div class="actions">
<button type="submit" class="primary">${escapeHtml(t.sign)}</button>
<button type="submit" class="secondary" formaction="${base}/abort">${escapeHtml(t.cancel)}</button>
</div>
</form>`;

  const other: Lang = input.lang === "sv" ? "en" : "sv";
  return layout({
    lang: input.lang,
    nonce: input.nonce,
    title: errorText ? `${t.errorPrefix} ${t.title}` : t.title,
    body,
    switchHref: `${base}?lng=${other}`,
  });
}

/** The interaction cookie is gone or the interaction has expired. */
export function renderExpiredPage(lang: Lang, nonce: string): string {
  const t = text[lang];
  return layout({
    lang,
    nonce,
    title: `${t.expiredTitle} – ${t.title}`,
    body: `<h1>${escapeHtml(t.expiredTitle)}</h1>\n<p>${escapeHtml(t.expired)}</p>`,
  });
}

/** oidc-provider's own error page: the OAuth error code and its (English) description. */
export function renderErrorPage(lang: Lang, nonce: string, out: Record<string, unknown>): string {
  const t = text[lang];
  const code = typeof out.error === "string" ? out.error : "server_error";
  const description = typeof out.error_description === "string" ? out.error_description : "";
  return layout({
    lang,
    nonce,
    title: `${t.errorTitle} – ${t.title}`,
    body: `<h1>${escapeHtml(t.errorTitle)}</h1>
<dl>
<dt>${escapeHtml(t.errorCode)}</dt><dd><code>${escapeHtml(code)}</code></dd>
${description ? `<dt>${escapeHtml(t.errorDetails)}</dt><dd lang="en">${escapeHtml(description)}</dd>` : ""}
</dl>`,
  });
}

/** RP-initiated logout: `form` is oidc-provider's hidden form (id op.logoutForm, xsrf field). */
export function renderLogoutPage(lang: Lang, nonce: string, form: string): string {
  const t = text[lang];
  return layout({
    lang,
    nonce,
    title: `${t.logoutTitle} – ${t.title}`,
    body: `<h1>${escapeHtml(t.logoutTitle)}</h1>
${form}
<div class="actions">
<button type="submit" class="primary" form="op.logoutForm" name="logout" value="yes">${escapeHtml(t.logoutYes)}</button>
<button type="submit" class="secondary" form="op.logoutForm">${escapeHtml(t.logoutNo)}</button>
</div>`,
  });
}

export function renderLoggedOutPage(lang: Lang, nonce: string): string {
  const t = text[lang];
  return layout({
    lang,
    nonce,
    title: `${t.loggedOutTitle} – ${t.title}`,
    body: `<h1>${escapeHtml(t.loggedOutTitle)}</h1>\n<p>${escapeHtml(t.loggedOut)}</p>`,
  });
}
