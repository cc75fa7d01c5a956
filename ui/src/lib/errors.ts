// Error code → plain-language title and next step. Screens show `title` and
// `nextStep` next to whatever failed; `retryable` decides whether a Retry
// button makes sense.
import type { AppError, ErrorCode } from "./types";

export type ErrorInfo = { title: string; nextStep: string; retryable: boolean };

type Entry = { title: string; nextStep: string | ((e: AppError) => string); retryable: boolean };

const TABLE: Record<ErrorCode, Entry> = {
  offline: {
    title: "You appear to be offline.",
    nextStep: "Check your connection and try again.",
    retryable: true,
  },
  timeout: {
    title: "OpenRouter did not answer in time.",
    nextStep: "Check your connection and try again in a moment.",
    retryable: true,
  },
  rate_limited: {
    title: "OpenRouter is rate-limiting requests.",
    nextStep: (e) =>
      e.retry_after_secs ? `Try again in ${e.retry_after_secs} s.` : "Wait a moment, then try again.",
    retryable: true,
  },
  unauthorized: {
    title: "The management key was rejected.",
    nextStep:
      "It may have been revoked or mistyped. Check it in OpenRouter's settings (Management keys) and sign in again.",
    retryable: false,
  },
  not_management_key: {
    title: "This is a regular API key.",
    nextStep: "Create a Management key in OpenRouter's settings (Management keys) and use that.",
    retryable: false,
  },
  forbidden: {
    title: "This management key is not allowed to do that.",
    nextStep: "Check the key's permissions in OpenRouter, or ask the account owner.",
    retryable: false,
  },
  not_found: {
    title: "That key no longer exists.",
    nextStep: "It may have been deleted elsewhere. Refresh the list.",
    retryable: false,
  },
  server: {
    title: "OpenRouter had a problem handling the request.",
    nextStep: "Try again in a moment.",
    retryable: true,
  },
  bad_request: {
    title: "OpenRouter refused the request.",
    nextStep: "Check the values and try again.",
    retryable: false,
  },
  invalid_response: {
    title: "OpenRouter sent an answer we could not read.",
    nextStep: "Try again; if it keeps happening, OpenRouter may have changed something.",
    retryable: true,
  },
  response_too_large: {
    title: "OpenRouter's answer was too large to read.",
    nextStep: "Try again later; if it keeps happening, narrow what you asked for.",
    retryable: true,
  },
  create_outcome_unknown: {
    title: "We couldn't confirm whether the key was created.",
    nextStep: "Refresh the list before trying again so you don't create a duplicate.",
    retryable: false,
  },
  outcome_unknown: {
    title: "We couldn't confirm whether the change was made.",
    nextStep: "Refresh to see the current state before trying again.",
    retryable: false,
  },
  not_organization: {
    title: "This is a personal account, not an organization.",
    nextStep: "Members exist only for organization accounts.",
    retryable: false,
  },
  invalid_input: {
    title: "Some values need attention.",
    nextStep: "Correct the highlighted field and try again.",
    retryable: false,
  },
  keychain_unavailable: {
    title: "The system keychain is not available.",
    nextStep: "Untick “Remember on this computer” to use the key for this session only.",
    retryable: false,
  },
  keychain: {
    title: "The system keychain reported a problem.",
    nextStep: "Try again, or untick “Remember on this computer” to use the key for this session only.",
    retryable: true,
  },
  not_signed_in: {
    title: "You are not signed in.",
    nextStep: "Sign in with a management key or try the demo.",
    retryable: false,
  },
  reveal_gone: {
    title: "This key can no longer be shown.",
    nextStep: "For safety it is only kept briefly. If you did not save it, rotate the key to get a new one.",
    retryable: false,
  },
  clipboard: {
    title: "The clipboard could not be used.",
    nextStep: "Try again, or use Show and copy the key by hand.",
    retryable: true,
  },
  config: {
    title: "Keyhold is not set up correctly.",
    nextStep: "Reinstalling the app may help.",
    retryable: false,
  },
  file: {
    title: "The file could not be read or written.",
    nextStep: "Choose another folder or file and try again.",
    retryable: true,
  },
  dialog: {
    title: "The file dialog could not open.",
    nextStep: "Try again; if it keeps happening, restart Keyhold.",
    retryable: true,
  },
  batch_not_found: {
    title: "This batch is no longer known.",
    nextStep: "It ended with the session. Refresh the key list to see what was done.",
    retryable: false,
  },
  batch_running: {
    title: "This batch is still running.",
    nextStep: "Wait for it to finish, or cancel it first.",
    retryable: false,
  },
  reminders: {
    title: "The rotation reminder could not be saved.",
    nextStep: "The old key is still active; retire it by hand later.",
    retryable: true,
  },
  demo: {
    title: "The demo could not start.",
    nextStep: "Try again; if it keeps happening, restart Keyhold.",
    retryable: true,
  },
  internal: {
    title: "Something unexpected went wrong.",
    nextStep: "Please try again.",
    retryable: true,
  },
};

export function describeError(e: AppError): ErrorInfo {
  const entry = TABLE[e.code] ?? TABLE.internal;
  const nextStep = typeof entry.nextStep === "function" ? entry.nextStep(e) : entry.nextStep;
  return { title: entry.title, nextStep, retryable: entry.retryable };
}

/** One line for places with little room: title + next step. The backend's own
 *  message is preferred for input errors because it names the exact problem. */
export function errorText(e: AppError): string {
  if (e.code === "invalid_input" && e.message) return e.message;
  const info = describeError(e);
  return `${info.title} ${info.nextStep}`;
}

/** The backend's own message, shown as a detail line under `errorText`: it
 *  says what happened in this case (which file, which status), where the
 *  table says only the kind. Null when it would repeat the line above. */
export function errorDetail(e: AppError): string | null {
  const message = e.message?.trim();
  if (!message) return null;
  const shown = errorText(e);
  if (message === shown || message === describeError(e).title) return null;
  return message;
}
