// Update state shared by the About dialog and the "Update available" banner.
// Checks and installs run in Rust (signature verified there); this keeps what
// the person sees. The quiet check at start never shows a failure.
import { api } from "./api";
import type { AboutInfo } from "./bindings/AboutInfo";
import type { UpdateCheck } from "./bindings/UpdateCheck";

export const updates = $state({
  about: null as AboutInfo | null,
  /** The last check's outcome (a quiet failure at start is not kept). */
  check: null as UpdateCheck | null,
  checking: false,
  installing: false,
  /** What "Install" ended with when it did not restart Keyhold. */
  installMessage: null as string | null,
  dismissed: false,
});

export async function loadAbout(): Promise<AboutInfo | null> {
  try {
    updates.about = await api.aboutInfo();
  } catch {
    updates.about = null;
  }
  return updates.about;
}

/** Manual check ("Check for updates"): every outcome is shown. */
export async function checkNow(): Promise<void> {
  updates.checking = true;
  updates.installMessage = null;
  try {
    updates.check = await api.checkForUpdate();
    updates.dismissed = false;
  } catch {
    updates.check = { status: "failed", message: "The update check did not finish. Try again later." };
  } finally {
    updates.checking = false;
  }
}

/** At start, when the setting is on: only an available update is shown. */
export async function quietCheckAtStart(): Promise<void> {
  const about = await loadAbout();
  if (!about?.check_at_start) return;
  try {
    const check = await api.checkForUpdate();
    if (check.status === "available") updates.check = check;
  } catch {
    // Quiet by design: the manual check reports problems.
  }
}

export async function installUpdate(): Promise<void> {
  updates.installing = true;
  updates.installMessage = null;
  try {
    const outcome = await api.installUpdate();
    updates.installMessage =
      outcome.status === "installed"
        ? `Keyhold ${outcome.version} is installed. Restarting…`
        : outcome.message;
  } catch {
    updates.installMessage = "The update could not be installed. Try again later.";
  } finally {
    updates.installing = false;
  }
}

export async function setCheckAtStart(enabled: boolean): Promise<string | null> {
  try {
    await api.setUpdateCheckAtStart(enabled);
    if (updates.about) updates.about.check_at_start = enabled;
    return null;
  } catch {
    return "The setting could not be saved.";
  }
}
