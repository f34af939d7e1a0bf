import { useErrorText } from "~/components/ui/form-errors";
import { failureOf, typedList, typedValues, type FormFailure } from "~/web/form-failure";

/** The request forms' refusals are the route frame's (app/web/form-failure.ts); `details` carries a refused answer's per-item errors. */
export type RequestFormFailure = FormFailure;
export { failureOf, typedList, typedValues };

/** Translates an error code: "request.<key>" from requests:errors, any other from errors.codes. */
export const useRequestErrorText = () => useErrorText("requests", "request");
