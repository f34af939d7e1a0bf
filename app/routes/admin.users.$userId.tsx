import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireOrgAdmin } from "~/access/guards.server";
import { EnrolmentLink } from "~/components/admin/EnrolmentLink";
import { staffRoles } from "~/access/roles";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { SelectField } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { listOwnUnits } from "~/services/directory/directory.server";
import { deactivateStaffUser, furtherUnitsOf, getStaffForAdmin, reissueEnrolment, setFurtherUnits, updateStaffUser } from "~/services/directory/staff-admin.server";
import { userIdParam, loadAs, submitAs } from "~/web/frame.server";

export const handle = { i18n: ["auth", "directory"] };

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update"), role: z.enum(staffRoles, { message: "admin.role_invalid" }), unitId: z.string().uuid("admin.unit_invalid") }),
  z.object({
    intent: z.literal("units"),
    unit: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
      .pipe(z.array(z.string().uuid("admin.unit_invalid")).max(50, "admin.unit_invalid")),
  }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reissue") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadAs(request, requireOrgAdmin, async (actor) => {
    const user = await getStaffForAdmin(actor, userIdParam(params, "userId"));
    return {
      user: { id: user.id, name: user.name, email: user.email, title: user.title, role: user.role, unitId: user.unitId, active: user.active, enrolled: !!user.totpEnrolledAt },
      units: await listOwnUnits(actor),
      furtherUnits: await furtherUnitsOf(actor, user.id),
      self: user.id === actor.userId,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return submitAs(request, requireOrgAdmin, intentSchema, async (actor, input) => {
    const user = await getStaffForAdmin(actor, userIdParam(params, "userId"));
    if (input.intent === "update") {
      await updateStaffUser(actor, user.id, { role: input.role, unitId: input.unitId }, actor.http);
      return { ok: true as const, done: "saved" as const };
    }
    if (input.intent === "units") {
      await setFurtherUnits(actor, user.id, input.unit, actor.http);
      return { ok: true as const, done: "unitsSaved" as const };
    }
    if (input.intent === "deactivate") {
      await deactivateStaffUser(actor, user.id, actor.http);
      return { ok: true as const, done: "deactivated" as const };
    }
    const token = await reissueEnrolment(actor, user.id, actor.http);
    return { ok: true as const, done: "reissued" as const, link: new URL(`/enrol/${token}`, request.url).toString() };
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "directory:admin.editTitle");

export default function AdminUser() {
  const { t } = useTranslation("directory");
  const { t: ta } = useTranslation("auth");
  const { t: tc } = useTranslation();
  const { user, units, furtherUnits, self } = useLoaderData<typeof loader>();
  const otherUnits = units.filter((unit) => unit.id !== user.unitId);
  const result = useActionData<typeof action>();
  return (
    <Page title={`${t("admin.editTitle")}: ${user.name}`}>
      <p className="mb-6">
        {user.title} · {user.email}
      </p>
      {result && !result.ok ? <Alert tone="error">{tc(`errors.codes.${Object.values(result.fieldErrors)[0] ?? result.error}` as never)}</Alert> : null}
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

          {otherUnits.length > 0 ? (
            <section aria-labelledby="units-heading" className="mt-section max-w-md">
              <h2 id="units-heading" className="text-xl font-semibold">{t("admin.unitsHeading")}</h2>
              <p className="mb-4">{t("admin.unitsIntro")}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="units" />
                <fieldset>
                  <legend className="font-semibold">{t("admin.unitsLegend")}</legend>
                  {otherUnits.map((unit) => (
                    <div key={unit.id} className="mt-2 flex items-start gap-2">
                      <input id={`unit-${unit.id}`} type="checkbox" name="unit" value={unit.id} defaultChecked={furtherUnits.includes(unit.id)} className="mt-1 h-5 w-5" />
                      <label htmlFor={`unit-${unit.id}`}>{unit.name}</label>
                    </div>
                  ))}
                </fieldset>
                <button type="submit" className="button mt-4">{t("admin.unitsSave")}</button>
              </Form>
            </section>
          ) : null}

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
