import { beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./api";
import { checkNow, installUpdate, quietCheckAtStart, updates } from "./updates.svelte";

vi.mock("./api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("./api")>();
  const fns = ["aboutInfo", "checkForUpdate", "installUpdate", "setUpdateCheckAtStart"];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const m = vi.mocked(api);
const about = (check_at_start: boolean) => ({
  name: "Keyhold",
  version: "0.1.0",
  license: "MIT",
  copyright: "Copyright © 2026 Keyhold contributors",
  homepage: "https://example.test",
  check_at_start,
});

describe("updates", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    Object.assign(updates, { about: null, check: null, checking: false, installing: false, installMessage: null, dismissed: false });
  });

  it("the check at start announces an available update", async () => {
    m.aboutInfo.mockResolvedValue(about(true));
    m.checkForUpdate.mockResolvedValue({ status: "available", version: "0.2.0", notes: "Faster.", date: null });
    await quietCheckAtStart();
    expect(updates.check).toEqual({ status: "available", version: "0.2.0", notes: "Faster.", date: null });
  });

  it("the check at start says nothing when it fails", async () => {
    m.aboutInfo.mockResolvedValue(about(true));
    m.checkForUpdate.mockResolvedValue({ status: "failed", message: "Keyhold could not reach the update server." });
    await quietCheckAtStart();
    expect(updates.check).toBeNull();
  });

  it("the check at start does not run when the setting is off", async () => {
    m.aboutInfo.mockResolvedValue(about(false));
    await quietCheckAtStart();
    expect(m.checkForUpdate).not.toHaveBeenCalled();
  });

  it("the manual check shows a failure as it is", async () => {
    m.checkForUpdate.mockResolvedValue({ status: "failed", message: "Keyhold could not reach the update server." });
    await checkNow();
    expect(updates.check).toEqual({ status: "failed", message: "Keyhold could not reach the update server." });
  });

  it("a refused install keeps its plain message", async () => {
    m.installUpdate.mockResolvedValue({ status: "failed", message: "The update was refused." });
    await installUpdate();
    expect(updates.installMessage).toBe("The update was refused.");
    expect(updates.installing).toBe(false);
  });
});
