import type { SecretSlot } from '../../lib/secrets/store';

/**
 * A stored token is bound to the address it was saved for (lib/secrets). When the site now points
 * somewhere else — an imported file changed the address, or the person edited it — keeping the
 * token must not quietly move it there: the form asks "use it there?", naming both addresses,
 * and only that confirmation lets Save re-bind it.
 */
export interface TokenMoveState {
  /** The stored token's kept action, as the form has it. */
  action: 'keep' | 'replace' | 'remove';
  /** Whether a token is stored in this slot. */
  stored: boolean;
  /** Where it was saved for; undefined when it is bound to no address. */
  savedFor: string | undefined;
  /** The address the person confirmed it may be used at, if any. */
  confirmedFor: string | undefined;
}

/**
 * What moveState reads of the site editor (site-editor-model.ts's SiteEditor is one). Written
 * out here so this file does not import the editor, which imports it.
 */
export interface TokenSlots {
  storedToken?: string | undefined;
  tokenAction: TokenMoveState['action'];
  trackerToken: { stored?: string | undefined; action: TokenMoveState['action'] };
  tokenOrigins: Partial<Record<SecretSlot, string>>;
  tokenMoves: Partial<Record<SecretSlot, string>>;
}

/** A slot's stored token as the editor has it. */
export function moveState(editor: TokenSlots, slot: SecretSlot): TokenMoveState {
  const { stored, action } = slot === 'catalogue' ? { stored: editor.storedToken, action: editor.tokenAction } : editor.trackerToken;
  return { action, stored: stored !== undefined, savedFor: editor.tokenOrigins[slot], confirmedFor: editor.tokenMoves[slot] };
}

/** The question the form asks for a slot, or undefined when there is none to ask. */
export interface TokenMove {
  slot: SecretSlot;
  from: string | undefined;
  to: string;
  confirmed: boolean;
}

/**
 * Whether keeping the stored token means sending it to another address than it was saved for.
 *
 * @example tokenMove('tracker', { action: 'keep', stored: true, savedFor: 'https://a.atlassian.net', confirmedFor: undefined }, 'https://b.atlassian.net')
 * // { slot: 'tracker', from: 'https://a.atlassian.net', to: 'https://b.atlassian.net', confirmed: false }
 */
export function tokenMove(slot: SecretSlot, state: TokenMoveState, to: string | undefined): TokenMove | undefined {
  if (!state.stored || state.action !== 'keep' || !to || state.savedFor === to) return undefined;
  return { slot, from: state.savedFor, to, confirmed: state.confirmedFor === to };
}

/** What Save does with a kept token: bind it to `to` only when it was saved for it or the person confirmed. */
export function mayBind(state: TokenMoveState, to: string): boolean {
  return state.savedFor === to || state.confirmedFor === to;
}

/** The question, in words: "This token was saved for https://a; the site now points at https://b — use it there?" */
export function tokenMoveQuestion(move: TokenMove, noun: string): string {
  const saved = move.from ? `This ${noun} was saved for ${move.from}` : `This ${noun} was saved for no address`;
  return `${saved}; the site now points at ${move.to} — use it there?`;
}
