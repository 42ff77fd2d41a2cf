import { z } from '../zod';

/** A required name field of a provider's source ("must name the project"). */
export const Name = (what: string) => z.string().check(z.trim(), z.minLength(1, `must name the ${what}`), z.maxLength(200));
