import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { EnrolmentLink } from "~/components/admin/EnrolmentLink";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field, SelectField } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { DomainError } from "~/lib/errors";
import { field, readForm } from "~/lib/http.server";
import { httpFacts } from "~/lib/load-context";
import { getOwnAccount, listOwnUnits } from "~/services/directory/directory.server";
import { createStaffUser, listStaffForAdmin, newStaffSchema } from "~/services/directory/staff-admin.server";
import { staffRoles } from "~/components/admin/roles";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["org_admin"] });
  const [staff, units, account] = await Promise.all([listStaffForAdmin(actor), listOwnUnits(actor), getOwnAccount(actor)]);
  return { staff, units, organization: account.organization };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["org_admin"] });
  const form = await readForm(request);
  const input = Object.fromEntries(["name", "title", "email", "role", "unitId"].map((name) => [name, field(form, name)]));
  const parsed = newStaffSchema.safeParse(input);
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    return data({ ok: false as const, errors, input }, { status: 400 });
  }
  try {
    const { token } = await createStaffUser(actor, parsed.data, httpFacts(context));
    return { ok: true as const, name: parsed.data.name, link: new URL(`/enrol/${token}`, request.url).toString() };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const key = error.code === "admin.email_taken" ? "email" : "unitId";
    return data({ ok: false as const, errors: { [key]: error.code }, input }, { status: error.status });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "directory:admin.title");

export default function AdminUsers() {
  const { t } = useTranslation("directory");
  const { t: tc } = useTranslation();
  const { t: ta } = useTranslation("auth");
  const { staff, units, organization } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result && !result.ok ? result.errors : {};
  const input: Record<string, string> = result && !result.ok ? result.input : {};
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
        <Form method="post" className="mt-4">
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
