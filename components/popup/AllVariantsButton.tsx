import { useContext } from 'preact/hooks';
import type { Flag } from '../../lib/flags/flag';
import { runFlagOf } from '../../lib/runs/combinations';
import { RunsContext } from './runs-model';

/** "All variants…" on a flag with variants: a run that captures the tab under each of them. */
export function AllVariantsButton({ flag, siteId }: { flag: Flag; siteId: string | undefined }) {
  const runs = useContext(RunsContext);
  if (!runs || !siteId || flag.type === 'boolean' || !runFlagOf(flag)) return null;
  return (
    <button type="button" class="all-variants" aria-label={`All variants of ${flag.key}…`} title="Capture the tab under each variant"
      disabled={runs.active.value} onClick={() => void runs.start(siteId, { kind: 'all-variants', key: flag.key })}>All variants…</button>
  );
}
