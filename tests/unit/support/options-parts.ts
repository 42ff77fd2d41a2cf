import { loadedPart } from '../../../components/options/part';
import type { OptionsParts } from '../../../components/options/options-model';
import * as siteEditorPart from '../../../components/options/site-editor-part';
import * as transferPart from '../../../components/options/transfer-model';

/** The options page's lazily loaded parts, already loaded: the model's intents run synchronously, as on the page once a part is in. */
export const loadedOptionsParts = (): OptionsParts => ({ siteEditor: loadedPart(siteEditorPart), transfer: loadedPart(transferPart) });
