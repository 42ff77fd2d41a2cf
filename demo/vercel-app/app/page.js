import { heroBanner, newCheckout } from '../flags';

// Read per request: the overrides cookie is the request's.
export const dynamic = 'force-dynamic';

export default async function Home() {
  const [checkout, banner] = await Promise.all([newCheckout(), heroBanner()]);
  return (
    <main>
      <h1>Vercel Flags demo</h1>
      <p>new-checkout: <span id="new-checkout">{JSON.stringify(checkout)}</span></p>
      <p>hero-banner: <span id="hero-banner">{JSON.stringify(banner)}</span></p>
    </main>
  );
}
