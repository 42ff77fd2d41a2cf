import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod's tree-shakable build ("zod/mini"), with its English messages. Import `z` from here, not
 * from 'zod': the background worker parses this code on every wake, and classic zod's chained
 * methods keep all of zod in the bundle (about 99 KB of background.js), used or not. The
 * messages are configured once, here, so every parse explains itself in the same words.
 */
z.config(en());

export { z };
