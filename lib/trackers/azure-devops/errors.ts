import { commonErrorText, describeFor } from '../http';
import { TrackerError } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';
import { AdoErrorSchema } from './api-schema';

/** Azure DevOps' own words from an error body: "TF401232: Work item 4711 does not exist, …". */
export function adoSays(body: unknown): string | undefined {
  const parsed = AdoErrorSchema.safeParse(body);
  return (parsed.success && parsed.data.message) || commonErrorText(body);
}

/** How Azure DevOps' failures are worded (lib/trackers/http.ts finishes the sentences). */
export const AZURE_DEVOPS = describeFor('Azure DevOps', {
  newToken:
    'create a personal access token for this organization with the "Work Items: Read & write" scope (User settings → Personal access tokens) and paste it in Settings',
  permission:
    'give the token the "Work Items: Read & write" scope, and its account "Edit work items in this node" on the work item\'s area path (ask a project administrator)',
  notFound:
    'check the work item ID (like 4711) and that it belongs to the project set in Settings. Azure DevOps also answers "not found" for a work item the account may not read',
  errorText: adoSays,
});

/** The last refusal Azure DevOps answered with, for `adoRefine`. */
export interface AdoAnswer {
  status?: number;
  body?: unknown;
}

/**
 * Azure DevOps' fetch, as the shared client should see it. A rejected PAT may come back as
 * HTTP 203 with the HTML sign-in page, or as a redirect to it (when X-TFS-FedAuthRedirect:
 * Suppress is not honoured): both reach the client as the 401 they mean. Each refusal's body is
 * kept in `last`, so a 404 can be told apart: a work item, or the organization or project.
 */
export function adoFetch(deps: TrackerDeps, last: AdoAnswer): typeof fetch {
  return async (input, init) => {
    const response = await deps.fetch(input, init);
    const signIn = response.status === 203 || (response.status >= 300 && response.status < 400 && /_signin|\/login/i.test(response.headers.get('Location') ?? ''));
    if (response.ok && !signIn) return response;
    const text = await response.text();
    last.status = response.status;
    last.body = safeJson(text);
    const headers = new Headers(response.headers);
    // The body is handed on as text, so its old encoding and length no longer apply.
    headers.delete('Content-Encoding');
    headers.delete('Content-Length');
    if (signIn) {
      headers.delete('Location');
      return new Response(text, { status: 401, statusText: 'Unauthorized', headers });
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers });
  };
}

/**
 * A "not found" that is not about the work item (TF401232) is about the organization or the
 * project in Settings, and says so; other errors pass as they are.
 */
export function adoRefine(error: unknown, last: AdoAnswer, where: { organization: string; project: string; host: string }): unknown {
  if (!(error instanceof TrackerError) || error.kind !== 'ticket-not-found' || isWorkItemNotFound(last.body)) return error;
  const said = adoSays(last.body);
  return new TrackerError(
    'needs-setup',
    `Azure DevOps (${where.host}) has no project "${where.project}" in the organization "${where.organization}" that the token's account can see${said ? ` ("${said.slice(0, 300)}")` : ''}: check the organization and the project in Settings.`,
    undefined,
    { cause: error },
  );
}

/** TF401232 ("Work item 4711 does not exist, or you do not have permissions to read it") and its kin. */
function isWorkItemNotFound(body: unknown): boolean {
  const parsed = AdoErrorSchema.safeParse(body);
  if (!parsed.success) return false;
  const { message = '', typeKey = '', typeName = '' } = parsed.data;
  return /^TF401232\b/.test(message) || /WorkItem/i.test(typeKey) || /WorkItem(Unauthorized|NotFound|DoesNotExist)/i.test(typeName);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // an HTML page from the sign-in or a proxy: not Azure DevOps' words
  }
}
