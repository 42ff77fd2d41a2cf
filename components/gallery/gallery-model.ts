import { computed, signal } from '@preact/signals';
import type { GalleryRun } from '../../lib/runs/gallery-store';
import { describeStep } from '../../lib/runs/combinations';
import { stepOutcome } from '../../lib/runs/outcome';
import type { StepResult } from '../../lib/runs/state';

export interface GalleryDeps {
  list(): Promise<GalleryRun[]>;
  /** A step's capture, base64 PNG. */
  image(runId: string, index: number): Promise<string | undefined>;
  /** Draws the contact sheet from the steps' captures and labels. */
  drawSheet(entries: { base64?: string; lines: string[] }[]): Promise<Blob>;
  download(filename: string, data: Blob): void;
  /** Opens the sign-off for the run's tab with this run's gallery attached. */
  openSignOff(tabId: number, runId: string): void;
  /** Calls back when the stored runs change (a run goes on while the gallery is open). */
  watch(callback: () => void): () => void;
}

/** What the gallery shows of one step: its values, its capture, what the page reported or why it failed. */
export interface GalleryStep {
  index: number;
  label: string;
  base64?: string;
  result?: StepResult;
  /** "Page reported: hero-banner = b", or the failure. */
  outcome: string;
}

/** The gallery page's state: the runs, the one shown, its steps with their images. */
export function createGalleryModel(deps: GalleryDeps, wanted?: string) {
  const runs = signal<GalleryRun[]>([]);
  const selectedId = signal<string | undefined>(wanted);
  const steps = signal<GalleryStep[]>([]);
  const error = signal<string | undefined>(undefined);
  const sheetUrl = signal<string | undefined>(undefined);
  const run = computed(() => runs.value.find((r) => r.id === selectedId.value) ?? runs.value[0]);

  async function load() {
    try {
      runs.value = await deps.list();
      const shown = run.value;
      if (!shown) return;
      steps.value = await Promise.all(shown.steps.map(async (values, index): Promise<GalleryStep> => {
        const result = shown.results.find((r) => r.index === index);
        const base64 = result?.ok ? await deps.image(shown.id, index) : undefined;
        return { index, label: describeStep(values), result, outcome: stepOutcome(result, values), ...(base64 ? { base64 } : {}) };
      }));
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  const fileBase = () => `flagtab-${run.value?.label.replace(/[^\w.-]+/g, '-').slice(0, 60) ?? 'run'}`;

  return {
    runs, run, steps, error, sheetUrl,
    load,
    watch: () => deps.watch(() => void load()),
    select(id: string) {
      selectedId.value = id;
      sheetUrl.value = undefined;
      void load();
    },
    async makeSheet(): Promise<Blob | undefined> {
      try {
        const blob = await deps.drawSheet(steps.value.map((s) => ({ ...(s.base64 ? { base64: s.base64 } : {}), lines: [s.label, s.outcome] })));
        if (sheetUrl.value) URL.revokeObjectURL(sheetUrl.value);
        sheetUrl.value = URL.createObjectURL(blob);
        return blob;
      } catch (e) {
        error.value = e instanceof Error ? e.message : String(e);
        return undefined;
      }
    },
    async downloadSheet() {
      const blob = await this.makeSheet();
      if (blob) deps.download(`${fileBase()}-contact-sheet.png`, blob);
    },
    /** Only a run that knows its tab and has a step taken can be signed off. */
    canSignOff: computed(() => run.value?.tabId !== undefined && (run.value?.results.length ?? 0) > 0),
    signOff() {
      const shown = run.value;
      if (shown?.tabId !== undefined) deps.openSignOff(shown.tabId, shown.id);
    },
    downloadStep(step: GalleryStep) {
      if (!step.base64) return;
      const bytes = Uint8Array.from(atob(step.base64), (c) => c.charCodeAt(0));
      deps.download(`${fileBase()}-${step.index + 1}.png`, new Blob([bytes], { type: 'image/png' }));
    },
  };
}

export type GalleryModel = ReturnType<typeof createGalleryModel>;
