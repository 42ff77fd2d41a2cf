import { batch, computed, signal } from '@preact/signals';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { RequestOf } from '../../lib/messaging/protocol';
import type { OutboxActionResult, SignOffDraft } from '../../lib/signoff/view';
import type { Evidence, SignOffGallery, Verdict } from '../../lib/signoff/signoff';
import type { Screenshot } from '../../lib/signoff/history';
import { FORM_FIELDS, messageOf, type FormField } from './words';
import { refusedField } from '../../lib/messaging/errors';

/** What the view should move focus to next; `n` changes on every request so the same target can be asked twice. */
export type FocusTarget = FormField | 'status' | 'send';
export interface FocusRequest {
  target: FocusTarget;
  n: number;
}

/** A run's gallery attached from the gallery page ("Sign off with this gallery"). */
export type GalleryState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'attached'; gallery: SignOffGallery }
  | { kind: 'failed'; message: string };

export type ScreenshotState =
  | { kind: 'none' }
  | { kind: 'taking' }
  | { kind: 'taken'; screenshot: Screenshot }
  | { kind: 'failed'; message: string }
  | { kind: 'removed' };

/** A sign-off the background accepted: the status line follows it through the outbox. */
export interface SentSignOff {
  id: string;
  ticket: string;
  result: Extract<OutboxActionResult, { ok: true }>;
}

export interface FormDeps {
  client: BackgroundClient;
}

type Errors = Partial<Record<FormField | 'form', string>>;

/**
 * The sign-off form: the draft the background suggests for a tab, what the person typed, the
 * screenshot, and Send. Typing is never thrown away by a tab change; only a change of site
 * asks first (see `showTab`).
 */
