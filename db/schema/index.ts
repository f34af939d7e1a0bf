export * from "./audit";
export * from "./auth";
export * from "./cases";
export * from "./clients";
export * from "./consent";
export * from "./directory";
export * from "./plan";
export * from "./requests";
