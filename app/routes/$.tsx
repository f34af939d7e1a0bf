import type { MetaFunction } from "@remix-run/node";
import { publicRoute } from "~/access/guards.server";
import { NotFoundPage } from "~/components/layout/ErrorPages";
import { pageTitle } from "~/i18n/meta";

/** Every address no other route claims: a real 404 status with the translated page. */
export async function loader() {
  await publicRoute();
  throw new Response(null, { status: 404 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "errors.notFound.title");

export default function NotFound() {
  return <NotFoundPage />;
}

export function ErrorBoundary() {
  return <NotFoundPage />;
}
