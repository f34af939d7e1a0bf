import { once } from "node:events";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import onHeaders from "on-headers";
import { randomBytes } from "node:crypto";
import { undurableCommits } from "./app/access/audit/durability.server";
import { useEidProvider } from "./app/lib/auth/eid.server";
import { getDatabase, pendingMigrations, type DatabaseHandle } from "./app/lib/db.server";
import { installJobQueue, jobQueueInstalled, startJobs } from "./app/jobs.server";
import { EnvError, getEnv, type Env } from "./app/lib/env.server";
import { isSameOriginRequest } from "./app/lib/csrf.server";
import { clientIpRequestHeader, requestIdRequestHeader } from "./app/lib/load-context";
import { startMailCatcher } from "./app/lib/mail-catcher.server";
import { useSmtpServer } from "./app/lib/mail.server";
import { checkKeys, describeKeyMismatch } from "./app/lib/key-check.server";
import { errorFields, log } from "./app/lib/log.server";
import { requestIdHeader } from "./app/lib/request-meta";
import { openRequestScope } from "./app/lib/per-request.server";
import { newRequestMeta, securityHeaders } from "./app/lib/security-headers.server";
import { parsePersonnummer } from "./app/lib/personnummer";
import { syncCatalogue } from "./db/catalogue";
import { syncActivityTypes } from "./db/activity-types";
import { demoClients, seedDemoWorld } from "./db/seed";

/** How long after it serves an instance on the embedded database starts its job workers (ms). */
const embeddedJobsDelayMs = 1_000;

const buildDir = () => path.resolve(process.env.SAMSYN_BUILD_DIR ?? "build");

/** The Remix server build (`npm run build`), imported as soon as the process starts. */
function loadBuild(): Promise<ServerBuild> {
  const loading = import(path.join(buildDir(), "server/index.js")) as Promise<ServerBuild>;
  // Awaited only once the database is ready; a start that stops before then must not also report this.
  loading.catch(() => undefined);
  return loading;
}

/**
 * The portal's HTTP server: validates the environment, migrates the database (or, with
 * SAMSYN_MIGRATE_ON_START=false, checks that the owner has), seeds a new non-production database,
 * then serves the Remix app with security headers and a request id on every response. `--dev`
 * serves through Vite.
 */
const dev = process.argv.includes("--dev");

