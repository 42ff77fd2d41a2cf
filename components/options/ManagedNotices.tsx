import type { OptionsModel } from './options-model';

/**
 * What the organisation's policy changed and what of it could not be used. Said once, above
 * the sites, with what to do; the person's own sites are never lost to it.
 */
export function ManagedNotices({ model }: { model: OptionsModel }) {
  const { problems, replaced } = model.managed.value;
  return (
    <>
      {problems.length > 0 && (
        <div class="message error" role="alert">
          <p>Part of your organisation's Flagtab policy cannot be used, so those sites are missing. Your own sites are unaffected.</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {replaced.length > 0 && (
        <div class="message warning" role="status">
          <p>Your organisation's sites take the place of some of yours. Yours are kept, unused, and come back if the policy drops its site:</p>
          <ul>
            {replaced.map((site) => (
              <li key={site.id}>{`"${site.name}": ${site.why}.`}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
