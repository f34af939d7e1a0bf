import { totpCode, totpPeriodSeconds } from "../app/lib/auth/totp.server";
import { demoTotpSecret } from "../db/seed";

// `npm run demo:totp`: the current second-factor code of every demo staff account.
const at = new Date();
const left = totpPeriodSeconds - (Math.floor(at.getTime() / 1000) % totpPeriodSeconds);
console.log(`${totpCode(demoTotpSecret, at)}  (valid for ${left} more seconds, and 30 seconds either side)`);
