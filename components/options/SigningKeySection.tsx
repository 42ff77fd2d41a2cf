import { useEffect, useState } from 'preact/hooks';
import type { Site } from '../../lib/config/schema';
import type { SigningKeysModel, SiteKeyState } from './signing-keys-model';

const KIND_LABELS = { ed25519: 'Ed25519 key of your own', hs256: 'Team secret (HS256)' } as const;

/** The folded section's one line: whether signing is on, and with which key, as far as is known. */
function signingSummary(key: SiteKeyState['key'], signedOn: boolean): string {
  if (key === undefined) return signedOn ? 'on' : 'off';
  if (key === null) return signedOn ? 'on, but no signing key yet: overrides go unsigned' : 'off';
  return signedOn ? `on, key ${key.kid}` : `off: key ${key.kid} signs nothing yet`;
}

/**
 * A site card's "Signed overrides": make, show (public half only), copy, rotate and revoke its key.
 * Folded to one line while signing is not in use (transport off, no key): a first site's card
 * shows what it covers, not a key form. Open while in use or failing, and once the person opens it.
 */
export function SigningKeySection({ model, site }: { model: SigningKeysModel; site: Site }) {
  const id = `site-${site.id}-signing`;
  useEffect(() => void model.load(site.id), [model, site.id]);
  const [opened, setOpened] = useState<boolean | undefined>(undefined);
  const state = model.stateOf(site.id);
  const { key, busy } = state;
  const signedOn = site.transports.signed?.enabled === true;
  const inUse = signedOn || Boolean(key) || Boolean(state.error);

  return (
    <section class="signing" aria-labelledby={id}>
      <details class="fold" open={Boolean(state.error) || (opened ?? inUse)} onToggle={(event) => setOpened(event.currentTarget.open)}>
        <summary>
          <h4 id={id}>Signed overrides</h4>{' '}
          <span class="summary-hint">
            {signingSummary(key, signedOn)}
            {key === null && !signedOn && <span class="when-closed">: open to make a key or use a team secret</span>}
          </span>
        </summary>
        <div class="fold-body">
          {key === undefined && <p>Loading…</p>}
          {key === null && (
            <>
              <p>
                No signing key. With one, and the signed transport on (Edit), this site's overrides also go signed in
                {` ${site.transports.signed?.name ?? 'X-Feature-Flags-V2'}`}, and a server that verifies accepts them only if it lists the key.
              </p>
              <div class="field">
                <label for={`${id}-who`}>Your name or e-mail (the server sees who signed)</label>
                <input id={`${id}-who`} type="text" autoComplete="email" value={state.who} onInput={(e) => model.setWho(site.id, e.currentTarget.value)} />
              </div>
              <button type="button" disabled={busy} aria-describedby={`${id}-generate-hint`} aria-label={`Generate signing key for ${site.name}`} onClick={() => void model.generate(site.id)}>
                Generate signing key
              </button>
              <p class="hint" id={`${id}-generate-hint`}>
                Made and kept here, in this browser profile: its private half cannot be exported, not even by Flagtab: another browser or profile needs a key of its own.
              </p>
              <div class="field">
                <label for={`${id}-secret`}>Team secret (HS256)</label>
                <input id={`${id}-secret`} type="password" autoComplete="off" value={state.secret} onInput={(e) => model.setSecret(site.id, e.currentTarget.value)}
                  aria-describedby={`${id}-secret-hint`} />
                <p class="hint" id={`${id}-secret-hint`}>
                  Instead of a key of your own: the secret your security lead shares, at least 32 bytes. Kept so it signs but cannot be read back or exported.
                </p>
              </div>
              <button type="button" disabled={busy || state.secret.trim() === ''} aria-label={`Use team secret for ${site.name}`} onClick={() => void model.importSecret(site.id)}>
                Use team secret
              </button>
            </>
          )}
          {key && (
            <>
              {!signedOn && <p class="message warning">The signed transport is off for this site, so this key signs nothing yet: turn it on with Edit.</p>}
              <dl>
                <dt>Kind</dt>
                <dd>{KIND_LABELS[key.kind]}</dd>
                <dt>Key id (kid)</dt>
                <dd><code>{key.kid}</code></dd>
                <dt>Signs as</dt>
                <dd>{key.who ?? `nobody named (tokens say "key ${key.kid}")`}</dd>
                <dt>Created</dt>
                <dd>{new Date(key.createdAt).toLocaleString()}</dd>
              </dl>
              {key.line && (
                <>
                  <div class="field">
                    <label for={`${id}-line`}>Line for the server's authorized keys</label>
                    <input id={`${id}-line`} type="text" readOnly value={key.line} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
                  </div>
                  <button type="button" aria-label={`Copy line for ${site.name}`} onClick={() => void model.copyLine(site.id)}>
                    Copy line
                  </button>
                  <details>
                    <summary>Public key (JWK)</summary>
                    <pre>{JSON.stringify(key.publicJwk, null, 2)}</pre>
                  </details>
                </>
              )}
              {key.kind === 'hs256' && (
                <p class="hint">The server lists the same secret (as "hs256 &lt;secret&gt; {key.kid}"); Flagtab cannot show it. To change it, revoke it here and paste the new one.</p>
              )}
              <div class="actions">
                {key.kind === 'ed25519' && (
                  <button type="button" disabled={busy} aria-label={`Rotate key for ${site.name}`} onClick={() => void model.generate(site.id)}>
                    Rotate key
                  </button>
                )}
                <button type="button" disabled={busy} aria-label={`Revoke key for ${site.name}`} onClick={() => void model.revoke(site.id)}>
                  Revoke key
                </button>
              </div>
            </>
          )}
          {state.error && <p class="message error" role="alert">{state.error}</p>}
          {state.notice && <p class="message notice" role="status">{state.notice}</p>}
        </div>
      </details>
    </section>
  );
}
