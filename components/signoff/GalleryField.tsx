import { combinationLine } from '../../lib/signoff/format';
import type { SignOffForm } from './form-model';

/** The run's gallery going with the sign-off, when the panel was opened from the gallery: its steps and images. */
export function GalleryField({ form }: { form: SignOffForm }) {
  const state = form.gallery.value;
  if (state.kind === 'none') return null;
  return (
    <section class="gallery" aria-labelledby="gallery-heading">
      <h3 id="gallery-heading">Gallery</h3>
      {state.kind === 'loading' && <p aria-live="polite">Attaching the run's images and drawing its contact sheet…</p>}
      {state.kind === 'failed' && <p class="notice" role="status">{state.message}</p>}
      {state.kind === 'attached' && (
        <>
          <p>
            {state.gallery.label}: {state.gallery.steps.length} combination{state.gallery.steps.length === 1 ? '' : 's'},{' '}
            {state.gallery.images?.length ?? 0} images attached (each step's capture and the contact sheet).
          </p>
          <ol class="combinations" aria-label="Combinations">
            {state.gallery.steps.map((step, index) => <li key={index}>{combinationLine(step, index).replace(/^\d+\. /, '')}</li>)}
          </ol>
          <button type="button" onClick={() => form.removeGallery()}>Remove gallery</button>
        </>
      )}
    </section>
  );
}
