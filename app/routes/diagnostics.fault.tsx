import { publicRoute } from "~/access/guards.server";

/**
 * Throws an unexpected error on purpose, so that tests can prove the error page shows a
 * translated message and a reference that is in the server log. Answers 404 unless the
 * server was started with SAMSYN_FAULT_INJECTION=1 (the browser tests do).
 */
export async function loader() {
  await publicRoute();
  if (process.env.SAMSYN_FAULT_INJECTION !== "1") throw new Response(null, { status: 404 });
  throw new Error("Injected fault: the error page must not show this text");
}

export default function Fault() {
  return null;
}
