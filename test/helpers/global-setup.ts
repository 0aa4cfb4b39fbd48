import type { TestProject } from "vitest/node";
import { startFakeVendor } from "./fake-vendor";

declare module "vitest" {
  export interface ProvidedContext {
    vendorUrl: string;
    vendorPrivateJwk: import("jose").JWK;
  }
}

export default async function setup(project: TestProject) {
  const vendor = await startFakeVendor();
  project.provide("vendorUrl", vendor.url);
  project.provide("vendorPrivateJwk", vendor.privateJwk);
  return () => vendor.close();
}
