/**
 * The Add site / Edit site form and its model: one chunk, loaded when a person first opens the
 * form (options-model.ts `startAdd`/`startEdit`), with the provider, tracker and transport
 * forms it brings. The list of sites needs none of it.
 */
export { createSiteEditor } from './site-editor-model';
export { SiteEditorForm } from './SiteEditorForm';