async function main() {
  const env = readEnvOrExit();
  // The app's build loads (about a second of reading and compiling modules) while the database
  // opens and migrates, not after it.
  const build = dev ? undefined : loadBuild();
  const database = getDatabase();
  // A look is shown once its audit record has committed: that must mean on disk (ADR 0029).
  // Checked before anything is written.
  const undurable = await undurableCommits(database);
  if (undurable) await refuseToStart(database, undurable);
  // One instance at a time, however many start together (the startup lock).
  // Its answer is the one line of a refusal to start, if any, given once the lock is released.
  const refusal = await database.exclusively(async () => {
    // Migrating reads and hashes every migration file; a glance at the journal says whether to.
    const pending = await pendingMigrations(database);
    if (env.migrateOnStart) {
      if (pending.length > 0) await database.migrate();
      // The job queue's own schema too, here and not when the workers start: two instances
      // starting on a new database would otherwise create it at the same moment.
      if (!(await jobQueueInstalled(database))) await installJobQueue(database);
    } else if (pending.length > 0) return unmigrated(pending);
    // Keys other than those the data was written with: stop before anything is written with them.
    const mismatches = await checkKeys(database.db, env);
    if (mismatches.length > 0) return describeKeyMismatch(mismatches, env.devKeys);
    await syncCatalogue(database.db);
    await syncActivityTypes(database.db);
    if (env.nodeEnv !== "production") {
      const { seeded } = await seedDemoWorld(database.db);
      if (seeded) log.info("Loaded the demo world into a new database");
    }
    return undefined;
  });
  if (refusal) await refuseToStart(database, refusal);

  const mailCatcher = env.smtpUrl ? undefined : await startMailCatcherOrExit(env);
  // The bundled test e-ID provider starts beside the serving instance; a sign-in meanwhile waits for it.
  const testEid = env.oidc ? undefined : startTestEid(env);

  const app = express();
  app.disable("x-powered-by");
  // Requests being answered, so that a stopping instance can wait for them (the drain).
  let inFlight = 0;
  app.use((req, res, next) => {
    inFlight++;
    res.once("close", () => inFlight--);
    next();
  });
  // For load balancers (README "Several instances"): /livez says the process serves, /healthz (the
  // app's route) that this instance should get traffic — its database answers. A stopping instance
  // takes no new connection at all, so every request that reaches it is answered as usual, /healthz
  // too: a request the proxy sent just before the listener closed does not fail.
  app.get("/livez", (req, res) => void res.set("Cache-Control", "no-store").json({ status: "ok" }));
  if (env.trustProxy) app.set("trust proxy", /^\d+$/.test(env.trustProxy) ? Number(env.trustProxy) : env.trustProxy);
  app.use((req, res, next) => {
    const meta = newRequestMeta();
    res.locals.meta = meta;
    res.set(securityHeaders(meta.nonce, { dev, production: env.nodeEnv === "production" && !dev }));
    res.set(requestIdHeader, meta.requestId);
    // Overwritten, never trusted from the client: the gates read them to attribute audit events.
    req.headers[requestIdRequestHeader] = meta.requestId;
    req.headers[clientIpRequestHeader] = req.ip ?? "";
    // The root loader and the page's loader share the session and staff member they read (not for
    // an action, whose loaders must read what it changed: app/lib/per-request.server.ts).
    const closeScope = openRequestScope(meta.requestId, req.method);
    if (closeScope) res.once("close", closeScope);
    const started = performance.now();
    res.on("finish", () =>
      log.info("request", {
        requestId: meta.requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      }),
    );
    next();
  });
  // The portal's pages and forms use GET, HEAD and POST. Remix runs a route's action for any other
  // method (PUT, PATCH, DELETE, OPTIONS …), so those are refused here, for every route at once: 405
  // with the methods there are (RFC 9110 §15.5.6).
  app.use((req, res, next) => {
    if (allowedMethods.includes(req.method)) return next();
    res.status(405).set("Allow", allowedMethods.join(", ")).type("text/plain; charset=utf-8").send(methodRefusal);
  });
  // Cross-site request forgery: state-changing requests must come from the portal's own pages.
  app.use((req, res, next) => {
    const sameOrigin = isSameOriginRequest({
      method: req.method,
      protocol: req.protocol,
      host: req.get("host"),
      secFetchSite: req.get("sec-fetch-site"),
      origin: req.get("origin"),
    });
    if (sameOrigin) return next();
    log.warn("Refused a cross-site request", { requestId: res.locals.meta.requestId, method: req.method, path: req.path });
    res.status(403).type("text/plain; charset=utf-8").send(crossSiteRefusal);
  });

  // Pages, data and scripts compressed (brotli or gzip, as the browser accepts): the expressjs
  // project's own middleware (ADR 0023). Files the server streams pass through it too.
  app.use(compression());

  let serverBuild: ServerBuild | (() => Promise<ServerBuild>);
  if (!build) {
    const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
    app.use(vite.middlewares);
    serverBuild = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const client = path.join(buildDir(), "client");
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(client, { maxAge: "1h" }));
    serverBuild = await build;
  }
  // Pages, their navigation data and the app's other answers may hold personal data: unless a route
  // says otherwise, no cache keeps them, not a shared computer's Back button nor a proxy (RFC 9111
  // §5.2.2.5 no-store, §5.2.2.7 private). Set just before the headers go out, so that a route's own
  // Cache-Control stands; the build's files above keep theirs. Answers to POST are not stored by
  // caches anyway (RFC 9111 §3), and keep their headers as they were.
  app.use((req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    onHeaders(res, () => {
      if (!res.getHeader("Cache-Control")) res.setHeader("Cache-Control", "private, no-store");
    });
    next();
  });
  app.all(
    "*",
    createRequestHandler({
      build: serverBuild,
      mode: dev ? "development" : "production",
      getLoadContext: (req, res) => ({ ...res.locals.meta, clientIp: req.ip }),
    }),
  );

  // What Express itself refuses before the app sees it (an address with a broken %-escape): a plain
  // answer in both languages, never Express's own page with its stack trace.
  app.use((error: { status?: number; statusCode?: number }, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 400 && status < 500) return void res.status(status).type("text/plain; charset=utf-8").send(unreadableRequest(status));
    log.error("Request failed outside the app", { requestId: res.locals.meta?.requestId, path: req.path, ...errorFields(error) });
    res.status(500).type("text/plain; charset=utf-8").send(unexpectedFailure);
  });

  const server = app.listen(env.port, () => {
    log.info("Samsyn is running", { url: `http://localhost:${env.port}`, ...describeData(env, database.driver) });
    void (async () => {
      const eid = testEid ? `\n  Test e-ID (client sign-in): ${(await testEid).issuer}` : "";
      const mail = mailCatcher ? `\n  E-mail notices (caught, not sent): ${mailCatcher.dir}` : "";
      console.log(`\n  Samsyn: http://localhost:${env.port}\n  ${dataLine(env)}${eid}${mail}\n`);
    })();
  });

  // The job workers start once the instance serves, so that they do not hold up its start. On the
  // embedded database they would share its one connection with the first pages (pg-boss's start is
  // about 0.4 s of statements there), so they wait a moment longer.
  const jobs = once(server, "listening")
    .then(() => delay(database.driver === "pglite" ? embeddedJobsDelayMs : 0))
    .then(() => startJobs(database, { migrate: false }))
    .catch((error: unknown) => {
      log.error("The job queue did not start", errorFields(error));
      process.exit(1);
    });

  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(`Samsyn cannot start: port ${env.port} is not available (${error.code}). Set PORT to another port.`);
    process.exit(1);
  });

  // The drain: stop taking connections at once (a proxy sends new requests to the other instances),
  // answer the requests already here, close keep-alive connections as they fall idle, then stop
  // the workers and the database. Requests still running after `drainMs` are cut off.
  const stop = async (signal: string) => {
    log.info("Stopping", { signal, inFlight });
    server.close();
    const deadline = Date.now() + drainMs;
    while (inFlight > 0 && Date.now() < deadline) {
      server.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    server.closeAllConnections();
    void testEid?.then((provider) => provider.close());
    await (await jobs).stop({ graceful: false, wait: true }).catch(() => {});
    await mailCatcher?.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

/** How long a stopping instance waits for the requests it is answering (ms). */
const drainMs = 10_000;

const unreadableRequest = (status: number) =>
  `Förfrågan gick inte att läsa (${status}). Kontrollera adressen.\nThe request could not be read (${status}). Check the address.\n`;
const unexpectedFailure = "Något gick fel hos Samsyn (500).\nSomething went wrong in Samsyn (500).\n";

/** The HTTP methods the portal answers (the `Allow` of a 405). */
const allowedMethods = ["GET", "HEAD", "POST"];
const methodRefusal = "Samsyn tar inte emot den sortens förfrågan (405).\nSamsyn does not accept this kind of request (405).\n";
const crossSiteRefusal =
  "Förfrågan kom inte från Samsyn och stoppades (403).\nThe request did not come from Samsyn and was stopped (403).\n";

/**
 * Without OIDC_ISSUER, clients sign in through the bundled test e-ID provider (never in production).
 * Registered at once as a provider still starting; a provider that cannot start stops the server.
 */
function startTestEid(env: Env) {
  const clientSecret = randomBytes(24).toString("base64url");
  const started = launchTestEid(env, clientSecret).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES") console.error(`Samsyn cannot start: the test e-ID provider's port ${env.testEidPort} is not available (${code}). Set SAMSYN_TEST_EID_PORT to another port.`);
    else log.error("The test e-ID provider did not start", errorFields(error));
    process.exit(1);
  });
  useEidProvider(started.then((provider) => ({ issuer: provider.issuer, clientId: "samsyn-local", clientSecret })));
  return started;
}

