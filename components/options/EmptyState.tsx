import { useRef } from 'preact/hooks';
import type { OptionsModel } from './options-model';

/**
 * What a first visit sees instead of an empty list: what Flagtab needs, and the two ways to
 * give it — set up a site, or take a teammate's exported configuration.
 */
export function EmptyState({ model }: { model: OptionsModel }) {
  const file = useRef<HTMLInputElement>(null);
  return (
    <div class="empty-state">
      <h3>Set up the site you test</h3>
      <p>
        Tell Flagtab where your site is served from and where its feature flags are defined. Then open the site and switch
        flags for that one tab: nobody else sees a change.
      </p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => void model.startAdd()}>
          Add a site
        </button>
        <button type="button" onClick={() => file.current?.click()}>
          Import a teammate's configuration
        </button>
        {/* Hidden, so the button above names it; the "Import configuration" field below is the same import. */}
        <input
          ref={file}
          type="file"
          hidden
          accept="application/json,.json"
          onChange={(event) => {
            const input = event.currentTarget;
            const chosen = input.files?.[0];
            input.value = '';
            if (chosen) void model.importFile(chosen);
          }}
        />
      </div>
      <p class="hint">A configuration file is what "Export configuration" saves: ask a teammate who has Flagtab set up.</p>
    </div>
  );
}
