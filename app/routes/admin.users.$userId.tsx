import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/access/guards.server";
import { EnrolmentLink } from "~/components/admin/EnrolmentLink";
import { staffRoles } from "~/components/admin/roles";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { SelectField } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { DomainError } from "~/lib/errors";
import { failure, field, readForm } from "~/lib/http.server";
import { httpFacts } from "~/lib/load-context";
import { listOwnUnits } from "~/services/directory/directory.server";
import { deactivateStaffUser, getStaffForAdmin, reissueEnrolment, updateStaffUser } from "~/services/directory/staff-admin.server";

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update"), role: z.enum(staffRoles), unitId: z.string().uuid() }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reissue") }),
]);

async function loadUser(actor: Awaited<ReturnType<typeof requireStaff>>, userId: string) {
  try {
    return await getStaffForAdmin(actor, userId);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw failure(404, "not_found");
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["org_admin"] });
  const user = await loadUser(actor, params.userId ?? "");
  return {
    user: { id: user.id, name: user.name, email: user.email, title: user.title, role: user.role, unitId: user.unitId, active: user.active, enrolled: !!user.totpEnrolledAt },
    units: await listOwnUnits(actor),
    self: user.id === actor.userId,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["org_admin"] });
  const user = await loadUser(actor, params.userId ?? "");
  const form = await readForm(request);
  const parsed = intentSchema.safeParse({ intent: field(form, "intent"), role: field(form, "role"), unitId: field(form, "unitId") });
  if (!parsed.success) throw failure(400, "form.malformed");
  const facts = httpFacts(context);
  try {
    if (parsed.data.intent === "update") {
      await updateStaffUser(actor, user.id, { role: parsed.data.role, unitId: parsed.data.unitId }, facts);
      return { done: "saved" as const };
    }
    if (parsed.data.intent === "deactivate") {
      await deactivateStaffUser(actor, user.id, facts);
      return { done: "deactivated" as const };
    }
    const token = await reissueEnrolment(actor, user.id, facts);
    return { done: "reissued" as const, link: new URL(`/enrol/${token}`, request.url).toString() };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ error: error.code }, { status: error.status });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "directory:admin.editTitle");

export default function AdminUser() {
  const { t } = useTranslation("directory");
  const { t: ta } = useTranslation("auth");
  const { t: tc } = useTranslation();
  const { user, units, self } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={`${t("admin.editTitle")}: ${user.name}`}>
      <p className="mb-6">
        {user.title} · {user.email}
      </p>
      {result && "error" in result ? <Alert tone="error">{tc(`errors.codes.${result.error}` as never)}</Alert> : null}
      {result && "done" in result && result.done !== "reissued" ? <Alert tone="success">{t(`admin.${result.done}`)}</Alert> : null}
      {result && "link" in result && result.link ? <EnrolmentLink message={t("admin.reissued")} link={result.link} /> : null}
      {!user.active && !(result && "done" in result && result.done === "deactivated") ? (
        <Alert tone="info">{t("admin.isInactive")}</Alert>
      ) : null}

      {user.active ? (
        <>
          <section aria-labelledby="role-heading" className="max-w-md">
            <h2 id="role-heading" className="text-xl font-semibold">{t("admin.roleHeading")}</h2>
            <Form method="post" className="mt-4">
              <input type="hidden" name="intent" value="update" />
              <SelectField name="role" label={t("admin.role")} defaultValue={user.role} options={staffRoles.map((role) => ({ value: role, label: ta(`roles.${role}`) }))} />
              <SelectField name="unitId" label={t("admin.unit")} defaultValue={user.unitId} options={units.map((unit) => ({ value: unit.id, label: unit.name }))} />
              <button type="submit" className="button">{t("admin.save")}</button>
            </Form>
          </section>

          {!user.enrolled ? (
            <section aria-labelledby="reissue-heading" className="mt-section max-w-md">
              <h2 id="reissue-heading" className="text-xl font-semibold">{t("admin.reissueHeading")}</h2>
              <Form method="post" className="mt-4">
                <input type="hidden" name="intent" value="reissue" />
                <button type="submit" className="button button-secondary">{t("admin.reissue")}</button>
              </Form>
            </section>
          ) : null}

          {self ? null : (
            <section aria-labelledby="deactivate-heading" className="mt-section max-w-md">
              <h2 id="deactivate-heading" className="text-xl font-semibold">{t("admin.deactivateHeading")}</h2>
              <p className="mb-4">{t("admin.deactivateIntro")}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="deactivate" />
                <button type="submit" className="button">{t("admin.deactivate")}</button>
              </Form>
            </section>
          )}
        </>
      ) : null}
      <p className="mt-section">
        <Link to="/admin/users">{t("admin.back")}</Link>
      </p>
    </Page>
  );
}
