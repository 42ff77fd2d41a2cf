import type { GalleryImage, SignOffGallery } from '../signoff/signoff';
import { describeStep } from './combinations';
import type { GalleryRun } from './gallery-store';
import { stepOutcome } from './outcome';

export interface GalleryAttachmentDeps {
  run(runId: string): Promise<GalleryRun | undefined>;
  /** A step's capture, base64 PNG. */
  image(runId: string, index: number): Promise<string | undefined>;
  /** The contact sheet as a base64 PNG, from the captures and their labels (lib/runs/contact-sheet.ts). */
  drawSheet(entries: { base64?: string; lines: string[] }[]): Promise<string>;
}

/**
 * A run's gallery as a sign-off attaches it: every step with its values and what the page
 * reported (or why it failed), each step's capture ("step-2.png"), then the contact sheet. A
 * step not taken yet is left out: the sign-off tells only what was observed.
 *
 * @example const gallery = await galleryAttachment(deps, 'run-abc'); gallery.images.at(-1).name === 'contact-sheet.png'
 */
export async function galleryAttachment(deps: GalleryAttachmentDeps, runId: string): Promise<SignOffGallery> {
  const run = await deps.run(runId);
  if (!run) throw new Error('That run is no longer in the gallery (it keeps the latest 20): start the run again, then sign off from its gallery.');
  const taken = run.results.slice().sort((a, b) => a.index - b.index).filter((r) => run.steps[r.index]);
  if (!taken.length) throw new Error(`"${run.label}" has no step taken yet: wait for the run, then sign off from its gallery.`);
  const images: GalleryImage[] = [];
  const sheet: { base64?: string; lines: string[] }[] = [];
  for (const result of taken) {
    const values = run.steps[result.index]!;
    const base64 = result.ok ? await deps.image(run.id, result.index) : undefined;
    if (base64) images.push({ name: `step-${result.index + 1}.png`, base64 });
    sheet.push({ ...(base64 ? { base64 } : {}), lines: [describeStep(values), stepOutcome(result, values)] });
  }
  images.push({ name: 'contact-sheet.png', base64: await deps.drawSheet(sheet) });
  return {
    runId: run.id,
    label: run.label,
    steps: taken.map((result) => ({
      values: run.steps[result.index]!,
      ...(result.ok ? { reported: result.reported } : { failed: result.reason }),
    })),
    images,
  };
}