export function createSignOffForm(deps: FormDeps) {
  const draft = signal<SignOffDraft | undefined>(undefined);
  const loadError = signal<string | undefined>(undefined);
  const ticket = signal('');
  const verdict = signal<Verdict | undefined>(undefined);
  const notes = signal('');
  const who = signal('');
  const screenshot = signal<ScreenshotState>({ kind: 'none' });
  const gallery = signal<GalleryState>({ kind: 'none' });
  const errors = signal<Errors>({});
  const sending = signal(false);
  const sent = signal<SentSignOff | undefined>(undefined);
  /** A draft for a tab on another site, held back while the person decides (they had typed). */
  const otherSite = signal<SignOffDraft | undefined>(undefined);
  const focus = signal<FocusRequest>({ target: 'ticket', n: 0 });
  let latestDraft = 0;
  let latestShot = 0;

  const requestFocus = (target: FocusTarget) => { focus.value = { target, n: focus.value.n + 1 }; };

  /** Whether the person typed anything a fresh draft would lose. */
  const dirty = computed(() => {
    const d = draft.value;
    return Boolean(notes.value.trim() || verdict.value || ticket.value.trim() !== (d?.ticket ?? '') || who.value.trim() !== (d?.who ?? ''));
  });

  /** The evidence block exactly as it is sent: the draft's, with the name typed now. */
  const evidence = computed<Evidence | undefined>(() => {
    const base = draft.value?.evidence;
    if (!base) return undefined;
    const { who: _drafted, ...rest } = base;
    const name = who.value.trim();
    return name ? { ...rest, who: name } : rest;
  });

  /** The 'signoff/submit' data the form would send now, or undefined when a required part is missing. */
  const payload = computed<RequestOf<'signoff/submit'> | undefined>(() => {
    const d = draft.value;
    const e = evidence.value;
    const v = verdict.value;
    if (!d?.site || !e || !v || !ticket.value.trim()) return undefined;
    const name = who.value.trim();
    const shot = screenshot.value;
    const attached = gallery.value;
    return {
      id: d.id, tabId: d.tabId, siteId: d.site.id, ticket: ticket.value.trim(), verdict: v, notes: notes.value,
      ...(name ? { who: name } : {}),
      ...(shot.kind === 'taken' ? { screenshot: shot.screenshot } : {}),
      ...(attached.kind === 'attached' ? { gallery: attached.gallery } : {}),
      evidence: e,
    };
  });

  /** Whether the ticket field still holds what the background suggested (so say where it came from). */
  const ticketSuggested = computed(() => Boolean(draft.value?.ticket && ticket.value.trim() === draft.value.ticket));

  async function takeScreenshot() {
    const tabId = draft.value?.tabId;
    if (tabId === undefined || !draft.value?.site) return;
    const mine = ++latestShot;
    screenshot.value = { kind: 'taking' };
    let next: ScreenshotState;
    try {
      const answer = await deps.client.request('signoff/screenshot', { tabId });
      next = answer.ok ? { kind: 'taken', screenshot: answer.screenshot } : { kind: 'failed', message: answer.message };
    } catch (error) {
      next = { kind: 'failed', message: messageOf(error) };
    }
    if (mine === latestShot) screenshot.value = next;
  }

  /**
   * Puts a draft in the form. `keep`: the person's typing stays, and so does the sign-off's id.
   * `retake`: a new page (or tab) means a new picture, unless the person dropped it.
   */
  function apply(next: SignOffDraft, keep: boolean, retake = true) {
    const previous = draft.value;
    batch(() => {
      otherSite.value = undefined;
      loadError.value = undefined;
      if (keep && previous) {
        // A field still holding the old suggestion takes the new one; typed text stays.
        if (ticket.value.trim() === (previous.ticket ?? '')) ticket.value = next.ticket ?? '';
        if (who.value.trim() === (previous.who ?? '')) who.value = next.who ?? '';
        draft.value = { ...next, id: previous.id };
      } else {
        draft.value = next;
        ticket.value = next.ticket ?? '';
        who.value = next.who ?? '';
        verdict.value = undefined;
        notes.value = '';
        errors.value = {};
        sent.value = undefined;
        screenshot.value = { kind: 'none' };
        requestFocus(next.ticket ? 'verdict' : 'ticket');
      }
    });
    if (retake && next.site && screenshot.value.kind !== 'removed') void takeScreenshot();
  }

  /**
   * The tab's overrides, or what its page reported, changed while the form is open: the
   * evidence (and a ticket still as suggested) follows, so what is previewed is what is sent.
   * Typing, the sign-off's id and the screenshot stay.
   */
  async function refreshEvidence() {
    const current = draft.value;
    if (!current?.site || sending.value || sent.value) return;
    const mine = ++latestDraft;
    let next: SignOffDraft;
    try {
      next = await deps.client.request('signoff/draft', { tabId: current.tabId });
    } catch {
      return; // the preview stays as it was; Send still works
    }
    if (mine !== latestDraft || draft.value !== current || next.site?.id !== current.site.id) return;
    apply(next, true, false);
  }

  /**
   * Loads the draft for `tabId`. On the same site the typing is kept (the person moved to
   * another tab of the story, or the page reloaded). On another site, when something was typed,
   * the new draft waits in `otherSite` until the person chooses: notes about one site's story
   * must not silently become evidence for another site, and must not silently vanish either.
   */
  async function showTab(tabId: number, options: { fresh?: boolean } = {}) {
    const mine = ++latestDraft;
    let next: SignOffDraft;
    try {
      next = await deps.client.request('signoff/draft', { tabId });
    } catch (error) {
      if (mine === latestDraft) loadError.value = messageOf(error);
      return;
    }
    if (mine !== latestDraft) return; // a later tab change won
    const current = draft.value;
    if (options.fresh || !current) return apply(next, false);
    if (next.site?.id === current.site?.id) return apply(next, true);
    if (dirty.value) otherSite.value = next;
    else apply(next, false);
  }

  async function submit() {
    const d = draft.value;
    if (sending.value || sent.value || !d?.site) return;
    const found: Errors = {};
    if (!ticket.value.trim()) found.ticket = `Name the ticket, e.g. ${d.tracker?.ticketExample ?? 'SHOP-142'}.`;
    if (!verdict.value) found.verdict = 'Pick a verdict: Passed, Failed or Blocked.';
    const data = payload.value;
    if (!data) {
      errors.value = found;
      requestFocus(found.ticket ? 'ticket' : 'verdict');
      return;
    }
    errors.value = {};
    sending.value = true;
    try {
      const answer = await deps.client.request('signoff/submit', data);
      if (answer.ok) {
        sent.value = { id: data.id, ticket: answer.item.signOff.ticket, result: answer };
        requestFocus('status');
      } else refuse(answer.message, answer.field);
    } catch (error) {
      // A message the background would not read names its field (lib/messaging/errors.ts); a
      // refusal after reading says its field itself (`answer.field` above).
      refuse(messageOf(error), refusedField(error, FORM_FIELDS));
    } finally {
      sending.value = false;
    }
  }

  /** Shows a refusal by the field it is about (by Send when it is about none); everything typed stays. */
  function refuse(message: string, field: FormField | undefined) {
    errors.value = { [field ?? 'form']: message };
    requestFocus(field ?? 'send');
  }

  return {
    draft, loadError, ticket, verdict, notes, who, screenshot, gallery, errors, sending, sent, otherSite, focus,
    dirty, evidence, payload, ticketSuggested,
    showTab,
    refreshEvidence,
    submit,
    takeScreenshot,
    removeScreenshot() {
      latestShot++; // an answer still on its way must not bring it back
      screenshot.value = { kind: 'removed' };
    },
    /** Attaches a run's gallery, loaded by `load` (its images, the contact sheet drawn). */
    async attachGallery(load: () => Promise<SignOffGallery>) {
      gallery.value = { kind: 'loading' };
      try {
        gallery.value = { kind: 'attached', gallery: await load() };
      } catch (error) {
        gallery.value = { kind: 'failed', message: messageOf(error) };
      }
    },
    removeGallery() {
      gallery.value = { kind: 'none' };
    },
    /** The person chose the other site's draft: start afresh there. */
    switchSite() {
      const next = otherSite.value;
      if (next) apply(next, false);
    },
    /** The person keeps the sign-off for the site they typed it for. */
    keepSite() {
      otherSite.value = undefined;
    },
    /** After a sign-off went out: a fresh draft (and a new id) for the tab. */
    startNew(tabId: number) {
      screenshot.value = { kind: 'none' };
      gallery.value = { kind: 'none' }; // it went with the sign-off
      return showTab(tabId, { fresh: true });
    },
    clearError(field: FormField) {
      if (errors.value[field]) errors.value = { ...errors.value, [field]: undefined };
    },
  };
}

export type SignOffForm = ReturnType<typeof createSignOffForm>;
