// First: sends popup/state before the UI's code below is evaluated (see ask.ts).
import { client, first, readCachedFlags, tabIdReady } from './ask';
import { startPopup } from './start';
import '../../components/ui/tokens.css';
import './popup.css';

startPopup({ tabId: await tabIdReady, client, readCachedFlags, first });
