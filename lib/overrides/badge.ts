/**
 * The toolbar badge's colours: the popup's overrides banner uses the same ones (the light
 * scheme's --ft-override and --ft-error in components/ui/tokens.css; a unit test holds them
 * together), so the badge and the banner say the same thing in the same colour.
 */
export const BADGE_COLOURS = {
  /** The tab has overrides: the count on amber. */
  overrides: '#8a4b00',
  /** The tab's page loaded without its overrides: "!" on red. */
  warning: '#b3261e',
} as const;

/** The `commands` name of the shortcut that clears the active tab's overrides (wxt.config.ts). */
export const RESET_TAB_COMMAND = 'reset-tab';
