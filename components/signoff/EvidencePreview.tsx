import { commentParts } from '../../lib/signoff/format';
import type { Evidence } from '../../lib/signoff/signoff';
import { dateTimeOf } from './words';

/**
 * The evidence block exactly as the comment will carry it, in the same words (commentParts is
 * what every tracker lays out). Only the time moves: it is stamped again on Send.
 */
export function EvidencePreview({ evidence }: { evidence: Evidence }) {
  // commentParts reads the whole sign-off; only its evidence parts are shown here.
  const parts = commentParts({ id: '', siteId: evidence.site.id, ticket: '', verdict: 'passed', notes: '', evidence, createdAt: evidence.at });
  const rows = parts.evidence.filter(([label]) => label !== 'When');
  return (
    <section class="evidence" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence</h2>
      <p class="hint">Sent with the sign-off, exactly as shown.</p>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label} class="evidence-row"><dt>{label}</dt><dd>{value}</dd></div>
        ))}
        <div class="evidence-row"><dt>When</dt><dd>when you press Send (now {dateTimeOf(evidence.at)})</dd></div>
      </dl>
      <h3>Overrides in this tab</h3>
      {parts.overrides.length ? <ul class="code-list">{parts.overrides.map((o) => <li key={o}><code>{o}</code></li>)}</ul> : <p class="hint">None: the page runs as everyone sees it.</p>}
      <h3>Flags active on the page</h3>
      {parts.activeFlags.length
        ? <ul class="code-list">{parts.activeFlags.map((f) => <li key={f}><code>{f}</code></li>)}</ul>
        : <p class="hint">The page reported no flags.</p>}
    </section>
  );
}
