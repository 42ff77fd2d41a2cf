import { flag } from 'flags/next';

// Two flags as an app on the Vercel Flags SDK declares them. `decide` is what every visitor
// gets; the SDK returns an override instead when the request carries a vercel-flag-overrides
// cookie it can decrypt with FLAGS_SECRET (from the environment).
export const newCheckout = flag({
  key: 'new-checkout',
  description: 'The new checkout flow',
  options: [{ value: false, label: 'Off' }, { value: true, label: 'On' }],
  decide: () => false,
});

export const heroBanner = flag({
  key: 'hero-banner',
  description: 'Which hero banner the home page shows',
  options: [{ value: 'a', label: 'Banner A' }, { value: 'b', label: 'Banner B' }],
  decide: () => 'a',
});
