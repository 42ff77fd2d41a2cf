/** A value as the popup writes it in text: strings as they are, anything else as JSON. */
export const showValue = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
