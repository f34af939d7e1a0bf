/**
 * Remix options. vite.config.ts imports this file and hands it to the Remix Vite plugin
 * (docs/decisions/0001-remix-config-with-vite.md).
 * @type {import("@remix-run/dev").VitePluginConfig}
 */
export default {
  appDirectory: "app",
  // SAMSYN_BUILD_DIR: the bench builds into a folder of its own, so it never replaces the build
  // others serve from this tree (browser tests); server.ts reads the same variable.
  buildDirectory: process.env.SAMSYN_BUILD_DIR ?? "build",
  serverModuleFormat: "esm",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    v3_routeConfig: false,
  },
};
