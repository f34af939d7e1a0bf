import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOrgAdmin } from "~/access/guards.server";
import { EnrolmentLink } from "~/components/admin/EnrolmentLink";
import { staffRoles } from "~/access/roles";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field, SelectField } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { getOwnAccount, listOwnUnits } from "~/services/directory/directory.server";
import { createStaffUser, listStaffForAdmin, newStaffSchema } from "~/services/directory/staff-admin.server";
import { loadAs, submitAs } from "~/web/frame.server";

export const handle = { i18n: ["auth", "directory"] };

export async function loader({ request }: LoaderFunctionArgs) {
  return loadAs(request, requireOrgAdmin, async (actor) => {
    const [staff, units, account] = await Promise.all([listStaffForAdmin(actor), listOwnUnits(actor), getOwnAccount(actor)]);
    return { staff, units, organization: account.organization };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return submitAs(request, requireOrgAdmin, newStaffSchema, async (actor, input) => {
    const { token } = await createStaffUser(actor, input, actor.http);
    return { ok: true as const, name: input.name, link: new URL(`/enrol/${token}`, request.url).toString() };
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "directory:admin.title");

export default function AdminUsers() {
  const { t } = useTranslation("directory");
  const { t: tc } = useTranslation();
  const { t: ta } = useTranslation("auth");
  const { staff, units, organization } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : null;
  // A refusal from the service names no field: a taken address belongs to the e-mail, anything else to the unit.
  const refusal = failed && failed.error !== "form.invalid" ? { [failed.error === "admin.email_taken" ? "email" : "unitId"]: failed.error } : {};
  const errors: Record<string, string> = failed ? { ...failed.fieldErrors, ...refusal } : {};
  const input: Record<string, string> = Object.fromEntries(Object.entries(failed?.values ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const error = (name: string) => (errors[name] ? tc(`errors.codes.${errors[name]}` as never) : undefined);
  return (
    <Page title={t("admin.title")}>
      <p className="mb-6 max-w-prose">{t("admin.intro", { organization })}</p>
      {result?.ok ? <EnrolmentLink message={t("admin.created", { name: result.name })} link={result.link} /> : null}

      <h2 className="text-xl font-semibold">{t("admin.listHeading")}</h2>
      <table className="mt-2 w-full border-collapse text-left">
        <thead>
          <tr className="border-b-2 border-line">
            <th scope="col" className="py-2 pr-4">{t("admin.name")}</th>
            <th scope="col" className="py-2 pr-4">{t("admin.role")}</th>
            <th scope="col" className="py-2 pr-4">{t("admin.unit")}</th>
            <th scope="col" className="py-2">{t("admin.status")}</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((user) => (
            <tr key={user.id} className="border-b border-line">
              <td className="py-2 pr-4">
                <Link to={`/admin/users/${user.id}`} aria-label={t("admin.edit", { name: user.name })}>
                  {user.name}
                </Link>
                <div className="text-sm text-ink-muted">{user.email}</div>
              </td>
              <td className="py-2 pr-4">{ta(`roles.${user.role}`)}</td>
              <td className="py-2 pr-4">{user.unitName}</td>
              <td className="py-2">{t(!user.active ? "admin.inactive" : user.enrolled ? "admin.active" : "admin.pending")}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="create-heading" className="mt-section max-w-md">
        <h2 id="create-heading" className="text-xl font-semibold">{t("admin.createHeading")}</h2>
        {Object.keys(errors).length > 0 ? <Alert tone="error">{Object.keys(errors).map((name) => error(name)).join(" ")}</Alert> : null}
        {/* A new key after each user created: the form starts empty again for the next one. */}
        <Form method="post" className="mt-4" key={result?.ok ? result.link : "new"}>
          <Field name="name" label={t("admin.name")} required defaultValue={input.name} error={error("name")} autoComplete="off" />
          <Field name="title" label={t("admin.titleField")} required defaultValue={input.title} error={error("title")} autoComplete="off" />
          <Field name="email" type="email" label={t("admin.email")} required defaultValue={input.email} error={error("email")} autoComplete="off" />
          <SelectField name="role" label={t("admin.role")} defaultValue={input.role} error={error("role")} options={staffRoles.map((role) => ({ value: role, label: ta(`roles.${role}`) }))} />
          <SelectField name="unitId" label={t("admin.unit")} defaultValue={input.unitId} error={error("unitId")} options={units.map((unit) => ({ value: unit.id, label: unit.name }))} />
          <button type="submit" className="button">{t("admin.create")}</button>
        </Form>
      </section>
    </Page>
  );
}