async function launchTestEid(env: Env, clientSecret: string) {
  // Loaded only when needed: production never imports the test provider.
  const { startTestEidProvider } = await import("./app/lib/auth/test-eid.server");
  const provider = await startTestEidProvider({
    port: env.testEidPort,
    clientId: "samsyn-local",
    clientSecret,
    redirectUris: ["localhost", "127.0.0.1"].map((host) => `http://${host}:${env.port}/auth/eid/callback`),
    persons: demoClients.map((person) => {
      const parsed = parsePersonnummer(person.personnummer);
      return { ...person, personnummer: parsed.ok ? parsed.normalized : person.personnummer };
    }),
  });
  log.info("Test e-ID provider started", { issuer: provider.issuer });
  return provider;
}

/**
 * Without SAMSYN_SMTP_URL, e-mail goes to a local catcher that keeps each mail as an .eml file in
 * `<SAMSYN_DATA_DIR>/mail/` (ADR 0020). In production that means nobody receives the notices: say so.
 */
async function startMailCatcherOrExit(env: Env) {
  const dir = path.join(env.dataDir, "mail");
  try {
    const catcher = await startMailCatcher({ port: env.mailCatcherPort, dir });
    useSmtpServer(catcher.url);
    (env.nodeEnv === "production" ? log.warn : log.info)("Mail catcher started: e-mail is kept in a folder, not delivered (set SAMSYN_SMTP_URL to send it)", { smtp: catcher.url, dir });
    return catcher;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EACCES") throw error;
    console.error(`Samsyn cannot start: the mail catcher's port ${env.mailCatcherPort} is not available (${code}). Set SAMSYN_MAIL_CATCHER_PORT to another port (0: any free port), or SAMSYN_SMTP_URL.`);
    process.exit(1);
  }
}

/** Ends a start that must not go on: the operator's one line on stderr, the database closed, exit code 1. */
async function refuseToStart(database: DatabaseHandle, line: string): Promise<never> {
  console.error(line);
  await database.close();
  process.exit(1);
}

/** With SAMSYN_MIGRATE_ON_START=false the owner migrates: the line that stops the start of an instance whose database lacks `pending` migrations. */
function unmigrated(pending: string[]): string {
  return (
    `Samsyn cannot start: the database lacks ${pending.length} migration(s) (${pending.join(", ")}); ` +
    "run `npm run db:migrate` as the database owner, or set SAMSYN_MIGRATE_ON_START=true."
  );
}

function readEnvOrExit(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function describeData(env: Env, driver: string) {
  if (!env.databaseUrl) return { driver, dataDir: env.dataDir };
  const url = new URL(env.databaseUrl);
  return { driver, database: `${url.hostname}:${url.port || 5432}${url.pathname}` };
}

function dataLine(env: Env): string {
  const where = describeData(env, "");
  return env.databaseUrl
    ? `Database: PostgreSQL at ${where.database}`
    : `Data: ${env.dataDir} (embedded PGlite database and development keys)`;
}

main().catch((error) => {
  log.error("Samsyn failed to start", errorFields(error));
  process.exit(1);
});
